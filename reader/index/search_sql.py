"""A parsed Query to one SQL statement: FTS5 MATCH for text, plain SQL for dates, entities, flags.

Text terms under one AND/OR are merged into a single MATCH expression, so that SQLite runs
one full-text lookup per query instead of one per word. Semantics follow
reader.query.matching exactly (the tests compare both).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from reader.query.nodes import ENTITY_FIELDS, All, Any, DateFilter, Flag, Node, Not, Text

# Entity term → ids of matching entity_names rows (the caller matches names in Python).
# An SQL query selects article ids; the caller maps them to sidebar positions.
EntityLookup = Callable[[Text], list[int]]

_DATE_SQL = {
    "after": ("a.first_day > ?", lambda node: (node.last_day,)),
    "before": ("a.last_day < ?", lambda node: (node.first_day,)),
    "date": ("(a.first_day >= ? AND a.last_day <= ?)", lambda node: (node.first_day, node.last_day)),
}


@dataclass(frozen=True, slots=True)
class _Fts:
    expression: str


@dataclass(frozen=True, slots=True)
class _NotFts:
    expression: str


@dataclass(frozen=True, slots=True)
class _Sql:
    condition: str
    params: tuple


def compile_query(root: Node, entity_ids: EntityLookup) -> tuple[str, tuple]:
    """SQL selecting the ids of the matching articles, in no particular order.

    Pure full-text queries ask the FTS5 table alone: its ids may include orphans (entries of
    articles changed or removed since, see cache_db), which the caller drops when it maps ids
    to sidebar positions; everything else selects from articles.
    """
    part = _compile(root, entity_ids)
    if isinstance(part, _Fts):
        return "SELECT rowid FROM text_index WHERE text_index MATCH ?", (part.expression,)
    sql = _as_sql(part)
    return f"SELECT a.id FROM articles a WHERE {sql.condition}", sql.params


def returns_ids(sql: str) -> bool:  # kept for callers of the old API: every query now returns ids
    return True


def fts_phrase(term: Text) -> str:
    """Tokens are letters and digits only (see folding.TOKEN), so quoting is safe."""
    phrase = '"' + " ".join(term.tokens) + '"' + (" *" if term.prefix else "")
    return f"{term.field} : {phrase}" if term.field else phrase


def _compile(node: Node, entity_ids: EntityLookup):
    if isinstance(node, Text):
        if node.field in ENTITY_FIELDS:
            ids = entity_ids(node)
            if not ids:
                return _Sql("0", ())
            return _Sql(
                "a.id IN (SELECT article_id FROM article_entities "
                "WHERE entity_id IN (SELECT value FROM json_each(?)))", (json.dumps(ids),)
            )
        return _Fts(fts_phrase(node))
    if isinstance(node, DateFilter):
        condition, params = _DATE_SQL[node.op]
        return _Sql(f"coalesce({condition}, 0)", params(node))
    if isinstance(node, Flag):
        if node.name == "unread":
            return _Sql("a.path NOT IN (SELECT path FROM temp.flagged WHERE flag = 'read')", ())
        return _Sql("a.path IN (SELECT path FROM temp.flagged WHERE flag = ?)", (node.name,))
    if isinstance(node, Not):
        child = _compile(node.child, entity_ids)
        if isinstance(child, _Fts):
            return _NotFts(child.expression)
        if isinstance(child, _NotFts):
            return _Fts(child.expression)
        return _Sql(f"NOT ({child.condition})", child.params)
    if isinstance(node, All):
        return _compile_all([_compile(child, entity_ids) for child in node.children])
    if isinstance(node, Any):
        parts = [_compile(child, entity_ids) for child in node.children]
        if all(isinstance(part, _Fts) for part in parts):
            return _Fts(" OR ".join(f"({part.expression})" for part in parts))
        return _join_sql([_as_sql(part) for part in parts], " OR ")
    raise TypeError(f"not a query node: {node!r}")


def _compile_all(parts: list):
    positive = [part.expression for part in parts if isinstance(part, _Fts)]
    negative = [part.expression for part in parts if isinstance(part, _NotFts)]
    others = [part for part in parts if isinstance(part, _Sql)]
    if positive:
        expression = " AND ".join(f"({text})" for text in positive)
        for text in negative:
            expression = f"({expression}) NOT ({text})"
        if not others:
            return _Fts(expression)
        return _join_sql([_as_sql(_Fts(expression)), *others], " AND ")
    return _join_sql([*(_as_sql(_NotFts(text)) for text in negative), *others], " AND ")


def _as_sql(part) -> _Sql:
    if isinstance(part, _Sql):
        return part
    membership = "IN" if isinstance(part, _Fts) else "NOT IN"
    return _Sql(f"a.id {membership} (SELECT rowid FROM text_index WHERE text_index MATCH ?)", (part.expression,))


def _join_sql(parts: list[_Sql], operator: str) -> _Sql:
    condition = operator.join(f"({part.condition})" for part in parts)
    params = tuple(param for part in parts for param in part.params)
    return _Sql(condition, params)
