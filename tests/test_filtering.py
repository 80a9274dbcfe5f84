"""The first-version filter: every word, case-insensitive, title and body."""

from __future__ import annotations

import threading

from hypothesis import given
from hypothesis import strategies as st

from reader.article import Article
from reader.filtering import ArticleFilter, match_spans, query_words


def art(title: str, body: str) -> Article:
    return Article(path=f"{title}.txt", title=title, paragraphs=tuple(body.split("\n\n")))


ARTICLES = [
    art("Iran and Russia", "Talks in Moscow about energy."),
    art("Energy prices", "Oil and GAS rose."),
    art("Fishing", "Quotas agreed in Brussels."),
    art("Straße news", "Ein Bericht."),
]


def test_empty_query_matches_everything_in_order():
    assert ArticleFilter(ARTICLES).matching("") == [0, 1, 2, 3]
    assert ArticleFilter(ARTICLES).matching("   ") == [0, 1, 2, 3]


def test_every_word_must_match_in_title_or_body():
    articles = ArticleFilter(ARTICLES)
    assert articles.matching("energy") == [0, 1]
    assert articles.matching("energy moscow") == [0]
    assert articles.matching("energy fishing") == []
    assert articles.matching("russia talks") == [0]  # title word + body word


def test_case_insensitive_and_substring():
    articles = ArticleFilter(ARTICLES)
    assert articles.matching("ENERGY") == [0, 1]
    assert articles.matching("gas") == [1]
    assert articles.matching("brus") == [2]
    assert articles.matching("STRASSE") == [3]  # casefolded


def test_within_narrows_previous_results():
    articles = ArticleFilter(ARTICLES)
    assert articles.matching("o", within=[1, 2]) == [1, 2]
    assert articles.matching("oil", within=[0, 2]) == []


def test_query_words_dedupes_and_puts_longest_first():
    assert query_words("a Bc bc  dddd") == ["dddd", "bc", "a"]


def test_match_spans_finds_every_word_case_insensitively():
    text = "Energy and energy; ENERGY-prices and gas"
    spans = match_spans(text, "energy gas")
    assert [text[s:e] for s, e in spans] == ["Energy", "energy", "ENERGY", "gas"]


def test_match_spans_merges_overlaps():
    text = "iranian"
    assert match_spans(text, "iran ran nian") == [(0, 7)]
    assert match_spans("", "x") == []
    assert match_spans("abc", "") == []


def test_match_spans_is_literal_not_regex_or_markup():
    text = "a [b] (c) .* d"
    assert [text[s:e] for s, e in match_spans(text, "[b] .*")] == ["[b]", ".*"]


def test_texts_are_built_once_under_concurrency():
    articles = ArticleFilter([art(f"t{i}", "x") for i in range(2000)])
    results = []
    threads = [threading.Thread(target=lambda: results.append(articles.matching("t1"))) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({tuple(r) for r in results}) == 1
    assert len(results[0]) == 1111


@given(st.text(max_size=200), st.text(max_size=20))
def test_spans_are_sorted_disjoint_and_inside(text, query):
    spans = match_spans(text, query)
    previous_end = -1
    for start, end in spans:
        assert 0 <= start < end <= len(text)
        assert start > previous_end
        previous_end = end


@given(st.lists(st.text(max_size=30), max_size=8), st.text(max_size=12))
def test_matching_agrees_with_a_plain_definition(bodies, query):
    articles = [art(f"t{i}", body) for i, body in enumerate(bodies)]
    expected = [
        i for i, a in enumerate(articles)
        if all(w in f"{a.title}\n{a.text}".casefold() for w in query.casefold().split())
    ]
    assert ArticleFilter(articles).matching(query) == expected
