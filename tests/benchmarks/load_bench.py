"""Loading speed: hostile big files and articles/s on a folder. Prints figures; asserts nothing.

python tests/benchmarks/load_bench.py [FOLDER]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from reader.ingest.dates import DATE_PATTERN
from reader.ingest.files import load_corpus, seeds_dir

CASES = {
    "5 MB single line": "word " * 1_000_000,
    "200,000 lines": "A line of article text here.\n" * 200_000,
    "100,000-character word": "Headline\n\n" + "y" * 100_000 + " end.\n",
    "digits and month names (regex stress)": "1" * 50_000 + " " + "January " * 5_000 + "-" * 50_000,
}


def timed(function):
    started = time.perf_counter()
    result = function()
    return result, time.perf_counter() - started


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        for name, content in CASES.items():
            path = Path(folder) / "case.txt"
            path.write_text(content)
            corpus, seconds = timed(lambda: load_corpus([path]))
            print(f"{name:40} {seconds * 1000:8.1f} ms  ({len(corpus.articles)} article)")
    _, seconds = timed(lambda: list(DATE_PATTERN.finditer(CASES["digits and month names (regex stress)"])))
    print(f"{'date regex over the stress text':40} {seconds * 1000:8.1f} ms")
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else seeds_dir()
    repeat = 1 if len(sys.argv) > 1 else 200
    corpus, seconds = timed(lambda: [load_corpus([folder]) for _ in range(repeat)][-1])
    count = len(corpus.articles) * repeat
    print(f"{'load + parse ' + str(folder.name):40} {count / seconds:8.0f} articles/s ({count} articles)")


if __name__ == "__main__":
    main()
