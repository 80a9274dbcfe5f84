"""Whatever is typed, parsing raises only QueryError and matching never raises."""

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.model import Article, ArticleDate
from reader.query import QueryError, SearchDoc, match_spans, parse_query

SYNTAX = st.sampled_from(
    [
        '"',
        "(",
        ")",
        "-",
        " ",
        "OR",
        "AND",
        ":",
        "title:",
        "person:",
        "after:",
        "before:2024",
        "date:2024-06",
        "is:",
        "is:read",
        "é",
        "ß",
        "\u0301",
        "ﬁ",
        "—",
        "iran",
        "x",
        "\t",
        "\n",
        "\x00",
        '-"',
        "2024-02-30",
    ]
)
QUERIES = st.one_of(st.text(), st.lists(st.one_of(SYNTAX, st.text(max_size=3)), max_size=12).map("".join))

DOCS = st.builds(
    lambda title, body, year, month, entity: SearchDoc.from_article(
        Article(path="p", title=title, paragraphs=(body,), date=None if year is None else ArticleDate(year, month)),
        entities=[("PERSON", entity)],
        flags={"read"},
    ),
    st.text(max_size=30),
    st.text(max_size=80),
    st.one_of(st.none(), st.integers(1, 9999)),
    st.one_of(st.none(), st.integers(1, 12)),
    st.text(max_size=20),
)


@settings(max_examples=600, deadline=None)
@given(QUERIES, st.booleans())
def test_parse_raises_only_query_error(text, prefix_last):
    try:
        parse_query(text, prefix_last=prefix_last)
    except QueryError as error:
        assert 0 <= error.position <= len(text)
        assert error.message


@settings(max_examples=400, deadline=None)
@given(QUERIES, DOCS, st.text(max_size=80))
def test_matching_and_highlighting_never_raise(text, doc, shown):
    try:
        query = parse_query(text)
    except QueryError:
        return
    assert query.matches(doc) in (True, False)
    for start, end in match_spans(shown, query):
        assert 0 <= start < end <= len(shown)
