"""Monkey test, the long run: random fast key sessions against the app for N minutes.

    .venv/bin/python tests/benchmarks/monkey.py --minutes 5 [--seed 1]

Sessions alternate between the bundled seeds (in memory) and a small folder of hostile file
names and titles (read through the index, as `reader FOLDER` does), at 60x20, 80x24 and
120x40, each ending with Esc/q (the exit status must be 0). The first failure stops the run
and prints its seed, size, keys and traceback; otherwise it reports how long it ran and how
many sessions and keys passed. Exit status 0 when nothing failed, 1 otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ui"))

import monkey_helpers as monkey


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--steps", type=int, default=60, help="at most this many keys a session")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="reader-monkey-") as temporary:
        root = Path(temporary)
        monkey.apply_environment(monkey.private_environment(root))
        folder = root / "hostile"
        if monkey.can_name_hostile_files(root):
            monkey.hostile_folder(folder)
        else:
            folder = None
        return asyncio.run(run(args, root, folder))


async def run(args, root: Path, folder: Path | None) -> int:
    from reader.ui.app import ReaderApp

    pool = sorted(set(monkey.all_binding_keys()) | set(monkey.EXTRA_KEYS))
    started = time.monotonic()
    deadline = started + args.minutes * 60
    sessions = keys = 0
    seed = args.seed
    print(f"monkey: seed {seed}, {args.minutes:g} min, up to {args.steps} keys a session", flush=True)
    while time.monotonic() < deadline:
        rng = random.Random(seed)
        size = monkey.SIZES[sessions % len(monkey.SIZES)]
        on_folder = folder is not None and sessions % 2 == 1
        if on_folder:
            app = ReaderApp([str(folder)], cache_dir=str(root / f"cache-{sessions % 4}"))
        else:
            app = ReaderApp([], cache_dir=str(root / "cache-seeds"))  # the bundled seeds
        log: list[str] = []
        try:
            await monkey.run_session(
                app, lambda _kind, options: rng.choice(options), rng.randint(5, args.steps), size, pool, log
            )
        except BaseException as error:  # noqa: BLE001 - report whatever it was
            ran = time.monotonic() - started
            print(f"FAILED after {ran:.0f} s, {sessions} sessions, {keys} keys without failure")
            print(f"session seed {seed}, size {size[0]}x{size[1]}, {'hostile folder' if on_folder else 'seeds'}")
            print(f"keys: {log}")
            traceback.print_exception(error)
            return 1
        sessions += 1
        keys += len(log)
        seed += 1
        if sessions % 25 == 0:
            print(f"  {time.monotonic() - started:5.0f} s: {sessions} sessions, {keys} keys", flush=True)
    ran = time.monotonic() - started
    print(f"ran {ran:.0f} s ({ran / 60:.1f} min) without failure: {sessions} sessions, {keys} keys")
    return 0


if __name__ == "__main__":
    sys.exit(main())
