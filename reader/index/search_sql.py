"""A parsed Query to one SQL statement: FTS5 MATCH for text, plain SQL for dates, entities, flags.

Two full-text tables answer text terms (see cache_db): ``word_index`` knows only which article
has which word (no positions, prefix indexes: small and fast), ``text_index`` has positions
and columns. A term goes to word_index when it can: a single word anywhere, also the prefix
being typed; phrases and title:/dateline: need text_index. Terms under one AND/OR that can
go to one table are merged into a single MATCH expression, so that SQLite runs one full-text
lookup per table instead of one per word. Semantics follow reader.query.matching exactly
(the tests compare both).

Nothing nests deeper than the query's own parentheses: exclusions are one ``NOT (a OR b OR
…)`` per table (or one ``NOT IN`` subquery per table), ORs and ANDs are n-ary in FTS5, and long
SQL AND/OR chains are grouped (SQLite allows an expression tree 1,000 deep), so that hundreds
of terms stay well inside SQLite's and FTS5's parser limits.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reader.query.folding import fts_may_split
from reader.query.nodes import ANYWHERE, ENTITY_FIELDS, All, Any, DateFilter, Flag, Node, Not, Text

# Entity term → ids of matching entity_names rows (the caller matches names in Python).
# An SQL query selects article ids; the caller maps them to sidebar positions.
EntityLookup = Callable[[Text], list[int]]

WORDS = "word_index"
TEXT = "text_index"

_DATE_SQL: dict[str, tuple[str, Callable[[DateFilter], tuple[object, ...]]]] = {
    "after": ("a.first_day > ?", lambda node: (node.last_day,)),
    "before": ("a.last_day < ?", lambda node: (node.first_day,)),
    "date": ("(a.first_day >= ? AND a.last_day <= ?)", lambda node: (node.first_day, node.last_day)),
}


@dataclass(frozen=True, slots=True)
class _Fts:
    """A full-text condition as a MATCH expression for each table that can answer it (else None)."""

    words: str | None
    text: str | None

    def table(self) -> tuple[str, str]:
        if self.words is not None:
            return WORDS, self.words
        assert self.text is not None  # (a part neither table can answer is never made)
        return TEXT, self.text


@dataclass(frozen=True, slots=True)
class _NotFts:
    words: str | None
    text: str | None


@dataclass(frozen=True, slots=True)
class _Sql:
    condition: str
    params: tuple[object, ...]


_Part = _Fts | _NotFts | _Sql


def compile_query(root: Node, entity_ids: EntityLookup) -> tuple[str, tuple[object, ...]]:
    """SQL selecting the ids of the matching articles, in no particular order.

    Pure full-text queries ask one FTS5 table alone: its ids may include orphans (entries of
    articles changed or removed since, see cache_db), which the caller drops when it maps ids
    to sidebar positions; everything else selects from articles.
    """
    part = _compile(root, entity_ids)
    if isinstance(part, _Fts):
        table, expression = part.table()
        return f"SELECT rowid AS id FROM {table} WHERE {table} MATCH ?", (expression,)
    sql = _as_sql(part)
    return f"SELECT a.id AS id FROM articles a WHERE {sql.condition}", sql.params


def fts_phrase(term: Text, columns: bool = True) -> str:
    """The term for FTS5 MATCH: in text_index (``columns``) limited to its field's column, or to
    the columns a term without a field looks in; in word_index (one column) bare. Tokens are
    letters and digits only (see folding.TOKEN), so quoting is safe."""
    phrase = '"' + " ".join(term.tokens) + '"' + (" *" if term.prefix else "")
    if not columns:
        return phrase
    return f"{term.field} : {phrase}" if term.field else f"{{{' '.join(ANYWHERE)}}} : {phrase}"


def _text(term: Text) -> _Fts:
    if term.field is None and len(term.tokens) == 1 and not fts_may_split(term.tokens[0]):
        # A prefix in text_index has no prefix index: merging every matching word's positions
        # takes a third of a second at 100,000 articles, so it is left to word_index.
        return _Fts(fts_phrase(term, columns=False), None if term.prefix else fts_phrase(term))
    return _Fts(None, fts_phrase(term))


def _compile(node: Node, entity_ids: EntityLookup) -> _Part:
    if isinstance(node, Text):
        if node.field in ENTITY_FIELDS:
            ids = entity_ids(node)
            if not ids:
                return _Sql("0", ())
            return _Sql(
                "a.id IN (SELECT rowid FROM entity_index WHERE entity_index MATCH ?)",
                (" OR ".join(f"e{entity_id}" for entity_id in ids),),
            )
        return _text(node)
    if isinstance(node, DateFilter):
        condition, params = _DATE_SQL[node.op]
        return _Sql(f"coalesce({condition}, 0)", params(node))
    if isinstance(node, Flag):
        if node.name == "unread":
            return _Sql("(a.path, a.item) NOT IN (SELECT path, item FROM temp.flagged_items WHERE flag = 'read')", ())
        return _Sql("(a.path, a.item) IN (SELECT path, item FROM temp.flagged_items WHERE flag = ?)", (node.name,))
    if isinstance(node, Not):
        child = _compile(node.child, entity_ids)
        if isinstance(child, _Fts):
            return _NotFts(child.words, child.text)
        if isinstance(child, _NotFts):
            return _Fts(child.words, child.text)
        return _Sql(f"NOT ({child.condition})", child.params)
    if isinstance(node, All):
        return _compile_all([_compile(child, entity_ids) for child in node.children])
    if isinstance(node, Any):
        parts = [_compile(child, entity_ids) for child in node.children]
        full_text = [part for part in parts if isinstance(part, _Fts)]
        if len(full_text) == len(parts):
            merged = _Fts(_join([p.words for p in full_text], " OR "), _join([p.text for p in full_text], " OR "))
            if merged.words is not None or merged.text is not None:
                return merged
        return _join_sql([_as_sql(part) for part in parts], " OR ")
    raise TypeError(f"not a query node: {node!r}")


def _join(expressions: Sequence[str | None], operator: str) -> str | None:
    if any(expression is None for expression in expressions):
        return None
    return operator.join(f"({expression})" for expression in expressions)


def _with_exclusions(positive: str | None, negatives: Sequence[str | None]) -> str | None:
    """``(P) NOT ((n1) OR (n2) …)``: one NOT however many exclusions (FTS5 keeps an OR flat)."""
    if positive is None or any(negative is None for negative in negatives):
        return None
    if not negatives:
        return positive
    return f"({positive}) NOT ({_join(negatives, ' OR ')})"


def _compile_all(parts: list[_Part]) -> _Part:
    positive = [part for part in parts if isinstance(part, _Fts)]
    negative = [part for part in parts if isinstance(part, _NotFts)]
    others = [part for part in parts if isinstance(part, _Sql)]
    if positive:
        merged = _Fts(
            _with_exclusions(_join([p.words for p in positive], " AND "), [n.words for n in negative]),
            _with_exclusions(_join([p.text for p in positive], " AND "), [n.text for n in negative]),
        )
        if merged.words is not None or merged.text is not None:
            if not others:
                return merged
            return _join_sql([_as_sql(merged), *others], " AND ")
        # No one table can answer all: one MATCH per table, intersected in SQL.
        words = [p for p in positive if p.words is not None]
        text = [p for p in positive if p.words is None]
        # (Either list may be empty: a prefix with a phrase excluded, '-"strategic ties" ir', has
        # no text_index term, and an empty MATCH is an FTS5 syntax error.)
        groups = [_Fts(_join([p.words for p in words], " AND "), None)] if words else []
        if text:
            groups.append(_Fts(None, _join([p.text for p in text], " AND ")))
        return _join_sql([*(_as_sql(g) for g in groups), *_exclusions(negative), *others], " AND ")
    return _join_sql([*_exclusions(negative), *others], " AND ")


def _exclusions(negative: list[_NotFts]) -> list[_Sql]:
    """Exclusions as at most one ``NOT IN`` per table: word_index where it can answer, else text_index."""
    words = [n.words for n in negative if n.words is not None]
    text = [n.text for n in negative if n.words is None]
    found: list[_Sql] = []
    if words:
        found.append(_as_sql(_NotFts(_join(words, " OR "), None)))
    if text:
        found.append(_as_sql(_NotFts(None, _join(text, " OR "))))
    return found


def _as_sql(part: _Part) -> _Sql:
    if isinstance(part, _Sql):
        return part
    table, expression = _Fts(part.words, part.text).table()
    membership = "IN" if isinstance(part, _Fts) else "NOT IN"
    return _Sql(f"a.id {membership} (SELECT rowid FROM {table} WHERE {table} MATCH ?)", (expression,))


#: SQL conditions joined in one chain at most; longer chains are grouped in chains of chains.
#: (SQLite builds ``a AND b AND c`` as a tree as deep as the chain, and stops at depth 1,000.)
SQL_CHAIN = 64


def _join_sql(parts: list[_Sql], operator: str) -> _Sql:
    while len(parts) > SQL_CHAIN:
        parts = [_join_sql(parts[at : at + SQL_CHAIN], operator) for at in range(0, len(parts), SQL_CHAIN)]
    condition = operator.join(f"({part.condition})" for part in parts)
    params = tuple(param for part in parts for param in part.params)
    return _Sql(condition, params)
