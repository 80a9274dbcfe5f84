"""The filter's state without a UI (reader.session.filtering): parsing, generations, the
results cache, stale results dropped, and the hide-read query."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from reader.query import parse_query
from reader.session.filtering import RESULTS_KEPT, FilterState, parse, unread_only, uses_entities, uses_flags

REPO = Path(__file__).resolve().parents[2]


class Snapshot:
    def __init__(self, generation: int = 0) -> None:
        self.generation = generation


def test_text_that_parses_becomes_the_wanted_query():
    state = FilterState()
    query = state.type("iran energy")
    assert query is not None and query.text == "iran energy"
    assert state.wanted is query and state.error is None
    assert state.query is None and state.text == ""  # applied only when results arrive


def test_a_parse_error_says_where_and_makes_a_running_search_stale():
    state = FilterState()
    generation = state.next_generation()
    assert state.searching
    assert state.type('title:"') is None
    assert state.error == "unclosed quote at 7"
    assert not state.searching  # nothing is on its way any more
    assert not state.accept(generation, Snapshot(), parse_query("x"), [1])  # the older search is dropped
    assert state.type("fine") is not None and state.error is None


def test_parse_reports_errors_instead_of_raising():
    assert parse(")(") == (None, "unmatched ')' at 1")
    query, error = parse("")
    assert error is None and query is not None and query.is_empty


def test_only_the_newest_generation_is_shown():
    state = FilterState()
    source = Snapshot()
    old, new = state.next_generation(), state.next_generation()
    query = parse_query("oil")
    assert not state.accept(old, source, query, [1, 2])
    assert state.applied_generation == 0 and state.query is None
    assert state.accept(new, source, query, [3])
    assert state.applied_generation == new and state.query is query and state.text == "oil"
    assert state.active and not state.searching


def test_a_failed_search_ends_the_wait_but_keeps_the_last_results():
    state = FilterState()
    source = Snapshot()
    first = state.next_generation()
    assert state.accept(first, source, parse_query("oil"), [1])
    failed = state.next_generation()
    assert not state.accept(failed, source, parse_query("gas"), None)
    assert state.applied_generation == failed and state.text == "oil"
    assert state.cached(source, parse_query("gas")) is None


def test_results_are_cached_per_snapshot_and_query_and_the_oldest_go_first():
    state = FilterState()
    source, newer = Snapshot(0), Snapshot(1)
    queries = [parse_query(f"word{n}") for n in range(RESULTS_KEPT + 1)]
    for n, query in enumerate(queries):
        assert state.accept(state.next_generation(), source, query, [n])
    assert state.cached(source, queries[0]) is None  # the oldest was dropped
    assert state.cached(source, queries[-1]) == [RESULTS_KEPT]
    assert state.cached(source, parse_query("word1")) == [1]  # the same tree from new text
    assert state.cached(newer, queries[-1]) is None  # another snapshot: not a hit
    state.forget()
    assert state.cached(source, queries[-1]) is None


def test_hide_read_adds_is_unread_and_keeps_the_text_and_highlights():
    query = parse_query("iran")
    unread = unread_only(query)
    assert unread.text == "iran" and unread.highlight_terms == query.highlight_terms
    assert uses_flags(unread) and not uses_flags(query)
    state = FilterState(hide_read=True)
    assert state.wanted is not None and uses_flags(state.wanted) and state.wanted.text == ""
    typed = state.type("oil")
    assert typed is not None and uses_flags(typed)
    state.hide_read = False
    typed = state.type("oil")
    assert typed is not None and not uses_flags(typed)


def test_entity_queries_are_recognised():
    assert uses_entities(parse_query('person:"Sergei Lavrov"'))
    assert uses_entities(parse_query("ENTITY:iran"))
    assert not uses_entities(parse_query("iran")) and not uses_entities(None)


def test_the_session_layer_imports_no_textual():
    code = (
        "import sys, reader.session.filtering, reader.session.marks, reader.session.loader, "
        "reader.session.source, reader.session.watch, reader.session.entity_view; "
        "print(sorted(name for name in sys.modules if name.split('.')[0] == 'textual'))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    assert result.stdout.strip() == "[]"
