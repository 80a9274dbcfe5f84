"""Words whose folding is unusual are found alike by the index and the in-memory filter."""

import pytest

from reader.index import Index
from reader.ingest.files import load_corpus
from reader.query import fold, parse_query
from tests.article_filter import ArticleFilter
from tests.index.conftest import write_article


@pytest.fixture
def unusual(tmp_path):
    folder = tmp_path / "news"
    write_article(folder, "a.txt", "Title: 𝐁𝐑𝐄𝐀𝐊𝐈𝐍𝐆 news\n\nThe ™ sign and ᴵran in a footnote.\n")
    write_article(folder, "b.txt", "Title: Plain breaking news\n\nNothing unusual about Iran here.\n")
    write_article(folder, "c.txt", "Title: Lue\n\nThe word aᦲb is one word to Python, two to FTS5.\n")
    return folder


def both(folder, text):
    """(paths the filter finds, paths the index finds)."""
    articles = load_corpus([folder]).articles
    by_filter = [articles[i].path.rsplit("/", 1)[1] for i in ArticleFilter(articles).matching(parse_query(text))]
    with Index.open([folder], no_cache=True) as index:
        index.sync(workers=1)
        summaries = index.articles()
        by_index = [summaries[p].path.rsplit("/", 1)[1] for p in index.search(parse_query(text))]
    return by_filter, by_index


def test_capitals_that_decomposing_gives_back_are_folded():
    assert fold("𝐁𝐑𝐄𝐀𝐊𝐈𝐍𝐆 ™ ᴼK ℌ ϲ") == "breaking tm ok h σ"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("breaking", ["a.txt", "b.txt"]),  # bold mathematical capitals are plain letters
        ("𝐛𝐫𝐞𝐚𝐤𝐢𝐧𝐠", ["a.txt", "b.txt"]),
        ("title:BREAKING -plain", ["a.txt"]),
        ("tm", ["a.txt"]),
        ("ᴵRAN", ["a.txt", "b.txt"]),
    ],
)
def test_filter_and_index_fold_alike(unusual, query, expected):
    assert both(unusual, query) == (expected, expected)


@pytest.mark.parametrize("query", ["aᦲb", "aᦲb lue", "lue -aᦲb", "aᦲb OR zanzibar"])
def test_a_word_fts5_splits_is_searched_not_an_error(unusual, query):
    """U+19B2 is a letter to Python and a separator to SQLite's older Unicode tables: searched
    in word_index (no positions) as one word, it made FTS5 fail ('phrase queries are not supported')."""
    by_filter, by_index = both(unusual, query)
    assert by_filter == by_index == ([] if query.startswith("lue") else ["c.txt"])
