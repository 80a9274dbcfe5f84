"""The in-memory filter: reader.query's language over articles held in memory.

The language itself is tested in tests/query; these check the wrapper: order, ``within``,
documents folded once (also under concurrency) and agreement with `Query.matches`.
"""

from __future__ import annotations

import threading

from hypothesis import given
from hypothesis import strategies as st

from reader.article import Article, ArticleDate
from reader.filtering import ArticleFilter
from reader.query import QueryError, SearchDoc, parse_query


def art(title: str, body: str, date: ArticleDate | None = None) -> Article:
    return Article(path=f"{title}.txt", title=title, paragraphs=tuple(body.split("\n\n")), date=date)


ARTICLES = [
    art("Iran and Russia", "Talks in Moscow about energy.", ArticleDate(2025, 5, 1)),
    art("Energy prices", "Oil and GAS rose.", ArticleDate(2024, 6)),
    art("Fishing", "Quotas agreed in Brussels.", ArticleDate(2023)),
    art("Café news", "Ein Bericht."),
]


def matching(text: str, within=None) -> list[int]:
    return ArticleFilter(ARTICLES).matching(parse_query(text), within)


def test_empty_query_matches_everything_in_order():
    assert matching("") == [0, 1, 2, 3]
    assert matching("   ") == [0, 1, 2, 3]


def test_every_word_must_match_in_title_or_body():
    assert matching("energy") == [0, 1]
    assert matching("energy moscow") == [0]
    assert matching("energy fishing") == []
    assert matching("russia talks") == [0]  # title word + body word


def test_case_accents_prefix_and_language():
    assert matching("ENERGY") == [0, 1]
    assert matching("gas") == [1]
    assert matching("brus") == [2]  # the last word as a prefix
    assert matching("cafe") == [3]
    assert matching("energy -oil") == [0]
    assert matching("fishing OR cafe") == [2, 3]
    assert matching("title:energy") == [1]
    assert matching("after:2024") == [0]
    assert matching("date:2024-06") == [1]


def test_within_restricts_and_keeps_order():
    assert matching("", within=[2, 1]) == [2, 1]
    assert matching("energy", within=[1, 2]) == [1]


def test_documents_are_built_once_under_concurrency():
    articles = ArticleFilter([art(f"t{i}", "x") for i in range(2000)])
    query = parse_query("x")
    results = []
    threads = [threading.Thread(target=lambda: results.append(articles.matching(query))) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({tuple(r) for r in results}) == 1
    assert len(results[0]) == 2000
    assert len(articles.docs()) == 2000


@given(st.lists(st.text(max_size=30), max_size=8), st.text(max_size=12))
def test_matching_agrees_with_query_matches(bodies, text):
    articles = [art(f"t{i}", body) for i, body in enumerate(bodies)]
    try:
        query = parse_query(text)
    except QueryError:
        return
    expected = [i for i, a in enumerate(articles) if query.matches(SearchDoc.from_article(a))]
    assert ArticleFilter(articles).matching(query) == expected
