"""The query language over articles held in memory, with no index: an oracle the tests hold the
SQLite index to (both must answer every query the same). The semantics are reader.query's
(`Query.matches` on a `SearchDoc`); this only folds each article once and adds its entities."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace

from reader.model import Article
from reader.query import Query, SearchDoc
from reader.query.nodes import has_flag


class ArticleFilter:
    """Matches parsed queries against a fixed list of articles (sidebar order).

    The folded `SearchDoc` of each article is built on first use (so creating the filter
    is free and the cost lands in the caller's worker thread) and shared by later queries.
    Thread-safe.
    """

    def __init__(self, articles: Sequence[Article]) -> None:
        self._articles = articles
        self._docs: list[SearchDoc] | None = None
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._articles)

    def docs(self) -> list[SearchDoc]:
        if self._docs is None:
            with self._lock:
                if self._docs is None:
                    docs = [SearchDoc.from_article(article) for article in self._articles]
                    self._docs = self._with_entities(docs)
        return self._docs

    def set_entities(self, per_article: Sequence[Iterable[tuple[str, str]]]) -> None:
        """(label, canonical name) pairs per article (the app's entity pass), for person:, org:,
        place: and entity: terms. Only the entity fields are folded (not the bodies again)."""
        from reader.query.folding import token_string

        fields = []
        for pairs in per_article:
            by_label: dict[str, list[str]] = {}
            for label, canonical in pairs:
                by_label.setdefault(label, []).append(token_string(canonical))
            fields.append({label: tuple(names) for label, names in by_label.items()})
        with self._lock:
            self._entity_fields = fields
            if self._docs is not None:  # else docs() adds them when it folds the articles
                self._docs = self._with_entities(self._docs)

    def _with_entities(self, docs: list[SearchDoc]) -> list[SearchDoc]:
        fields = getattr(self, "_entity_fields", None)
        if not fields:
            return docs
        with_entities = [replace(doc, entities=entities) for doc, entities in zip(docs, fields, strict=False)]
        return with_entities + docs[len(fields) :]

    def matching(
        self, query: Query, within: Iterable[int] | None = None, flags: Callable[[int], Iterable[str]] | None = None
    ) -> list[int]:
        """Positions of the articles ``query`` lets through, ascending (so newest first).

        ``within`` restricts the scan to some positions; the result keeps their order.
        An empty query matches everything. ``flags(position)`` gives an article's marks
        ("read", "starred") for is: filters (none when not given).
        """
        candidates = range(len(self._articles)) if within is None else within
        if query.is_empty:
            return list(candidates)
        docs = self.docs()
        matches = query.matches
        if flags is not None and query.root is not None and has_flag(query.root):
            return [i for i in candidates if matches(replace(docs[i], flags=frozenset(flags(i))))]
        return [i for i in candidates if matches(docs[i])]
