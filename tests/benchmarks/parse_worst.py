"""The worst time per kB of parse_article and find_entities, over adversarial and ordinary text.

    python tests/benchmarks/parse_worst.py            # every input (a few minutes, mostly the recogniser)
    python tests/benchmarks/parse_worst.py --quick    # the crafted files and the seeds only

The adversarial inputs are those of tests/corpus/test_linear_time.py (tests/corpus/redos_inputs.py):
files with a crafted run in their first lines and through the body, and files made of each regular
expression's own tokens. The ordinary ones are the bundled seed articles and random characters.
Linear parsing keeps the adversarial worst within a small factor of ordinary text; an input that
runs past --budget seconds (super-linear backtracking) is reported as such and the run goes on.
"""

from __future__ import annotations

import argparse
import signal
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
for folder in (ROOT, ROOT / "tests" / "corpus"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from redos_inputs import crafted_articles, pattern_articles, random_text  # noqa: E402

from reader.entities import find_entities  # noqa: E402
from reader.ingest.parse import parse_article  # noqa: E402


class _Budget(Exception):
    pass


def _alarm(_signum, _frame):
    raise _Budget


def _per_kb(function, text: str, budget: float, repeats: int) -> float:
    """Best milliseconds per kB (1000 characters) over ``repeats`` runs; infinity past the budget."""
    best = float("inf")
    for _ in range(repeats):
        signal.setitimer(signal.ITIMER_REAL, budget)
        started = time.perf_counter()
        try:
            function(text)
        except _Budget:
            return float("inf")
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        best = min(best, time.perf_counter() - started)
    return best * 1000 / max(len(text) / 1000, 0.001)


def _show(label: str, results: list[tuple[float, str]], budget: float) -> None:
    results.sort(reverse=True)
    worst, description = results[0]
    shown = f"over {budget:g} s" if worst == float("inf") else f"{worst:.3f} ms/kB"
    median = results[len(results) // 2][0]
    hanging = sum(1 for result, _ in results if result == float("inf"))
    counted = f"{len(results)} inputs" + (f", {hanging} over the budget" if hanging else "")
    print(f"  {label:<14} worst {shown:<14} median {median:.3f} ms/kB  ({counted})  worst: {description}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="crafted files and seeds only")
    parser.add_argument("--budget", type=float, default=20.0, help="seconds before an input counts as hanging")
    parser.add_argument("--repeats", type=int, default=3)
    options = parser.parse_args()
    signal.signal(signal.SIGALRM, _alarm)
    find_entities("warm up: Vladimir Putin in Moscow")  # loads the word lists

    seed_files = sorted((ROOT / "reader" / "_seeds").glob("*.txt"))
    seeds = [(f"seed {p.name}", p.read_text(encoding="utf-8")) for p in seed_files]
    ordinary = [
        *seeds,
        ("seeds joined, 100 kB", ("\n\n".join(text for _, text in seeds) * 40)[:100_000]),
        ("random characters, 100 kB", random_text(100_000, seed=1)),
    ]
    adversarial = [(description, text, entities) for description, text, entities in crafted_articles()]
    if not options.quick:
        adversarial += [(description, text, True) for description, text in pattern_articles()]

    for group, inputs in (("ordinary text", [(d, t, True) for d, t in ordinary]), ("adversarial text", adversarial)):
        parse, entities = [], []
        for description, text, with_entities in inputs:
            parse.append((_per_kb(parse_article, text, options.budget, options.repeats), description))
            if with_entities:
                entities.append((_per_kb(find_entities, text, options.budget, 1), description))
        print(f"{group}:")
        _show("parse_article", parse, options.budget)
        _show("find_entities", entities, options.budget)


if __name__ == "__main__":
    main()
