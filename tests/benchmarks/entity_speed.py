"""Words per second of find_entities on news text, and a check that time grows linearly with size.

    python tests/benchmarks/entity_speed.py

Runs on one core: the seeds repeated (about 1 MB), then a 5 MB text, whose rate should match.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from reader.entities import find_entities  # noqa: E402


def _rate(text: str, repeats: int = 1) -> tuple[float, float, int]:
    words = len(text.split())
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        entities = find_entities(text)
        best = min(best, time.perf_counter() - started)
    return words / best, best, len(entities)


def main() -> None:
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    find_entities("warm up: Vladimir Putin in Moscow")  # loads the word lists
    per_article = []
    started = time.perf_counter()
    rounds = 40
    for _ in range(rounds):
        for text in seeds:
            per_article.append(find_entities(text))
    elapsed = time.perf_counter() - started
    words = rounds * sum(len(t.split()) for t in seeds)
    print(f"seeds, article by article: {words / elapsed:,.0f} words/s ({words:,} words in {elapsed:.2f} s)")

    corpus = "\n\n".join(seeds)
    for target in (1_000_000, 5_000_000):
        text = (corpus * (target // len(corpus) + 1))[:target]
        rate, seconds, count = _rate(text, repeats=2)
        print(f"{target / 1e6:.0f} MB text: {rate:,.0f} words/s ({seconds:.2f} s, {count:,} entities)")


if __name__ == "__main__":
    main()
