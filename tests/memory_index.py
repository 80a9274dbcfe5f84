"""A collection index held in memory: the tests' double for `reader.index.Index`.

It implements the whole `reader.index.protocol.CollectionIndex` (the type checker holds it to
that, see the bottom of this module), answers queries with the in-memory oracle
(tests.article_filter), and reads files with the real ingest code. `tests/index/test_protocol.py`
runs the same scenarios on it and on the SQLite index, so a test that uses it tests the seam
the UI, the session and the command line see, not a private shape.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.index.story_store import Related

from reader.index.indexer import SyncReport
from reader.index.records import IndexedArticle, make_summary, sort_key
from reader.model import Article, Problem, article_key, sort_articles
from reader.query import Query
from reader.state.store import content_key
from reader.stories.facets import EntityCounts
from tests.article_filter import ArticleFilter


class MemoryIndex:
    """The articles of ``roots`` (or the ``articles`` given), searched in memory."""

    def __init__(self, roots: Sequence[Path] = (), articles: Iterable[Article] | None = None) -> None:
        self.roots = list(roots)
        self.notices: list[str] = []
        self.closed = False
        self._problems: list[Problem] = []
        self._flags: dict[str, set[str]] = {}
        self._entities: dict[str, list[tuple[str, str]]] = {}
        self._set(list(articles) if articles is not None else [])

    def _set(self, articles: list[Article]) -> None:
        self._articles = sort_articles(articles)
        self._rows = [summary_of(number, article) for number, article in enumerate(self._articles)]
        self._filter = ArticleFilter(self._articles)
        self._filter.set_entities([self._entities.get(article.identity, []) for article in self._articles])

    def close(self) -> None:
        self.closed = True

    def __enter__(self) -> MemoryIndex:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()

    # The sidebar list

    def count(self) -> int:
        return len(self._rows)

    def has_many_sources(self) -> bool:
        return len({row.source for row in self._rows}) > 1

    def articles(self) -> list[IndexedArticle]:
        return list(self._rows)

    def summaries(self, start: int, stop: int) -> list[IndexedArticle]:
        return self._rows[start:stop]

    def position(self, article_id: int) -> int | None:
        return article_id if 0 <= article_id < len(self._rows) else None  # ids are positions here

    # Reading and searching

    def article(self, article_id: int) -> Article | None:
        position = self.position(article_id)
        return self._articles[position] if position is not None else None

    def article_id(self, path: str, item: str = "") -> int | None:
        wanted = article_key(path, item)
        return next((row.id for row, a in zip(self._rows, self._articles, strict=True) if a.identity == wanted), None)

    def problems(self) -> list[Problem]:
        return list(self._problems)

    def search(self, query: Query, limit: int | None = None) -> list[int]:
        found = self._filter.matching(query, flags=self._flags_of)
        return found if limit is None else found[:limit]

    def _flags_of(self, position: int) -> list[str]:
        identity = self._articles[position].identity
        return [flag for flag, keys in self._flags.items() if identity in keys]

    # State and entities pushed in by other parts of the app

    def set_flagged(self, flag: str, paths: Iterable[str]) -> None:
        self._flags[flag] = set(paths)

    def set_entities(self, path: str, entities: Iterable[tuple[str, str]], item: str = "") -> None:
        self._entities[article_key(path, item)] = sorted(set(entities))
        self._filter.set_entities([self._entities.get(article.identity, []) for article in self._articles])

    def entities_of(self, path: str, item: str = "") -> list[tuple[str, str]]:
        return list(self._entities.get(article_key(path, item), []))

    def person_aliases(self) -> dict[str, str]:
        return {}

    def entity_counts(self) -> EntityCounts:
        aliases = self.person_aliases()
        names = {
            number: (label, aliases.get(name, name) if label == "PERSON" else name)
            for number, (label, name) in enumerate(
                sorted({pair for pairs in self._entities.values() for pair in pairs})
            )
        }
        number_of = {pair: number for number, pair in names.items()}
        return EntityCounts.build(
            names,
            (
                " ".join(str(number_of[pair]) for pair in self._entities.get(article.identity, []))
                for article in self._articles
            ),
        )

    def related(self, article_id: int, limit: int = 10) -> list[Related]:
        return []  # (no sketches or rarity here: tests of related articles use the SQLite index)

    def story_ids(self) -> dict[int, int]:
        return {}  # (no same-story groups either)

    def sort_keys(self) -> list[int]:
        return [row[10] for row in self._rows]

    def content_keys(self) -> dict[str, str]:
        return {article.identity: content_key(article) for article in self._articles}

    # The passes over the files

    def sync(
        self,
        progress: Callable[[int, int], None] | None = None,
        workers: int | None = None,
        before_processes: Callable[[], None] | None = None,
    ) -> SyncReport:
        """Read every file of ``roots`` again (no incremental work: it is a test double)."""
        from reader.ingest.files import load_corpus

        before = {article.identity for article in self._articles}
        corpus = load_corpus(self.roots, progress=progress)
        self._problems = list(corpus.problems)
        self._set(list(corpus.articles))
        after = {article.identity for article in self._articles}
        return SyncReport(added=len(after - before), removed=len(before - after), problems=self.problems())

    def sync_entities(
        self,
        progress: Callable[[int, int], None] | None = None,
        workers: int | None = None,
        before_processes: Callable[[], None] | None = None,
    ) -> int:
        from reader.entities import find_entities
        from reader.index.entity_store import ENTITY_LABELS

        todo = [article for article in self._articles if article.identity not in self._entities]
        for done, article in enumerate(todo, 1):
            pairs = {(e.label, e.canonical) for e in find_entities(article.text) if e.label in ENTITY_LABELS}
            self._entities[article.identity] = sorted(pairs)
            if progress is not None:
                progress(done, len(todo))
        self._filter.set_entities([self._entities.get(article.identity, []) for article in self._articles])
        return len(todo)


def summary_of(article_id: int, article: Article) -> IndexedArticle:
    """The sidebar row the SQLite index would hold for ``article``."""
    date = article.date
    return make_summary(
        (
            article_id,
            article.path,
            article.title,
            article.subtitle,
            article.dateline,
            article.words,
            article.size,
            article.mtime_ns,
            None if article.encoding == "utf-8" else article.encoding,
            int(article.title_derived),
            sort_key(date),
            date.written if date is not None else None,
            article.item,
            article.source,
        )
    )


if TYPE_CHECKING:
    from reader.index.protocol import CollectionIndex

    _memory_index_satisfies_the_protocol: type[CollectionIndex] = MemoryIndex
