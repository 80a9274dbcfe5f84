"""Parsing rules whose limits and branches no other test pinned down (found by tests/benchmarks/mutation.py)."""

import pytest

from reader.ingest.parse import (
    count_words,
    date_line,
    derive_title,
    parse_article,
    split_paragraphs,
)


def test_front_matter_key_without_a_date_does_not_end_the_front_matter():
    article = parse_article("---\ndate: unknown\ntitle: Real title\n---\n\nBody text here.")
    assert article.title == "Real title"
    assert article.date is None
    assert article.paragraphs == ("Body text here.",)


def test_front_matter_ignores_words_after_its_date():
    article = parse_article("---\ndate: 2024-03-05 from the wire desk\ntitle: Real title\n---\n\nBody text here.")
    assert article.title == "Real title"
    assert article.date.iso() == "2024-03-05"
    assert article.paragraphs == ("Body text here.",)


def test_key_equals_value_lines_are_all_metadata():
    article = parse_article("source = Reuters\ntitle = Real title\n\nBody text here.")
    assert article.title == "Real title"
    assert article.paragraphs == ("Body text here.",)


@pytest.mark.parametrize(("lines_before", "title"), [(11, "Twelfth"), (12, None)])
def test_metadata_is_read_from_the_first_twelve_lines_only(lines_before, title):
    text = "".join(f"tags: t{i}\n" for i in range(lines_before)) + "title: Twelfth\n\nBody text here."
    article = parse_article(text)
    if title is None:
        assert article.title_derived
    else:
        assert article.title == title


def test_byline_under_a_date_line_is_the_byline_not_the_body():
    article = parse_article("Headline here\nMarch 5, 2024\nBy Jane Doe\n\nBody paragraph text.")
    assert article.date.iso() == "2024-03-05"
    assert article.byline == "By Jane Doe"
    assert article.paragraphs == ("Body paragraph text.",)


@pytest.mark.parametrize(("notes", "found"), [(7, True), (8, False)])
def test_date_line_is_looked_for_in_the_first_eight_head_lines(notes, found):
    lines = [
        "Headline about talks",
        *(f"note number {i}, short." for i in range(notes)),
        "March 5, 2024",
        "the rest of the body follows here.",
    ]
    article = parse_article("\n\n".join(lines))
    assert (article.date is not None) is found
    if found:
        assert article.date.iso() == "2024-03-05"


@pytest.mark.parametrize(("length", "found"), [(200, True), (201, False)])
def test_a_line_over_200_characters_ends_the_search_for_a_date_line(length, found):
    article = parse_article("\n\n".join(["Headline about talks", "x" * length, "March 5, 2024", "the body follows."]))
    assert (article.date is not None) is found


@pytest.mark.parametrize(("words", "headline"), [(30, True), (31, False)])
def test_headline_has_at_most_thirty_words(words, headline):
    article = parse_article(" ".join(["Word"] * words) + "\n\nThe body paragraph follows here, long enough.")
    assert article.title_derived is not headline


@pytest.mark.parametrize(("words", "headline"), [(12, True), (13, False)])
def test_headline_ending_in_a_full_stop_has_at_most_twelve_words(words, headline):
    article = parse_article(" ".join(["Word"] * words) + ".\n\nThe body paragraph follows here, long enough.")
    assert article.title_derived is not headline


@pytest.mark.parametrize(("length", "is_date"), [(120, True), (121, False)])
def test_date_line_is_at_most_120_characters(length, is_date):
    line = "4 March 2024 " + "-" * (length - len("4 March 2024 "))
    assert len(line) == length
    assert (date_line(line) is not None) is is_date


def test_paragraphs_after_a_first_line_and_a_blank_are_blank_separated():
    assert split_paragraphs(["First line", "", "Second", "Third"]) == ["First line", "Second Third"]


def test_leading_blank_lines_do_not_change_how_paragraphs_split():
    lines = ["", "First line", "Second line", "", "Next"]
    assert split_paragraphs(lines) == ["First line Second line", "Next"]


def test_a_cut_title_does_not_end_in_punctuation_before_the_ellipsis():
    assert derive_title("Alpha beta gamma, delta epsilon zeta eta theta.", 17) == "Alpha beta gamma…"


def test_free_standing_dashes_of_every_kind_are_not_words():
    assert count_words("a — b -- c - d – e") == 5
    assert count_words("a  b") == 2
