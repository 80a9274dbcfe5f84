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
- cache_mb: the cache folder after all that; rss_mb: peak of this process, rss_workers_mb: of the largest worker.
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
        began = time.perf_counter()
        index = Index.open([options.corpus], cache_dir=cache_dir)
        report = index.sync()
        build_s = time.perf_counter() - began
        index.close()
        results["articles"] = report.added
        results["build_articles_per_s"] = round(report.added / build_s)
        results["build_s"] = round(build_s, 1)
        results["cache_mb_text"] = round(folder_mb(cache_dir))

        began = time.perf_counter()
        index = Index.open([options.corpus], cache_dir=cache_dir)
        count = index.count()
        index.summaries(0, 128)
        results["warm_open_ms"] = round((time.perf_counter() - began) * 1000)
        index.close()

        began = time.perf_counter()
        index = Index.open([options.corpus], cache_dir=cache_dir)
        rows = index.articles()
        results["warm_list_ms"] = round((time.perf_counter() - began) * 1000)
        assert len(rows) == count
        report_warm = index.sync()
        results["warm_synced_ms"] = round((time.perf_counter() - began) * 1000)
        results["warm_unchanged"] = report_warm.unchanged

        script = WARM_PROCESS.format(root=str(ROOT), corpus=options.corpus, cache=cache_dir)
        began = time.perf_counter()
        output = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
        results["warm_process_ms"] = round((time.perf_counter() - began) * 1000)
        results["warm_process_list_ms"] = round(float(output.split()[0]))

        timings = keystroke_times(index, options.query)
        timings += keystroke_times(index, options.query)  # typed again: caches warm
        times = [ms for _, ms, _ in timings]
        results["query_ms_median"] = round(statistics.median(times), 1)
        results["query_ms_max"] = round(max(times), 1)

        opened = []
        for position in range(0, len(rows), max(1, len(rows) // 50)):
            began = time.perf_counter()
            index.article(rows[position].id)
            opened.append((time.perf_counter() - began) * 1000)
        results["open_article_ms_median"] = round(statistics.median(opened), 2)

        if not options.no_entities:
            began = time.perf_counter()
            done = index.sync_entities()
            results["entities_articles_per_s"] = round(done / (time.perf_counter() - began))
            entity_times = [ms for _, ms, _ in keystroke_times(index, "person:lavrov") + keystroke_times(
                index, 'entity:"sergei lavrov"')]
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
