"""How long one --watch poll takes on a big tree (the figure quoted in reader/session/watch.py).

    python tests/benchmarks/watch_bench.py [FILES] [FOLDERS]    # default 100000 files in 1000 folders

The tree is made once in a temporary folder; timings are for a warm cache. Also times
reader.ingest.files.discover on the same tree, for comparison.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from reader.ingest.files import discover  # noqa: E402
from reader.session.watch import FolderWatcher, tree_signature  # noqa: E402


def make_tree(root: Path, files: int, folders: int) -> None:
    per_folder = max(1, files // folders)
    made = 0
    for number in range(folders):
        folder = root / f"folder{number:05d}"
        folder.mkdir()
        for item in range(per_folder):
            if made >= files:
                return
            (folder / f"article{item:05d}.txt").write_bytes(b"Title\n\nBody.\n")
            made += 1


def best_of(runs: int, work) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    files = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    folders = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        started = time.perf_counter()
        make_tree(root, files, folders)
        print(f"made {files:,} files in {folders:,} folders in {time.perf_counter() - started:.1f} s")
        signature = tree_signature([root])
        assert signature.files == files, signature
        scan = best_of(5, lambda: tree_signature([root]))
        walk = best_of(3, lambda: sum(1 for _ in discover([root])))
        watcher = FolderWatcher([root])
        watcher.poll()
        print(f"tree_signature: {scan * 1000:.0f} ms per poll (best of 5)")
        print(f"discover():     {walk * 1000:.0f} ms (for comparison; yields paths only, no stat kept)")
        print(f"effective interval after backoff: {watcher.interval:.1f} s (asked for {watcher.base_interval} s)")
        os.sync()


if __name__ == "__main__":
    main()
