"""Time the data layer alone: cold build, warm open, a typed query keystroke by keystroke, the entity pass.

    python tests/benchmarks/index_bench.py CORPUS_DIR [--query "iran russia energy"] [--no-entities] [--json]

Uses a fresh temporary cache folder (never the user's). Measures the index without the UI;
tests/benchmarks/bench.py measures the whole app. Figures:

- build_articles_per_s: cold `sync()` (parse in worker processes, insert here), articles/s;
- warm_open_ms: `Index.open` + the first screen of rows (`count()` + `summaries(0, 128)`), as the app does;
- warm_list_ms: `Index.open` + the whole list (`articles()`);
- warm_process_ms: a new Python process: start → imports → open → whole list (what a user waits for);
- warm_synced_ms: warm open + `sync()` (re-stat every file, nothing to parse);
- query_ms_median / query_ms_max: `search(parse_query(prefix))` for each prefix of the typed query, twice;
- entities_articles_per_s: `sync_entities()` on every core (skipped with --no-entities);
- open_article_ms_median: `article(id)` (reads and parses the file again);
- cache_mb: the cache folder after all that; rss_mb: peak of this process, rss_workers_mb: of the largest worker;
  rss_build_mb / rss_warm_mb / rss_entities_mb: peak during the cold build, during the app's warm path
  (open, first rows, sync, queries, opening articles: no whole list) and during the entity pass.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reader.index import Index  # noqa: E402
from reader.query import QueryError, parse_query  # noqa: E402

WARM_PROCESS = """
import sys, time
began = time.perf_counter()
sys.path.insert(0, {root!r})
from reader.index import Index
index = Index.open([{corpus!r}], cache_dir={cache!r})
rows = index.articles()
print((time.perf_counter() - began) * 1000, len(rows))
"""


class PeakRss:
    """Peak resident memory of this process between start() and stop(), sampled every 5 ms."""

    def __init__(self):
        self.peak = 0
        self.running = False

    @staticmethod
    def now_mb() -> float:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1048576

    def start(self) -> PeakRss:
        self.peak, self.running = self.now_mb(), True
        threading.Thread(target=self._run, daemon=True).start()
        return self

    def _run(self) -> None:
        while self.running:
            self.peak = max(self.peak, self.now_mb())
            time.sleep(0.005)

    def stop(self) -> int:
        self.running = False
        return round(max(self.peak, self.now_mb()))


def keystroke_times(index: Index, typed: str) -> list[tuple[str, float, int]]:
    timings = []
    for end in range(1, len(typed) + 1):
        text = typed[:end]
        began = time.perf_counter()
        try:
            found = len(index.search(parse_query(text)))
        except QueryError:
            found = -1
        timings.append((text, (time.perf_counter() - began) * 1000, found))
    return timings


def folder_mb(folder: str) -> float:
    return sum(p.stat().st_size for p in Path(folder).iterdir() if p.is_file()) / 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus")
    parser.add_argument("--query", default="iran russia energy")
    parser.add_argument("--no-entities", action="store_true", help="skip the entity pass")
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args(argv)
    results: dict[str, float | int] = {}

    with tempfile.TemporaryDirectory(prefix="reader-bench-") as cache_dir:
        rss = PeakRss().start()
        began = time.perf_counter()
        index = Index.open([options.corpus], cache_dir=cache_dir)
        report = index.sync()
        build_s = time.perf_counter() - began
        index.close()
        results["rss_build_mb"] = rss.stop()
        results["articles"] = report.added
        results["build_articles_per_s"] = round(report.added / build_s)
        results["build_s"] = round(build_s, 1)
        results["cache_mb_text"] = round(folder_mb(cache_dir))

        rss = PeakRss().start()
        began = time.perf_counter()
        index = Index.open([options.corpus], cache_dir=cache_dir)
        count = index.count()
        first_rows = index.summaries(0, 128)
        results["warm_open_ms"] = round((time.perf_counter() - began) * 1000)
        report_warm = index.sync()
        results["warm_synced_ms"] = round((time.perf_counter() - began) * 1000)
        results["warm_unchanged"] = report_warm.unchanged
        timings = keystroke_times(index, options.query)
        timings += keystroke_times(index, options.query)  # typed again: caches warm
        times = [ms for _, ms, _ in timings]
        results["query_ms_median"] = round(statistics.median(times), 1)
        results["query_ms_max"] = round(max(times), 1)
        opened = []
        for position in range(0, count, max(1, count // 50)):
            summary = index.summaries(position, position + 1)[0]
            began = time.perf_counter()
            index.article(summary.id)
            opened.append((time.perf_counter() - began) * 1000)
        results["open_article_ms_median"] = round(statistics.median(opened), 2)
        results["rss_warm_mb"] = rss.stop()
        index.close()
        del first_rows

        began = time.perf_counter()
        index = Index.open([options.corpus], cache_dir=cache_dir)
        rows = index.articles()
        results["warm_list_ms"] = round((time.perf_counter() - began) * 1000)
        assert len(rows) == count
        del rows
        index.close()

        script = WARM_PROCESS.format(root=str(ROOT), corpus=options.corpus, cache=cache_dir)
        began = time.perf_counter()
        output = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
        results["warm_process_ms"] = round((time.perf_counter() - began) * 1000)
        results["warm_process_list_ms"] = round(float(output.split()[0]))

        index = Index.open([options.corpus], cache_dir=cache_dir)
        if not options.no_entities:
            rss = PeakRss().start()
            began = time.perf_counter()
            done = index.sync_entities()
            results["entities_articles_per_s"] = round(done / (time.perf_counter() - began))
            results["rss_entities_mb"] = rss.stop()
            entity_times = [
                ms
                for _, ms, _ in keystroke_times(index, "person:lavrov")
                + keystroke_times(index, 'entity:"sergei lavrov"')
            ]
            results["entity_query_ms_max"] = round(max(entity_times), 1)
        index.close()
        results["cache_mb"] = round(folder_mb(cache_dir))
    results["rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    results["rss_workers_mb"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
    if not options.json:
        for text, ms, found in timings[: len(options.query)]:
            print(f"  {text!r:28} {ms:7.1f} ms  {found:7d} results")
        for key, value in results.items():
            print(f"{key:24} {value}")
    print(json.dumps(results) if options.json else "")
    return 0


if __name__ == "__main__":
    sys.exit(main())
