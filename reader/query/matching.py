"""Evaluate a query against one article in memory, and find what to highlight in its text.

The index (reader.index) answers queries in SQLite; `evaluate` states the same semantics plainly,
so that the tests can check the index's answers against it. `match_spans` serves the reading pane.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from reader.model import site_of
from reader.query.dates import article_range, range_matches
from reader.query.folding import folded_tokens_with_spans, token_string
from reader.query.nodes import ENTITY_FIELDS, TEXT_FIELDS, All, Any, DateFilter, Flag, Node, Not, Text

if TYPE_CHECKING:
    from reader.model import Article


class HighlightedQuery(Protocol):
    """A query's terms to highlight: a parsed `Query`, or a view's subset of its terms."""

    @property
    def highlight_terms(self) -> Sequence[Text]: ...


@dataclass(frozen=True, slots=True)
class SearchDoc:
    """What a query needs from one article, folded once so that each keystroke is cheap.

    Text fields are token strings (' iran russia ... '). ``entities`` maps a label (PERSON,
    ORG, GPE, ...) to token strings of canonical names. ``flags`` holds "read" and/or
    "starred"; a state store supplies them.
    """

    title: str = " "
    body: str = " "
    dateline: str = " "
    source: str = " "
    author: str = " "
    site: str = " "
    days: tuple[int, int] | None = None
    entities: dict[str, tuple[str, ...]] = field(default_factory=dict)
    flags: frozenset[str] = frozenset()

    @classmethod
    def from_article(
        cls,
        article: Article,
        entities: Iterable[tuple[str, str]] = (),
        flags: Iterable[str] = (),
    ) -> SearchDoc:
        """``entities`` as (label, canonical name) pairs."""
        by_label: dict[str, list[str]] = {}
        for label, canonical in entities:
            by_label.setdefault(label, []).append(token_string(canonical))
        body = "\n".join(filter(None, (article.subtitle, article.text)))
        return cls(
            title=token_string(article.title or ""),
            body=token_string(body),
            dateline=token_string(article.dateline or ""),
            source=token_string(article.source or ""),
            author=token_string(article.byline or ""),
            site=token_string(site_of(article.url)),
            days=article_range(article.date),
            entities={label: tuple(names) for label, names in by_label.items()},
            flags=frozenset(flags),
        )


def text_in(term: Text, haystack: str) -> bool:
    """Whether the term's tokens occur consecutively in a padded token string."""
    needle = " " + " ".join(term.tokens)
    return (needle in haystack) if term.prefix else (needle + " " in haystack)


def entity_names_match(term: Text, names: Iterable[str]) -> bool:
    return any(text_in(term, name) for name in names)


def evaluate(node: Node, doc: SearchDoc) -> bool:
    if isinstance(node, Text):
        return _text_matches(node, doc)
    if isinstance(node, All):
        return all(evaluate(child, doc) for child in node.children)
    if isinstance(node, Any):
        return any(evaluate(child, doc) for child in node.children)
    if isinstance(node, Not):
        return not evaluate(node.child, doc)
    if isinstance(node, DateFilter):
        return range_matches(node.op, doc.days, (node.first_day, node.last_day))
    if isinstance(node, Flag):
        if node.name == "unread":
            return "read" not in doc.flags
        return node.name in doc.flags
    raise TypeError(f"not a query node: {node!r}")


def _text_matches(term: Text, doc: SearchDoc) -> bool:
    if term.field is None:
        return text_in(term, doc.title) or text_in(term, doc.body) or text_in(term, doc.dateline)
    if term.field in TEXT_FIELDS:
        return text_in(term, getattr(doc, term.field))
    labels = ENTITY_FIELDS[term.field]
    return any(
        entity_names_match(term, names) for label, names in doc.entities.items() if labels is None or label in labels
    )


def match_spans(text: str, query: HighlightedQuery) -> list[tuple[int, int]]:
    """Character spans (start, end) in the original ``text`` of the query's positive terms.

    Accent- and case-insensitive like matching; sorted, overlaps merged.
    """
    terms = query.highlight_terms
    if not terms or not text:
        return []
    found = folded_tokens_with_spans(text)
    words = [token for token, _, _ in found]
    spans: list[tuple[int, int]] = []
    for term in terms:
        size = len(term.tokens)
        head = term.tokens[:-1]
        last = term.tokens[-1]
        for at in range(len(words) - size + 1):
            candidate = words[at + size - 1]
            if not (candidate.startswith(last) if term.prefix else candidate == last):
                continue
            if tuple(words[at : at + size - 1]) != head:
                continue
            spans.append((found[at][1], found[at + size - 1][2]))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged
