"""The story views on an indexed corpus: facets, the timeline, related articles, same-story groups.

    python tests/benchmarks/story_bench.py CORPUS_DIR [--cache-home DIR] [--query "iran russia energy"] [--json]

The corpus is indexed first (sync and entity pass) unless the cache in ``--cache-home`` (an
XDG cache home, default: a fresh temporary folder) already holds it. Figures:

* ``entity_counts_build_s``: loading every article's entities into countable arrays and the
  frequent ones' bitsets, once per list (the app does it in a worker the first time the Results
  view is shown).
* ``facets_ms_median`` / ``facets_ms_max``: counting the names of the matches of each prefix of
  the query, as it is typed (what the Results view does after a keystroke), top 40 per kind.
* ``timeline_ms_median`` / ``timeline_ms_max``: the timeline's buckets for the same matches.
* ``related_ms_median`` / ``related_ms_max``: `Index.related` for 25 articles spread over the
  collection (opened once before, as in the app: the file read is not what is timed).
* ``group_stories_s``: grouping the same story across the collection, as after an entity pass.
* ``sketch_share_pct``: the sketches' cost against the recogniser's, per article, on a sample:
  what near-copy detection adds to the entity pass (the sync itself is unchanged).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))


def prefixes(query: str) -> list[str]:
    return [query[:end] for end in range(1, len(query) + 1) if not query[:end].endswith(" ")]


def measure(corpus: str, query: str) -> dict[str, float]:
    from reader.index import Index
    from reader.index.story_store import group_stories
    from reader.query import QueryError, parse_query
    from reader.session.timeline import build_timeline

    with Index.open([corpus]) as index:
        started = time.perf_counter()
        index.sync()
        index.sync_entities()
        print(f"indexed in {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
        rows = index.articles()
        started = time.perf_counter()
        counts = index.entity_counts()
        counts.prepare()
        build_s = time.perf_counter() - started
        gc.collect()
        gc.freeze()  # (as the app does once it has started: no collection walks the loaded rows)
        facets_ms, timeline_ms = [], []
        for typed in prefixes(query):
            try:
                positions = index.search(parse_query(typed))
            except QueryError:
                continue
            started = time.perf_counter()
            counts.facets(positions, 40)
            facets_ms.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            build_timeline(index.sort_keys(), positions, 40)
            timeline_ms.append((time.perf_counter() - started) * 1000)
        step = max(1, len(rows) // 25)
        related_ms = []
        for position in range(0, len(rows), step)[:25]:
            article_id = rows[position].id
            index.article(article_id)
            started = time.perf_counter()
            index.related(article_id)
            related_ms.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        index._write(group_stories)
        group_s = time.perf_counter() - started
        sample = [index.article(rows[position].id) for position in range(0, len(rows), max(1, len(rows) // 300))]
    texts = [article.text for article in sample if article is not None]
    return {
        "articles": len(rows),
        "entity_counts_build_s": round(build_s, 2),
        "facets_ms_median": round(statistics.median(facets_ms), 1),
        "facets_ms_max": round(max(facets_ms), 1),
        "timeline_ms_median": round(statistics.median(timeline_ms), 1),
        "timeline_ms_max": round(max(timeline_ms), 1),
        "related_ms_median": round(statistics.median(related_ms), 1),
        "related_ms_max": round(max(related_ms), 1),
        "group_stories_s": round(group_s, 2),
        "sketch_share_pct": round(sketch_share(texts) * 100, 1),
    }


def sketch_share(texts: list[str]) -> float:
    """The sketches' time over the recogniser's, on the same texts."""
    from reader.entities import find_entities
    from reader.stories.sketch import text_sketch

    find_entities("warm up")
    started = time.perf_counter()
    for text in texts:
        text_sketch(text)
    sketches = time.perf_counter() - started
    started = time.perf_counter()
    for text in texts:
        find_entities(text)
    return sketches / (time.perf_counter() - started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus")
    parser.add_argument("--cache-home", help="an XDG cache home holding the corpus's index (default: a fresh one)")
    parser.add_argument("--query", default="iran russia energy")
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args(argv)
    corpus = str(Path(options.corpus).resolve())
    with tempfile.TemporaryDirectory(prefix="reader-story-bench-") as fresh:
        os.environ["XDG_CACHE_HOME"] = options.cache_home or fresh
        results = measure(corpus, options.query)
    if options.json:
        print(json.dumps(results))
    else:
        for key, value in results.items():
            print(f"{key:26} {value:>10}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
