"""`--watch`: notice new, changed and deleted article files by polling, with no dependency.

Each poll walks the folders with the rules of :func:`reader.loading.discover` (same
files, same skipped dot-names, same symlink handling, same problems) and folds every
file's path, size, mtime and inode into one number. Only that number and a count are
kept, so memory stays constant whatever the collection's size.

Cost, measured (tests/benchmarks/watch_bench.py, warm cache, 2-core VM): one ``stat``
per text file plus one per folder; 100,000 files in 1,000 folders take about 0.43 s a
poll (the stats alone 0.27 s; ``discover()`` itself takes 0.9 s). Folder mtimes can't
stand in for file stats — rewriting a file in place leaves its folder alone — so there
is no cheaper honest scan. Instead the interval backs off: a poll waits at least
``BUDGET`` × the last scan's duration, so watching takes at most ~1/BUDGET (5 %) of one
core — at 100,000 files a poll every ~8.5 s instead of 2 s — and never waits more than
``max_interval``. Run polls in a worker thread: a scan never blocks the UI.
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from reader.loading import is_text_name

BUDGET = 20  # wait at least this many times the last scan's duration between polls
_MASK = (1 << 64) - 1


@dataclass(frozen=True, slots=True)
class TreeSignature:
    """What a scan saw. Equal signatures: nothing discover() would report has changed.

    ``digest`` uses Python's ``hash``, which is salted per process: compare signatures
    within one process only.
    """

    files: int
    problems: int
    digest: int


def tree_signature(roots: Iterable[str | os.PathLike]) -> TreeSignature:
    """Scan ``roots`` as :func:`reader.loading.discover` does and fold what it finds."""
    scan = _Scan()
    for root in roots:
        scan.walk(os.fspath(root), explicit=True)
    return TreeSignature(scan.files, scan.problems, scan.digest)


class _Scan:
    """discover()'s walk, with ``os.scandir`` so that most entries cost no extra stat."""

    __slots__ = ("seen_dirs", "seen_files", "files", "problems", "digest")

    def __init__(self) -> None:
        self.seen_dirs: set[tuple[int, int]] = set()
        self.seen_files: set[tuple[int, int]] = set()
        self.files = self.problems = self.digest = 0

    def walk(self, path: str, *, explicit: bool) -> None:
        try:
            info = os.stat(path)
        except FileNotFoundError:
            if os.path.islink(path):
                self.problem(path, "dangling")
            return
        except OSError as error:
            self.problem(path, error.errno)
            return
        if stat.S_ISDIR(info.st_mode):
            self.folder(path, info)
        elif explicit or is_text_name(os.path.basename(path)):
            self.file(path, info)

    def folder(self, path: str, info: os.stat_result) -> None:
        key = (info.st_dev, info.st_ino)
        if key in self.seen_dirs:
            return
        self.seen_dirs.add(key)
        try:
            with os.scandir(path) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as error:
            self.problem(path, error.errno)
            return
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            try:
                is_folder = entry.is_dir()  # follows symlinks; free (d_type) for plain folders
            except OSError:
                is_folder = False
            if is_folder:
                self.walk(entry.path, explicit=False)
            elif is_text_name(name):
                try:
                    child = entry.stat()  # follows symlinks, like discover()'s os.stat
                except FileNotFoundError:
                    if entry.is_symlink():
                        self.problem(entry.path, "dangling")
                    continue
                except OSError as error:
                    self.problem(entry.path, error.errno)
                    continue
                self.file(entry.path, child)

    def file(self, path: str, info: os.stat_result) -> None:
        if not stat.S_ISREG(info.st_mode):
            self.problem(path, stat.S_IFMT(info.st_mode))
            return
        key = (info.st_dev, info.st_ino)
        if key in self.seen_files:
            return
        self.seen_files.add(key)
        self.files += 1
        self.digest = (self.digest + hash((path, info.st_size, info.st_mtime_ns, info.st_ino))) & _MASK

    def problem(self, path: str, what: object) -> None:
        self.problems += 1
        self.digest = (self.digest + hash(("!", path, what))) & _MASK


class FolderWatcher:
    """Tell, poll by poll, whether the article files under ``roots`` changed.

    The first poll (or :meth:`reset`) records the current state and reports no change.
    Not thread-safe: poll from one thread at a time (the app's watch worker).
    """

    def __init__(
        self,
        roots: Iterable[str | os.PathLike],
        interval: float = 2.0,
        *,
        max_interval: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.roots = [Path(root) for root in roots]
        self.base_interval = interval
        self.max_interval = max(interval, max_interval)
        self._clock = clock
        self.signature: TreeSignature | None = None
        self.last_scan_seconds = 0.0
        self._last_poll: float | None = None

    @property
    def interval(self) -> float:
        """Seconds between polls: the requested interval, stretched for slow scans."""
        return min(self.max_interval, max(self.base_interval, BUDGET * self.last_scan_seconds))

    def due(self) -> bool:
        return self._last_poll is None or self._clock() - self._last_poll >= self.interval

    def poll(self) -> bool:
        """Scan now; True when something discover() would report differs from the last scan."""
        started = time.perf_counter()
        signature = tree_signature(self.roots)
        self.last_scan_seconds = time.perf_counter() - started
        self._last_poll = self._clock()
        previous, self.signature = self.signature, signature
        return previous is not None and previous != signature

    def check(self) -> bool:
        """Poll if the interval has passed; call this as often as you like (e.g. every second)."""
        return self.poll() if self.due() else False

    def reset(self) -> None:
        """Take the current state as the baseline (after a manual reload, say)."""
        self.signature = None
        self.poll()
