"""First paint: process start to the first frame showing the seeds' titles.

Runs `reader` (as its installed console script does: import reader.cli, call main) and a bare
Textual app (an input and an OptionList sidebar holding the same titles) side by side, alternating, each in
a pseudo-terminal rendered by pyte, and prints the median of several runs.

    python tests/benchmarks/first_paint.py [--runs 7] [--size 100x30]

Goal: reader ≤ 1.2 × bare. The package is byte-compiled first, as an installed one is (the
installed Textual already is): a shell with PYTHONDONTWRITEBYTECODE set would otherwise
compile reader's sources on every run and measure that.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import statistics
import sys
import time
from pathlib import Path

import pexpect
import pyte

REPO = Path(__file__).resolve().parents[2]

BARE_APP = r"""
import json, sys
from textual.app import App
from textual.containers import Horizontal
from textual.widgets import Input, OptionList, Static

TITLES = json.loads(sys.argv[1])

class Bare(App):
    CSS = "OptionList { width: 40; height: 1fr; } Static { width: 1fr; }"

    def compose(self):
        yield Input(placeholder="Filter")
        with Horizontal():
            yield OptionList(*TITLES)
            yield Static("")

    def on_key(self, event):
        if event.key == "q":
            self.exit()

Bare().run()
"""


def measure(command: list[str], needles: list[str], columns: int, lines: int, timeout: float = 30.0) -> float:
    """Seconds from spawn to the first screen showing every needle."""
    env = dict(os.environ, TERM="xterm-256color", PYTHONPATH=str(REPO))
    env.pop("NO_COLOR", None)
    screen = pyte.Screen(columns, lines)
    stream = pyte.ByteStream(screen)
    started = time.perf_counter()
    child = pexpect.spawn(command[0], command[1:], cwd=str(REPO), env=env, dimensions=(lines, columns))
    try:
        deadline = started + timeout
        while time.perf_counter() < deadline:
            try:
                data = child.read_nonblocking(1 << 16, timeout=0.5)
            except pexpect.TIMEOUT:
                continue
            stream.feed(data)
            text = "\n".join(screen.display)
            if all(needle in text for needle in needles):
                return time.perf_counter() - started
        raise RuntimeError(f"{command[:3]} never showed {needles}:\n" + "\n".join(screen.display))
    finally:
        child.terminate(force=True)
        child.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--size", default="100x30")
    options = parser.parse_args()
    columns, lines = (int(part) for part in options.size.split("x"))

    sys.path.insert(0, str(REPO))
    compileall.compile_dir(str(REPO / "reader"), quiet=1)
    from reader.ingest.files import load_corpus

    titles = [article.title for article in load_corpus([]).articles]
    needles = [title[:12] for title in titles]
    commands = {
        "reader": [sys.executable, "-c", "import sys; from reader.cli import main; sys.exit(main())"],
        "bare": [sys.executable, "-c", BARE_APP, json.dumps(titles)],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    measure(commands["bare"], needles, columns, lines)  # warm the OS file cache
    measure(commands["reader"], needles, columns, lines)
    for _ in range(options.runs):
        for name, command in commands.items():
            times[name].append(measure(command, needles, columns, lines))

    medians = {name: statistics.median(values) * 1000 for name, values in times.items()}
    print(f"first paint, {options.runs} runs each, {columns}x{lines}, seeds ({len(titles)} articles)")
    for name, values in times.items():
        runs = " ".join(f"{value * 1000:.0f}" for value in values)
        print(f"  {name:<7} median {medians[name]:6.0f} ms   min {min(values) * 1000:4.0f}   runs: {runs}")
    ratio = medians["reader"] / medians["bare"]
    of_minimums = min(times["reader"]) / min(times["bare"])
    print(f"  ratio   {ratio:.2f} × bare (goal ≤ 1.20); of the minimums {of_minimums:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
