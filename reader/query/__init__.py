"""The filter language: parse it, match it against articles in memory, highlight its terms.

See `reader.query.parser` for the grammar and `reader.query.dates` for date semantics.
"""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.query.dates import parse_date_value
    from reader.query.folding import fold, tokens
    from reader.query.matching import SearchDoc, match_spans
    from reader.query.nodes import All, Any, DateFilter, Flag, Node, Not, Text
    from reader.query.parser import (
        MAX_DEPTH,
        MAX_TERMS,
        MIN_PREFIX_CHARS,
        Query,
        QueryError,
        QueryTooComplex,
        parse_query,
    )

# Each name loads its module on first use, so that importing one submodule (reader.query.dates
# for the index, say) or one name loads only what it needs.
_LAZY = {
    "parse_date_value": "dates",
    "fold": "folding",
    "tokens": "folding",
    "SearchDoc": "matching",
    "match_spans": "matching",
    "All": "nodes",
    "Any": "nodes",
    "DateFilter": "nodes",
    "Flag": "nodes",
    "Node": "nodes",
    "Not": "nodes",
    "Text": "nodes",
    "MIN_PREFIX_CHARS": "parser",
    "Query": "parser",
    "QueryError": "parser",
    "parse_query": "parser",
    "QueryTooComplex": "parser",
    "MAX_DEPTH": "parser",
    "MAX_TERMS": "parser",
}


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "MAX_DEPTH",
    "MAX_TERMS",
    "MIN_PREFIX_CHARS",
    "All",
    "Any",
    "DateFilter",
    "Flag",
    "Node",
    "Not",
    "Query",
    "QueryError",
    "QueryTooComplex",
    "SearchDoc",
    "Text",
    "fold",
    "match_spans",
    "parse_date_value",
    "parse_query",
    "tokens",
]
