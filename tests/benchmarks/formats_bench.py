"""Indexing and opening speed for each kind of source: the same articles as text files, saved
web pages, one JSON Lines dataset, CSV, RSS feed files and an mbox.

    python tests/benchmarks/formats_bench.py [--articles 20000] [--seed 1] [--per-file 500]
                                             [--formats text,html,jsonl,csv,rss,mbox] [--json]

The articles are make_corpus.py's (same seed, same articles), written out in each format under a
temporary folder (make_corpus.py --format), then for each: a cold `Index.sync()` (articles/s,
worker processes as the app uses them) and `Index.article(id)` on 20 rows spread over the list
(median and max ms: a record of a JSON Lines file is read from its own line; other files of many
articles are parsed whole, and the index keeps the last few such files parsed). Uses fresh
temporary caches, never the user's.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "benchmarks"))

from make_corpus import FORMATS, generate, write_format  # noqa: E402

from reader.index import Index  # noqa: E402


def measure(folder: Path) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as cache, Index.open([folder], cache_dir=Path(cache)) as index:
        started = time.perf_counter()
        index.sync()
        seconds = time.perf_counter() - started
        rows = index.articles()
        step = max(1, len(rows) // 20)
        opens = []
        for row in rows[::step][:20]:
            started = time.perf_counter()
            index.article(row.id)
            opens.append((time.perf_counter() - started) * 1000)
        return {
            "articles": len(rows),
            "build_articles_per_s": round(len(rows) / seconds),
            "open_ms_median": round(statistics.median(opens), 1),
            "open_ms_max": round(max(opens), 1),  # the first record of a file: the whole file parsed
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--per-file", type=int, default=500, help="items in each feed file")
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args(argv)
    articles = list(generate(options.articles, options.seed))
    results = {}
    with tempfile.TemporaryDirectory() as out:
        for kind in options.formats.split(","):
            folder = Path(out) / kind
            write_format(iter(articles), str(folder), kind, options.per_file)
            results[kind] = measure(folder)
            if not options.json:
                print(f"{kind:6} {results[kind]}", flush=True)
    if options.json:
        print(json.dumps(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
