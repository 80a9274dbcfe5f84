"""What the passes over a collection's files share: the sync (reader.index.indexer) and the
entity pass (reader.index.entity_store).

`PassHost` is the part of `reader.index.Index` a pass drives: its folders, its reader and writer
connections, and the in-memory views to drop after a write. The passes take it, not the class,
so that the index imports them and they never import the index. `batched` commits their results
in batches that start small, so a cold start shows articles quickly, and grow, so a long pass
writes fewer, bigger FTS5 segments.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Protocol, TypeVar

from reader.model import Problem

BATCH_SECONDS = 0.25  # the first batch, so that a cold start shows articles quickly
MAX_BATCH_SECONDS = 1.0  # later batches grow to this (fewer, bigger FTS5 segments)
MAX_BATCH_ITEMS = 250  # ... or hold this many results (files' articles' text is in memory until committed)
PARALLEL_FROM = 200  # items before worker processes are worth their start-up

Item = TypeVar("Item")
Answer = TypeVar("Answer")


class PassHost(Protocol):
    """The index a pass runs on (implemented by `reader.index.Index`)."""

    #: The folders (or files) of the collection; empty: the bundled seeds.
    roots: list[Path]
    #: Files found changed while reading articles: the next sync reads them again.
    stale: set[str]
    notices: list[str]

    def problems(self) -> list[Problem]: ...

    def _read(self, run: Callable[[sqlite3.Connection], Answer], default: Answer) -> Answer: ...

    def _write(self, run: Callable[[sqlite3.Connection], Answer], atomic: bool = True) -> Answer: ...

    def _forget_loaded(self) -> None: ...

    def _forget_entity_table(self) -> None: ...

    def _recover(self, error: sqlite3.DatabaseError) -> None: ...


def batched(results: Iterable[Item], flush: Callable[[list[Item]], None]) -> None:
    """Hand results to ``flush`` in batches of growing duration (BATCH_SECONDS up to MAX_BATCH_SECONDS)."""
    pending: list[Item] = []
    interval = BATCH_SECONDS
    deadline = time.monotonic() + interval
    for result in results:
        pending.append(result)
        if len(pending) >= MAX_BATCH_ITEMS or time.monotonic() >= deadline:
            flush(pending)
            pending = []
            interval = min(MAX_BATCH_SECONDS, interval * 2)
            deadline = time.monotonic() + interval
    if pending:
        flush(pending)
