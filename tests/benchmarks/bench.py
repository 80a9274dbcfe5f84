"""The whole app on a corpus, cold (fresh cache) then warm.

    python tests/benchmarks/bench.py CORPUS_DIR [--json] [--query "iran russia energy"]

How each number is measured (nothing here touches the user's cache, marks or settings: the
XDG cache, data and config homes point at a fresh temporary folder):

* ``build_articles_per_s``: the real ``reader CORPUS_DIR`` command in a pseudo-terminal
  (screen rendered by pyte), fresh cache; articles / seconds from process start until the
  footer stops saying "indexing…" (the list and the keyword filter are then complete). Any
  format make_corpus.py writes (``--format``) is measured the same way.
* ``entities_articles_per_s``: same run; articles / seconds from the end of indexing until
  the footer stops saying "entities…" (the entity pass runs in the background on every core).
* ``warm_first_frame_ms``: the real command again (warm cache), process start to the first
  screen showing the newest article's title and the article count; median of three.
* ``keystroke_ms_median`` / ``keystroke_ms_max``: the real command (warm, after its
  background sync), each key of the query written to the terminal once the previous result
  is on screen; from the write to the first screen showing the typed text and the right
  count ("7,211 of 100,000", computed beforehand with the index), looked for in the raw
  output bytes (so the harness's own screen parsing isn't timed). Keys that don't change
  the count are timed to the echo of the typed text. (Pilot's ``press`` was
  tried first: it adds ~85 ms of its own per key on this loaded machine, so it isn't used.)
* ``open_article_ms``: same session, filter cleared and "g" to the newest article, median time
  from "j" in the list to the screen (pyte) showing the next article's "N words" line (steps
  between equal counts skipped): file read, header, first screenful wrapped; includes the
  harness's parsing.
* ``rss_mb``: peak RSS (VmHWM) of the real app process, the larger of the cold run and a warm
  run in which the query is typed and an article opened (worker processes not counted).
* the story views' figures (facets and timeline per keystroke of the query, related articles,
  same-story grouping, the sketches' share of the entity pass): story_bench.py, on the cache the
  cold run built.

The package is byte-compiled first, as an installed one is.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

COLUMNS, LINES = 120, 36


class Terminal:
    """``python -m reader ARGS`` in a pseudo-terminal, screen kept by pyte."""

    def __init__(self, args: list[str], cache_home: str) -> None:
        import pexpect
        import pyte

        env = dict(
            os.environ,
            TERM="xterm-256color",
            PYTHONPATH=str(REPO),
            XDG_CACHE_HOME=cache_home,
            XDG_DATA_HOME=cache_home,
            XDG_CONFIG_HOME=cache_home,
        )
        env.pop("NO_COLOR", None)
        env.pop("TEXTUAL", None)
        self._timeout = pexpect.TIMEOUT
        self._eof = pexpect.EOF
        self.screen = pyte.Screen(COLUMNS, LINES)
        self.stream = pyte.ByteStream(self.screen)
        self.started = time.perf_counter()
        self.child = pexpect.spawn(
            sys.executable, ["-m", "reader", *args], cwd=str(REPO), env=env, dimensions=(LINES, COLUMNS)
        )
        # pexpect sleeps 50 ms before every send by default; a key is pressed when its bytes
        # reach the terminal, so that sleep must not be timed as the app's latency.
        self.child.delaybeforesend = None

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def pump(self, seconds: float = 0.02) -> None:
        try:
            self.stream.feed(self.child.read_nonblocking(1 << 20, timeout=seconds))
        except (self._timeout, self._eof):
            pass

    def wait(self, condition, timeout: float = 3600.0, what: str = "") -> float:
        """Seconds since spawn when ``condition(screen_text)`` first held."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            self.pump()
            if condition(self.text()):
                return time.perf_counter() - self.started
            if not self.child.isalive():
                break
        raise RuntimeError(f"never saw {what}:\n{self.text()}")

    def wait_raw(self, needles: list[bytes], timeout: float = 30.0) -> float:
        """Seconds since ``started`` until the output written since then contains every needle
        (checked on the raw bytes, so the harness's own screen parsing is not timed)."""
        seen = b""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            try:
                data = self.child.read_nonblocking(1 << 20, timeout=0.005)
            except self._timeout:
                continue
            except self._eof:
                break
            seen += data
            if all(needle in seen for needle in needles):
                elapsed = time.perf_counter() - self.started
                self.stream.feed(seen)
                return elapsed
        self.stream.feed(seen)
        raise RuntimeError(f"never saw {needles} in the output:\n{self.text()}")

    def peak_rss_mb(self) -> float:
        status = Path(f"/proc/{self.child.pid}/status").read_text()
        return int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024

    def quit(self) -> None:
        self.child.send("\x03")  # ctrl+c: the app's own quit
        deadline = time.perf_counter() + 20
        while self.child.isalive() and time.perf_counter() < deadline:
            self.pump(0.05)
        if self.child.isalive():
            self.child.terminate(force=True)
        self.child.close()


def footer_count(count: int) -> str:
    return f"{count:,} article{'s' if count != 1 else ''}"


def cold_run(corpus: str, cache_home: str, files: int) -> dict:
    """The cold run; the end of indexing is the footer counting every file's article when the corpus
    is of text files, else (a file holds many) the footer no longer saying "indexing"."""
    term = Terminal([corpus], cache_home)
    try:
        if all(path.suffix == ".txt" for path in Path(corpus).rglob("*") if path.is_file()):
            done = term.wait(
                lambda text: footer_count(files) in text and "indexing" not in text, what="the end of indexing"
            )
        else:
            term.wait(lambda text: "indexing" in text, what="indexing under way")
            done = term.wait(lambda text: "indexing" not in text, what="the end of indexing")
        entities = term.wait(lambda text: "entities" not in text, what="the end of the entity pass")
        rss = term.peak_rss_mb()
    finally:
        term.quit()
    return {"build_s": done, "entities_s": entities - done, "rss_mb": rss}


def warm_frame(corpus: str, cache_home: str, needles: list[str]) -> float:
    term = Terminal([corpus], cache_home)
    try:
        return term.wait(lambda text: all(n in text for n in needles), timeout=60, what=str(needles))
    finally:
        term.quit()


def typing_session(
    corpus: str, cache_home: str, needles: list[str], query: str, expected: list[str], steps: list[str]
) -> dict:
    """Warm session in the pty: type the query, then step through the results; peak RSS at the end."""
    term = Terminal([corpus], cache_home)
    first, steps = steps[0], steps[1:]
    keys: list[tuple[str, float]] = []
    opens: list[float] = []
    try:
        term.wait(lambda text: all(n in text for n in needles), timeout=60, what=str(needles))
        term.wait(lambda text: "indexing" not in text and "entities" not in text, timeout=3600, what="sync done")
        term.child.send("/")
        time.sleep(0.3)
        term.pump(0.2)
        typed = ""
        previous = None
        for char, count in zip(query, expected, strict=True):
            typed += char
            needles = [typed.rstrip().encode()] + ([count.encode()] if count != previous else [])
            previous = count
            term.started = time.perf_counter()
            term.child.send(char)
            keys.append((typed, term.wait_raw(needles) * 1000))
            time.sleep(0.05)
            term.pump(0.05)
        # Esc clears the filter and goes back to the list, which keeps the open article (the top
        # match, scrolled to its first match: the header we look for is hidden); g goes to the
        # newest article, from which each j opens the next.
        term.child.send("\x1b")
        term.wait(lambda text: query not in text, timeout=30, what="the filter cleared")
        term.child.send("g")
        term.wait(lambda text: first in text, timeout=30, what=first)
        previous = first
        for needle in steps:
            term.pump(0.05)
            term.started = time.perf_counter()
            term.child.send("j")
            # The screen, not the raw bytes: Textual may rewrite only the characters that changed.
            elapsed = term.wait(lambda text: needle in text, timeout=10, what=needle) * 1000
            if needle != previous:
                opens.append(elapsed)
            previous = needle
            time.sleep(0.1)
        rss = term.peak_rss_mb()
    finally:
        term.quit()
    return {"keystrokes": keys, "opens": opens, "rss_mb": rss}


def expectations(corpus: str, query: str) -> tuple[list[str], list[str]]:
    """The count label after each key, and the words lines of the newest articles ("g", then "j"s)."""
    from reader.index import Index
    from reader.query import QueryError, parse_query

    counts = []
    with Index.open([corpus]) as index:
        total = index.count()
        last = f"{total:,} articles"
        for end in range(1, len(query) + 1):
            try:
                parsed = parse_query(query[:end])
            except QueryError:
                counts.append(last)
                continue
            last = f"{len(index.search(parsed)):,} of {total:,}" if not parsed.is_empty else f"{total:,} articles"
            counts.append(last)
        rows = index.summaries(0, 13)
    return counts, [f"{row.words:,} words" for row in rows]


def entity_fallback_rate(corpus: str, sample: int = 2000) -> float:
    """`collection_entities` throughput on a sample (used only if the app has no entity pass)."""
    from reader.entities.collection import collection_entities
    from reader.ingest.files import load_corpus

    articles = load_corpus([corpus]).articles[:sample]
    began = time.perf_counter()
    collection_entities(articles)
    return len(articles) / (time.perf_counter() - began)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--query", default="iran russia energy")
    options = parser.parse_args(argv)
    corpus = str(Path(options.corpus).resolve())
    compileall.compile_dir(str(REPO / "reader"), quiet=1)  # as installed (see first_paint.py)

    with tempfile.TemporaryDirectory(prefix="reader-bench-") as cache_home:
        from reader.index import Index, default_cache_dir

        os.environ["XDG_CACHE_HOME"] = cache_home
        assert str(default_cache_dir()).startswith(cache_home)
        files = sum(1 for _ in Path(corpus).rglob("*") if _.is_file())
        cold = cold_run(corpus, cache_home, files)
        print(f"cold: {cold}", file=sys.stderr, flush=True)
        with Index.open([corpus]) as index:
            total = index.count()
            newest = index.summaries(0, 1)[0].title
            entity_pass = hasattr(index, "sync_entities")
        needles = [" ".join(newest.split())[:20], footer_count(total)]
        frames = [warm_frame(corpus, cache_home, needles) * 1000 for _ in range(3)]
        print(f"warm first frames: {frames}", file=sys.stderr, flush=True)
        counts, steps = expectations(corpus, options.query)
        measured = typing_session(corpus, cache_home, needles, options.query, counts, steps)
        warm_rss = measured["rss_mb"]
        from story_bench import measure as story_figures  # (beside this script)

        stories = story_figures(corpus, options.query)  # on the cache the cold run built

    times = [ms for _, ms in measured["keystrokes"]]
    measured_pass = entity_pass and cold["entities_s"] > 0
    entities_rate = total / cold["entities_s"] if measured_pass else entity_fallback_rate(corpus)
    results = {
        "build_articles_per_s": round(total / cold["build_s"]),
        "entities_articles_per_s": round(entities_rate),
        "warm_first_frame_ms": round(statistics.median(frames)),
        "keystroke_ms_median": round(statistics.median(times), 1),
        "keystroke_ms_max": round(max(times), 1),
        "open_article_ms": round(statistics.median(measured["opens"]), 1),
        "rss_mb": round(max(cold["rss_mb"], warm_rss)),
    } | {key: value for key, value in stories.items() if key != "articles"}
    if not options.json:
        print(f"corpus {corpus}: {total:,} articles ({files:,} files)")
        for (typed, ms), count in zip(measured["keystrokes"], counts, strict=True):
            print(f"  {typed!r:24} {ms:7.1f} ms  {count}")
        print(f"  warm first frames: {' '.join(f'{f:.0f}' for f in frames)} ms")
        print(f"  opens: {' '.join(f'{o:.0f}' for o in measured['opens'])} ms")
        print(f"  peak RSS: cold {cold['rss_mb']:.0f} MB, warm {warm_rss:.0f} MB")
        if not entity_pass:
            print("  (entity pass not in the app: collection_entities on a 2,000-article sample)")
        print()
        print(f"{'metric':26} {'value':>10}")
        for key, value in results.items():
            print(f"{key:26} {value:>10}")
    print(json.dumps(results) if options.json else "")
    return 0


if __name__ == "__main__":
    sys.exit(main())
