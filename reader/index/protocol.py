"""What the command line, the session and the UI may ask of a collection index.

`CollectionIndex` lists every method and attribute they use, typed, so that a change to
`Index` that would break one of them fails type checking, and so that a test double knows
what it has to provide. `Index` satisfies it (checked by mypy at the bottom of this module).
Opening (`Index.open`) is not part of it: callers name the class for that.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from reader.index.indexer import SyncReport
    from reader.index.records import IndexedArticle
    from reader.index.story_store import Related
    from reader.model import Article, Problem
    from reader.query.parser import Query
    from reader.stories.facets import EntityCounts


class CollectionIndex(Protocol):
    """A searchable index of one collection; positions refer to `articles()`'s sidebar order.

    An article is (path, item): ``item`` is its key within its file, "" for a one-article file."""

    #: The folders (or files) the collection was opened with.
    roots: list[Path]
    #: Messages about the cache for the user (rebuilt, bypassed, ...), oldest first.
    notices: list[str]

    def close(self) -> None: ...

    def __enter__(self) -> CollectionIndex: ...

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None: ...

    # The sidebar list

    def count(self) -> int: ...

    def has_many_sources(self) -> bool: ...

    def articles(self) -> list[IndexedArticle]: ...

    def summaries(self, start: int, stop: int) -> list[IndexedArticle]: ...

    def position(self, article_id: int) -> int | None: ...

    # Reading and searching

    def article(self, article_id: int) -> Article | None: ...

    def article_id(self, path: str, item: str = "") -> int | None: ...

    def problems(self) -> list[Problem]: ...

    def search(self, query: Query, limit: int | None = None) -> list[int]: ...

    # State and entities pushed in by other parts of the app

    def set_flagged(self, flag: str, paths: Iterable[str]) -> None: ...

    def set_entities(self, path: str, entities: Iterable[tuple[str, str]], item: str = "") -> None: ...

    def entities_of(self, path: str, item: str = "") -> list[tuple[str, str]]: ...

    def person_aliases(self) -> dict[str, str]: ...

    def content_keys(self) -> dict[str, str]: ...

    # Seeing the story

    def entity_counts(self) -> EntityCounts: ...

    def related(self, article_id: int, limit: int = 10) -> list[Related]: ...

    def story_ids(self) -> dict[int, int]: ...

    def sort_keys(self) -> Sequence[int]: ...

    # The passes over the files

    def sync(
        self,
        progress: Callable[[int, int], None] | None = None,
        workers: int | None = None,
        before_processes: Callable[[], None] | None = None,
    ) -> SyncReport: ...

    def sync_entities(
        self,
        progress: Callable[[int, int], None] | None = None,
        workers: int | None = None,
        before_processes: Callable[[], None] | None = None,
    ) -> int: ...


if TYPE_CHECKING:
    from reader.index.index import Index

    _index_satisfies_the_protocol: type[CollectionIndex] = Index
