"""What queries match, evaluated in memory against SearchDocs built from Articles."""

import pytest

from reader.model import Article, ArticleDate
from reader.query import SearchDoc, parse_query


def article(title="Untitled", body="", date=None, dateline=None, subtitle=None):
    return Article(
        path="a.txt", title=title, paragraphs=tuple(body.split("\n\n")), date=date, dateline=dateline, subtitle=subtitle
    )


def matches(text, doc, prefix_last=False):
    return parse_query(text, prefix_last=prefix_last).matches(doc)


PESKOV = SearchDoc.from_article(
    article(
        title="Kremlin hails Iran–Russia committee",
        body="Dmitry Peskov said the Joint Economic Cooperation Committee was positive.\n\n"
        "Trade with Tehran grows; Café Société talks continued.",
        date=ArticleDate(2025, 5, 13),
        dateline="TEHRAN",
        subtitle="A win-win situation",
    ),
    entities=[("PERSON", "Dmitry Peskov"), ("PERSON", "Sergei Lavrov"), ("ORG", "Foreign Ministry"), ("GPE", "Tehran")],
    flags={"starred"},
)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", True),
        ("peskov", True),
        ("PESKOV kremlin", True),
        ("peskov lavrov", False),  # Lavrov is only an entity here, not in the text
        ("pesk", False),  # words are whole words unless typed last
        ("cafe societe", True),  # accent-insensitive
        ('"joint economic"', True),
        ('"economic joint"', False),
        ('"win win"', True),  # the subtitle counts as body
        ("win-win", True),
        ("-peskov", False),
        ('-"joint economic"', False),
        ("-nuclear", True),
        ("nuclear OR peskov", True),
        ("nuclear OR oil", False),
        ("(nuclear OR trade) tehran", True),
        ("-(nuclear OR trade)", False),
        ("title:kremlin", True),
        ("title:peskov", False),
        ("dateline:tehran", True),
        ("dateline:moscow", False),
        ("is:starred", True),
        ("is:unread", True),
        ("is:read", False),
        ("-is:read is:starred", True),
    ],
)
def test_text_and_state_semantics(query, expected):
    assert matches(query, PESKOV) is expected


def test_phrase_does_not_span_title_and_body():
    assert not matches('"committee dmitry"', PESKOV)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("person:lavrov", True),  # a token of the canonical name
        ("person:Sergei", True),
        ("person:LAVROV", True),
        ('person:"sergei lavrov"', True),
        ('person:"lavrov sergei"', False),
        ("person:tehran", False),  # wrong label
        ("place:tehran", True),
        ("org:ministry", True),
        ("org:peskov", False),
        ("entity:ministry", True),
        ("entity:nobody", False),
        ("person:lav", False),
    ],
)
def test_entity_fields_match_canonical_names(query, expected):
    assert matches(query, PESKOV) is expected


def test_entity_field_prefix_while_typing():
    assert matches("person:lav", PESKOV, prefix_last=True)


def test_entity_accents_fold():
    doc = SearchDoc.from_article(article(), entities=[("PERSON", "José Martí")])
    assert matches("person:jose", doc) and matches("person:MARTI", doc)


def test_prefix_last():
    assert matches("kremlin comm", PESKOV, prefix_last=True)
    assert not matches("kremlin comm", PESKOV, prefix_last=False)
    assert matches("comm kremlin", PESKOV, prefix_last=True) is False  # only the LAST word


def dated(*parts):
    return SearchDoc.from_article(article(date=ArticleDate(*parts)))


UNDATED = SearchDoc.from_article(article())


@pytest.mark.parametrize(
    ("query", "date", "expected"),
    [
        # after: the article's whole period is after the value's whole period
        ("after:2024-06", (2024, 7, 1), True),
        ("after:2024-06", (2024, 6, 30), False),
        ("after:2024-06", (2024, 7), True),
        ("after:2024-06", (2024, 6), False),
        ("after:2024-06", (2024,), False),  # the example: "2024" is not after:2024-06
        ("after:2024-06", (2025,), True),
        ("after:2024", (2024, 12, 31), False),
        ("after:2024", (2025, 1, 1), True),
        ("after:2024-06-05", (2024, 6, 6), True),
        ("after:2024-06-05", (2024, 6, 5), False),
        ("after:2024-06-05", (2024, 6), False),
        # before: the article's whole period ends before the value's starts
        ("before:2025", (2024, 12, 31), True),
        ("before:2025", (2025, 1, 1), False),
        ("before:2025", (2024,), True),
        ("before:2025", (2025,), False),
        ("before:2024-06", (2024,), False),
        ("before:2024-06", (2024, 5), True),
        ("before:2024-06-05", (2024, 6, 4), True),
        ("before:2024-06-05", (2024, 6), False),
        # date: the article's whole period lies inside the value's
        ("date:2025-05", (2025, 5, 13), True),
        ("date:2025-05", (2025, 5), True),
        ("date:2025-05", (2025,), False),
        ("date:2025-05", (2025, 6, 1), False),
        ("date:2025", (2025,), True),
        ("date:2025", (2025, 5, 13), True),
        ("date:2025-05-13", (2025, 5, 13), True),
        ("date:2025-05-13", (2025, 5), False),
        # combined range
        ("after:2023 before:2025", (2024, 3), True),
        ("after:2023 before:2025", (2023, 12, 31), False),
    ],
)
def test_dates_are_precision_aware(query, date, expected):
    assert matches(query, dated(*date)) is expected


@pytest.mark.parametrize("query", ["after:1900", "before:3000", "date:2024"])
def test_undated_articles_match_no_date_filter(query):
    assert not matches(query, UNDATED)
    assert matches(f"-{query}", UNDATED)  # plain boolean negation
