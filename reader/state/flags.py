"""Which articles of a collection carry the read and starred flags, for the index's ``is:`` filters.

Marks are keyed by content (reader.state.store.content_key); the index names articles by
`reader.model.article_key`. The app and the command line both join the two here, from the
index's own table of content keys, so no file is read again to know what is marked.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Protocol

from reader.state.store import UNMARKED, Marks


class FlagTarget(Protocol):
    """What takes the flags: an index (reader.index.protocol.CollectionIndex)."""

    def set_flagged(self, flag: str, paths: Iterable[str]) -> None: ...


def flagged(keys: Mapping[str, str], marks: Mapping[str, Marks]) -> tuple[list[str], list[str]]:
    """The (read, starred) article keys among ``keys`` (article key -> content key); a content key
    absent from ``marks`` is unmarked."""
    read = [article for article, key in keys.items() if marks.get(key, UNMARKED).read]
    starred = [article for article, key in keys.items() if marks.get(key, UNMARKED).starred]
    return read, starred


def push_flagged(target: FlagTarget, keys: Mapping[str, str], marks: Mapping[str, Marks]) -> None:
    """Give ``target`` the read and starred articles among ``keys``."""
    read, starred = flagged(keys, marks)
    target.set_flagged("read", read)
    target.set_flagged("starred", starred)
