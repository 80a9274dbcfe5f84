"""The whole app on a corpus, cold (fresh cache) then warm.

    python tests/benchmarks/bench.py CORPUS_DIR [--json] [--query "iran russia energy"]

How each number is measured (nothing here touches the user's cache: XDG_CACHE_HOME points
at a fresh temporary folder):

* ``build_articles_per_s``: the real ``reader CORPUS_DIR`` command in a pseudo-terminal
  (screen rendered by pyte), fresh cache; articles / seconds from process start until the
  footer stops saying "indexing…" (the list and the keyword filter are then complete).
* ``entities_articles_per_s``: same run; articles / seconds from the end of indexing until
  the footer stops saying "entities…" (the entity pass runs in the background on every core).
* ``warm_first_frame_ms``: the real command again (warm cache), process start to the first
  screen showing the newest article's title and the article count; median of three.
* ``keystroke_ms_median`` / ``keystroke_ms_max``: the app in-process (``App.run_test``,
  headless, same code, same warm cache), each key of the query pressed once the previous
  result is on screen; from the key press to the new list applied and a frame rendered.
* ``open_article_ms``: same session, median time from "j" in the filtered list to the next
  article open in the pane (file read, highlights, first screenful wrapped) and rendered.
* ``rss_mb``: peak RSS (VmHWM) of the real app process, the larger of the cold run and a warm
  run in which the query is typed and an article opened (worker processes not counted).
"""

from __future__ import annotations

import argparse
import asyncio
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

        env = dict(os.environ, TERM="xterm-256color", PYTHONPATH=str(REPO), XDG_CACHE_HOME=cache_home)
        env.pop("NO_COLOR", None)
        env.pop("TEXTUAL", None)
        self._timeout = pexpect.TIMEOUT
        self._eof = pexpect.EOF
        self.screen = pyte.Screen(COLUMNS, LINES)
        self.stream = pyte.ByteStream(self.screen)
        self.started = time.perf_counter()
        self.child = pexpect.spawn(sys.executable, ["-m", "reader", *args], cwd=str(REPO), env=env,
                                   dimensions=(LINES, COLUMNS))

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


def cold_run(corpus: str, cache_home: str, expected: int) -> dict:
    term = Terminal([corpus], cache_home)
    try:
        done = term.wait(lambda text: footer_count(expected) in text and "indexing" not in text,
                         what="the end of indexing")
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


def warm_session_rss(corpus: str, cache_home: str, needles: list[str], query: str, final: str) -> float:
    term = Terminal([corpus], cache_home)
    try:
        term.wait(lambda text: all(n in text for n in needles), timeout=60, what=str(needles))
        term.wait(lambda text: "indexing" not in text, timeout=600, what="sync done")
        term.child.send("/")
        for char in query:
            term.child.send(char)
            time.sleep(0.05)
        term.wait(lambda text: final in text, timeout=60, what=final)
        term.child.send("\r")
        time.sleep(0.2)
        for _ in range(5):
            term.child.send("j")
            time.sleep(0.2)
            term.pump()
        return term.peak_rss_mb()
    finally:
        term.quit()


async def in_process(corpus: str, cache_home: str, query: str) -> dict:
    os.environ["XDG_CACHE_HOME"] = cache_home
    from reader.ui.app import ReaderApp

    app = ReaderApp([corpus])
    keystrokes: list[tuple[str, float, int]] = []
    opens: list[float] = []
    async with app.run_test(size=(COLUMNS, LINES)) as pilot:
        while not app.loaded:
            await asyncio.sleep(0.05)
        while app.finding_entities or not app._loader.finished.is_set():
            await asyncio.sleep(0.05)  # typing is timed on an idle app
        await pilot.press("slash")
        await pilot.pause()
        typed = ""
        for char in query:
            typed += char
            began = time.perf_counter()
            await pilot.press("space" if char == " " else char)
            while app.applied_generation < app._filter_gen:
                await asyncio.sleep(0.0005)
            await pilot.pause()  # the frame with the new list
            keystrokes.append((typed, (time.perf_counter() - began) * 1000, len(app.sidebar.positions)))
        await pilot.press("enter")  # to the list
        await pilot.pause()
        for _ in range(12):
            before = app.pane.article
            began = time.perf_counter()
            await pilot.press("j")
            while app.pane.article is before:
                await asyncio.sleep(0.0005)
            await pilot.pause()
            opens.append((time.perf_counter() - began) * 1000)
        final = app.filter_bar.query_one("#filter-count").render()
    return {"keystrokes": keystrokes, "opens": opens, "final_count": str(final)}


def entity_fallback_rate(corpus: str, sample: int = 2000) -> float:
    """`collection_entities` throughput on a sample (used only if the app has no entity pass)."""
    from reader.entity_pass import collection_entities
    from reader.loading import load_corpus

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

    with tempfile.TemporaryDirectory(prefix="reader-bench-") as cache_home:
        from reader.index import Index, default_cache_dir

        os.environ["XDG_CACHE_HOME"] = cache_home
        assert str(default_cache_dir()).startswith(cache_home)
        files = sum(1 for _ in Path(corpus).rglob("*") if _.is_file())
        cold = cold_run(corpus, cache_home, files)
        with Index.open([corpus]) as index:
            total = index.count()
            newest = index.summaries(0, 1)[0].title
            entity_pass = hasattr(index, "sync_entities")
        needles = [" ".join(newest.split())[:20], footer_count(total)]
        frames = [warm_frame(corpus, cache_home, needles) * 1000 for _ in range(3)]
        measured = asyncio.run(in_process(corpus, cache_home, options.query))
        warm_rss = warm_session_rss(corpus, cache_home, needles, options.query, measured["final_count"])

    times = [ms for _, ms, _ in measured["keystrokes"]]
    entities_rate = total / cold["entities_s"] if entity_pass and cold["entities_s"] > 0 else entity_fallback_rate(corpus)
    results = {
        "build_articles_per_s": round(total / cold["build_s"]),
        "entities_articles_per_s": round(entities_rate),
        "warm_first_frame_ms": round(statistics.median(frames)),
        "keystroke_ms_median": round(statistics.median(times), 1),
        "keystroke_ms_max": round(max(times), 1),
        "open_article_ms": round(statistics.median(measured["opens"]), 1),
        "rss_mb": round(max(cold["rss_mb"], warm_rss)),
    }
    if not options.json:
        print(f"corpus {corpus}: {total:,} articles ({files:,} files)")
        for typed, ms, found in measured["keystrokes"]:
            print(f"  {typed!r:24} {ms:7.1f} ms  {found:7,} shown")
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
