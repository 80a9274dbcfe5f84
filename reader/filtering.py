"""The first-version article filter: every word must occur, case-insensitively.

Data layer only (no Textual). The query language of a later issue replaces
`query_words`; the two entry points stay:

* ``ArticleFilter(articles).matching(query) -> list[int]``: positions of the
  matching articles, in the order of ``articles`` (already sorted newest first).
* ``match_spans(text, query) -> list[tuple[int, int]]``: where the query's words
  occur in ``text``, as sorted, non-overlapping ``(start, end)`` offsets, for
  highlighting.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Sequence
from functools import lru_cache

from reader.article import Article


def query_words(query: str) -> list[str]:
    """The words of a query, casefolded, without duplicates, longest first.

    Longest first makes the scan fail early on the rarest-looking word.
    """
    words = dict.fromkeys(word for word in query.casefold().split())
    return sorted(words, key=len, reverse=True)


def searchable_text(article: Article) -> str:
    """What the filter looks in: title and body, casefolded."""
    return f"{article.title}\n{article.text}".casefold()


class ArticleFilter:
    """Matches queries against a fixed list of articles.

    The casefolded text of each article is computed once, on first use (so
    building the filter is free and the cost lands in the caller's worker
    thread), and is shared by later queries. Thread-safe.
    """

    def __init__(self, articles: Sequence[Article]) -> None:
        self._articles = articles
        self._texts: list[str] | None = None
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._articles)

    def texts(self) -> list[str]:
        if self._texts is None:
            with self._lock:
                if self._texts is None:
                    self._texts = [searchable_text(article) for article in self._articles]
        return self._texts

    def matching(self, query: str, within: Iterable[int] | None = None) -> list[int]:
        """Positions of the articles that contain every word of ``query``, ascending.

        ``within`` restricts the scan to some positions (e.g. the previous results
        when the user typed one more letter); the result keeps their order.
        An empty query matches everything.
        """
        words = query_words(query)
        candidates = range(len(self._articles)) if within is None else within
        if not words:
            return list(candidates)
        texts = self.texts()
        if len(words) == 1:
            word = words[0]
            return [i for i in candidates if word in texts[i]]
        return [i for i in candidates if all(word in texts[i] for word in words)]


@lru_cache(maxsize=64)
def _pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    # A lookahead finds overlapping occurrences too ("iran" and "nian" in "iranian").
    alternatives = "|".join(re.escape(word) for word in words)
    return re.compile(f"(?=({alternatives}))", re.IGNORECASE)


def match_spans(text: str, query: str) -> list[tuple[int, int]]:
    """Sorted, non-overlapping ``(start, end)`` spans of the query's words in ``text``."""
    words = query_words(query)
    if not words or not text:
        return []
    spans: list[tuple[int, int]] = []
    for match in _pattern(tuple(words)).finditer(text):
        start, end = match.span(1)
        if spans and start <= spans[-1][1]:
            if end > spans[-1][1]:
                spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans
