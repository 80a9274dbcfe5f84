"""Time the data layer alone: cold build, warm open, and a typed query, keystroke by keystroke.

    python tests/benchmarks/index_bench.py CORPUS_DIR [--query "iran russia energy"] [--json]

Uses a fresh temporary cache folder (never the user's). Measures the index without the UI;
tests/benchmarks/bench.py measures the whole app.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from reader.index import Index  # noqa: E402
from reader.query import QueryError, parse_query  # noqa: E402


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus")
    parser.add_argument("--query", default="iran russia energy")
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="reader-bench-") as cache_dir:
        began = time.perf_counter()
        index = Index.open([options.corpus], cache_dir=cache_dir)
        report = index.sync()
        build_s = time.perf_counter() - began
        index.close()

        began = time.perf_counter()
        index = Index.open([options.corpus], cache_dir=cache_dir)
        rows = index.articles()
        warm_list_ms = (time.perf_counter() - began) * 1000
        report_warm = index.sync()
        warm_synced_ms = (time.perf_counter() - began) * 1000

        timings = keystroke_times(index, options.query)
        timings += keystroke_times(index, options.query)  # typed again: caches warm
        times = [ms for _, ms, _ in timings]
        size_mb = sum(p.stat().st_size for p in Path(cache_dir).iterdir()) / 1e6
    results = {
        "articles": len(rows),
        "build_articles_per_s": round(report.added / build_s),
        "build_s": round(build_s, 1),
        "warm_list_ms": round(warm_list_ms),
        "warm_synced_ms": round(warm_synced_ms),
        "warm_unchanged": report_warm.unchanged,
        "query_ms_median": round(statistics.median(times), 1),
        "query_ms_max": round(max(times), 1),
        "cache_mb": round(size_mb),
        "rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }
    if not options.json:
        for text, ms, found in timings[: len(options.query)]:
            print(f"  {text!r:28} {ms:7.1f} ms  {found:7d} results")
        for key, value in results.items():
            print(f"{key:22} {value}")
    print(json.dumps(results) if options.json else "")
    return 0


if __name__ == "__main__":
    sys.exit(main())
