"""The filter language: parse it, match it against articles in memory, highlight its terms.

See `reader.query.parser` for the grammar and `reader.query.dates` for date semantics.
"""

from reader.query.dates import parse_date_value
from reader.query.folding import fold, tokens
from reader.query.matching import SearchDoc, match_spans
from reader.query.nodes import All, Any, DateFilter, Flag, Node, Not, Text
from reader.query.parser import MIN_PREFIX_CHARS, Query, QueryError, parse_query

__all__ = [
    "MIN_PREFIX_CHARS",
    "All",
    "Any",
    "DateFilter",
    "Flag",
    "Node",
    "Not",
    "Query",
    "QueryError",
    "SearchDoc",
    "Text",
    "fold",
    "match_spans",
    "parse_date_value",
    "parse_query",
    "tokens",
]
