"""The filter language's syntax: what parses to what, and short errors with positions."""

import pytest

from reader.query import All, Any, DateFilter, Flag, Not, QueryError, Text, parse_query


def root(text, **options):
    return parse_query(text, **options).root


def test_empty_and_blank_queries_match_everything():
    assert root("") is None
    assert root("   ") is None
    assert parse_query("").is_empty


def test_words_are_all_required_and_folded():
    assert root("Iran  RUSSIA", prefix_last=False) == All((Text(("iran",)), Text(("russia",))))
    assert root("Téhéran", prefix_last=False) == Text(("teheran",))


def test_last_bare_word_is_a_prefix_while_typing():
    assert root("iran rus") == All((Text(("iran",)), Text(("rus",), prefix=True)))
    assert root("iran rus", prefix_last=False) == All((Text(("iran",)), Text(("rus",))))


def test_one_letter_prefix_waits_for_the_next_letter():
    assert root("iran r") == Text(("iran",))
    assert root("r") is None
    assert root("r", prefix_last=False) == Text(("r",))


def test_prefix_only_applies_to_a_bare_final_word():
    assert root('"iran rus"') == Text(("iran", "rus"), quoted=True)
    assert root("iran -rus") == All((Text(("iran",)), Not(Text(("rus",)))))
    assert root("(iran OR russ)") == Any((Text(("iran",)), Text(("russ",), prefix=True)))
    assert root("title:ir") == Text(("ir",), field="title", prefix=True)
    assert isinstance(root("after:2024"), DateFilter)


def test_phrases_and_exclusions():
    assert root('"Joint Economic" -"win-win" -nuclear', prefix_last=False) == All(
        (
            Text(("joint", "economic"), quoted=True),
            Not(Text(("win", "win"), quoted=True)),
            Not(Text(("nuclear",))),
        )
    )


def test_hyphenated_word_is_a_phrase_of_its_parts():
    assert root("iran-russia", prefix_last=False) == Text(("iran", "russia"))


def test_or_binds_looser_than_and():
    assert root("a b OR c", prefix_last=False) == Any((All((Text(("a",)), Text(("b",)))), Text(("c",))))
    assert root("a (b OR c)", prefix_last=False) == All((Text(("a",)), Any((Text(("b",)), Text(("c",))))))


def test_lowercase_or_is_a_word_and_and_is_ignored():
    assert root("war or peace", prefix_last=False) == All((Text(("war",)), Text(("or",)), Text(("peace",))))
    assert root("war AND peace", prefix_last=False) == All((Text(("war",)), Text(("peace",))))


def test_fields():
    text = 'person:Lavrov org:"Foreign Ministry" place:Tehran entity:BRICS dateline:tehran'
    assert root(text, prefix_last=False) == All(
        (
            Text(("lavrov",), field="person"),
            Text(("foreign", "ministry"), field="org", quoted=True),
            Text(("tehran",), field="place"),
            Text(("brics",), field="entity"),
            Text(("tehran",), field="dateline"),
        )
    )
    assert root("TITLE:Iran", prefix_last=False) == Text(("iran",), field="title")


def test_states():
    assert root("is:unread is:Starred -is:read") == All((Flag("unread"), Flag("starred"), Not(Flag("read"))))


def test_dates_become_day_ranges():
    assert root("after:2024-06") == DateFilter("after", 20240601, 20240631)
    assert root("before:2025") == DateFilter("before", 20250101, 20251231)
    assert root("date:2024-02-29") == DateFilter("date", 20240229, 20240229)


def test_colon_in_a_non_field_word_is_text():
    assert root("10:30", prefix_last=False) == Text(("10", "30"))


def test_punctuation_only_terms_are_no_constraint():
    assert root("— iran", prefix_last=False) == Text(("iran",))
    assert root('""') is None


@pytest.mark.parametrize(
    ("text", "message", "position"),
    [
        ("iran)", "unmatched ')'", 4),
        ("(iran", "missing ')'", 0),
        ("()", "empty parentheses", 0),
        ("OR iran", "OR needs a term before it", 0),
        ("iran OR", "OR needs a term after it", 5),
        ("iran OR OR x", "OR needs a term after it", 5),
        ('say "hello', "unclosed quote", 4),
        ("iran -", "nothing to exclude after '-'", 5),
        ("iran - x", "nothing to exclude after '-'", 5),
        ("foo:bar", "unknown field 'foo:'", 0),
        ("x title:", "title: needs a value", 2),
        ("after:June", "after: expects a date like 2024, 2024-06 or 2024-06-05", 0),
        ("date:2023-02-29", "date: expects a date like 2024, 2024-06 or 2024-06-05", 0),
        ("before:2024-13", "before: expects a date like 2024, 2024-06 or 2024-06-05", 0),
        ("is:old", "is: expects read, unread or starred", 0),
    ],
)
def test_errors_are_short_and_located(text, message, position):
    with pytest.raises(QueryError) as caught:
        parse_query(text)
    assert caught.value.message == message
    assert caught.value.position == position
    assert len(caught.value.message) < 60


def test_highlight_terms_are_the_positive_text_terms():
    query = parse_query('iran -russia title:energy person:putin "oil and gas" -(a OR b) dateline:tehran')
    assert [term.tokens for term in query.highlight_terms] == [
        ("iran",),
        ("energy",),
        ("oil", "and", "gas"),
        ("tehran",),
    ]


@pytest.mark.parametrize("written", ["TİTLE:closer", "title:closer", "TITLE:closer", "tİtle:closer"])
def test_field_names_in_any_case_variant(written):
    assert parse_query(written).root == parse_query("title:closer").root


def test_flags_in_any_case_variant():
    assert parse_query("is:ſtarred").root == parse_query("is:starred").root
