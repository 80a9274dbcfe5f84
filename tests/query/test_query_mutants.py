"""Query rules whose limits and branches no other query test pinned down (found by tests/benchmarks/mutation.py)."""

import pytest

import reader.query
from reader.query import (
    MAX_DEPTH,
    MAX_TERMS,
    QueryTooComplex,
    SearchDoc,
    Text,
    match_spans,
    parse_date_value,
    parse_query,
)
from reader.query.folding import fold_for_index


@pytest.mark.parametrize("name", reader.query.__all__)
def test_every_public_name_loads_from_the_package(name):
    assert getattr(reader.query, name) is not None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-01", (20240101, 20240131)),
        ("2024-12", (20241201, 20241231)),
        ("2024-01-01", (20240101, 20240101)),
        ("0001", (10101, 11231)),
        ("0000", None),
        ("2024-00", None),
        ("2024-13", None),
    ],
)
def test_date_values_from_january_to_december_and_from_year_one(value, expected):
    assert parse_date_value(value) == expected


def test_january_filters_parse_and_match():
    doc = SearchDoc(days=(20240115, 20240115))
    assert parse_query("date:2024-01").matches(doc)
    assert not parse_query("after:2024-01").matches(doc)
    assert parse_query("before:2024-02").matches(doc)


def test_unread_means_not_read():
    read = SearchDoc(flags=frozenset({"read"}))
    starred = SearchDoc(flags=frozenset({"starred"}))
    assert not parse_query("is:unread").matches(read)
    assert parse_query("is:unread").matches(starred)
    assert parse_query("is:unread").matches(SearchDoc())
    assert parse_query("is:read").matches(read)


def test_overlapping_highlights_merge_into_one_span():
    query = parse_query('"kremlin peskov" "peskov said"')
    assert match_spans("Kremlin Peskov said", query) == [(0, 19)]


def test_a_highlight_merges_with_the_one_just_before_it_not_the_first():
    query = parse_query('"one" "three four" "four five"')
    assert match_spans("one two three four five", query) == [(0, 3), (8, 23)]


def test_a_highlight_inside_a_longer_one_keeps_the_longer_span():
    query = parse_query('"one" "two three four" "three"')
    assert match_spans("one two three four five", query) == [(0, 3), (4, 18)]


def test_index_text_is_handed_over_unchanged_when_the_index_folds_it_the_same():
    assert fold_for_index("Hello World") == "Hello World"
    assert fold_for_index("Ærø Café") == "Ærø Café"


def test_index_text_is_folded_first_when_the_index_would_fold_it_differently():
    assert fold_for_index("Straße") == "strasse"


def test_error_from_the_search_engine_reads_as_its_message_alone():
    error = QueryTooComplex("too many terms for the search engine")
    assert str(error) == "too many terms for the search engine"
    assert str(QueryTooComplex("too deep", 3)) == "too deep (at character 4)"


def test_word_with_a_colon_that_is_not_a_field_is_a_prefix_when_typed_last():
    root = parse_query("meeting 10:30").root
    assert root.children[-1] == Text(("10", "30"), None, True, False)


def test_many_parenthesised_groups_side_by_side_are_not_nested():
    query = parse_query(" ".join(["(word)"] * (MAX_DEPTH + 4)), prefix_last=False)
    assert len(query.root.children) == MAX_DEPTH + 4


def test_at_most_max_terms_terms():
    parse_query("word " * MAX_TERMS, prefix_last=False)
    with pytest.raises(QueryTooComplex):
        parse_query("word " * (MAX_TERMS + 1), prefix_last=False)


def test_parentheses_nest_at_most_max_depth_deep():
    def nested(depth):
        return "(" * depth + "word" + ")" * depth

    assert parse_query(nested(MAX_DEPTH)).root == Text(("word",), None, True, False)
    with pytest.raises(QueryTooComplex):
        parse_query(nested(MAX_DEPTH + 1))
