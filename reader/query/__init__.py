"""The filter language: parse it, match it against articles in memory, highlight its terms.

See `reader.query.parser` for the grammar and `reader.query.dates` for date semantics.
"""

# Each name loads its module on first use (``from reader.query import parse_query`` works as
# before): importing one submodule, e.g. reader.query.dates for the index, loads only that one.
_LAZY = {
    "parse_date_value": "dates",
    "fold": "folding", "tokens": "folding",
    "SearchDoc": "matching", "match_spans": "matching",
    "All": "nodes", "Any": "nodes", "DateFilter": "nodes", "Flag": "nodes", "Node": "nodes", "Not": "nodes",
    "Text": "nodes",
    "MIN_PREFIX_CHARS": "parser", "Query": "parser", "QueryError": "parser", "parse_query": "parser",
    "QueryTooComplex": "parser", "MAX_DEPTH": "parser", "MAX_TERMS": "parser",
}


def __getattr__(name: str):
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
