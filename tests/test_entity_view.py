"""The app's view of entities: grouping, spans, mentions, collection lookup, entity filters."""

from __future__ import annotations

import pytest

from reader.entities import LABELS, Entity
from reader.entities.collection import collection_entities
from reader.ingest.files import load_corpus
from reader.session.entity_view import (
    EntityChoices,
    EntityCount,
    entity_query,
    mention_spans,
    pane_spans,
    search_pairs,
    summarise,
)


def entity(text: str, source: str, label: str, canonical: str | None = None, after: int = 0) -> Entity:
    start = source.index(text, after)
    return Entity(start, start + len(text), text, label, canonical or text)


SOURCE = "Dmitry Peskov met Lavrov in Moscow. Peskov said Moscow and Tehran agree. Kremlin, Friday."
PESKOV = entity("Dmitry Peskov", SOURCE, "PERSON")
PESKOV_2 = entity("Peskov", SOURCE, "PERSON", "Dmitry Peskov", after=20)
LAVROV = entity("Lavrov", SOURCE, "PERSON", "Sergei Lavrov")
MOSCOW = entity("Moscow", SOURCE, "PLACE")
MOSCOW_2 = entity("Moscow", SOURCE, "PLACE", after=40)
TEHRAN = entity("Tehran", SOURCE, "PLACE")
KREMLIN = entity("Kremlin", SOURCE, "ORG")
FRIDAY = entity("Friday", SOURCE, "DATE")
ALL = [PESKOV, LAVROV, MOSCOW, PESKOV_2, MOSCOW_2, TEHRAN, KREMLIN, FRIDAY]


def test_fixture_offsets_are_right():
    assert all(SOURCE[e.start : e.end] == e.text for e in ALL)


def test_summary_groups_by_label_in_label_order_most_mentioned_first():
    groups = summarise(ALL)
    assert list(groups) == ["PERSON", "ORG", "PLACE", "DATE"]
    assert groups["PERSON"] == [EntityCount("PERSON", "Dmitry Peskov", 2), EntityCount("PERSON", "Sergei Lavrov", 1)]
    assert groups["PLACE"] == [EntityCount("PLACE", "Moscow", 2), EntityCount("PLACE", "Tehran", 1)]


def test_summary_ties_are_alphabetical_and_empty_is_empty():
    names = [entity(n, "b a C", "PLACE") for n in ("b", "a", "C")]
    assert [c.canonical for c in summarise(names)["PLACE"]] == ["a", "b", "C"]
    assert summarise([]) == {}


def test_summary_keeps_one_name_under_two_labels_apart():
    text = "Iran and Iran"
    found = [Entity(0, 4, "Iran", "PLACE", "Iran"), Entity(9, 13, "Iran", "ORG", "Iran")]
    groups = summarise(found)
    assert groups["PLACE"][0].count == 1 and groups["ORG"][0].count == 1
    assert text[9:13] == "Iran"


def test_pane_spans_are_the_article_text_offsets_of_enabled_labels():
    assert pane_spans(ALL, {"PLACE"}) == [(e.start, e.end, "PLACE") for e in (MOSCOW, MOSCOW_2, TEHRAN)]
    assert pane_spans(ALL, set()) == []
    assert len(pane_spans(ALL, LABELS)) == len(ALL)


def test_mentions_are_in_text_order_by_canonical_and_label():
    assert mention_spans(ALL, "Dmitry Peskov") == [(PESKOV.start, PESKOV.end), (PESKOV_2.start, PESKOV_2.end)]
    assert mention_spans(ALL, "Dmitry Peskov", "ORG") == []
    assert mention_spans(ALL, "Nobody") == []


def test_search_pairs_are_distinct_label_canonical_pairs():
    assert search_pairs(ALL) == [
        ("PERSON", "Dmitry Peskov"),
        ("PERSON", "Sergei Lavrov"),
        ("PLACE", "Moscow"),
        ("PLACE", "Tehran"),
        ("ORG", "Kremlin"),
        ("DATE", "Friday"),
    ]


@pytest.mark.parametrize(
    ("name", "query"),
    [
        ("Sergei Lavrov", 'entity:"Sergei Lavrov"'),
        ('The "Iron" Lady', 'entity:"The Iron Lady"'),
        ("  spaced   out ", 'entity:"spaced out"'),
    ],
)
def test_entity_query_quotes_the_name(name, query):
    assert entity_query(name) == query


def test_choices_toggle_labels_and_filter_spans():
    choices = EntityChoices()
    assert choices.enabled == set(LABELS) and choices.chosen is None
    assert choices.toggle("PLACE") is False
    assert {kind for _, _, kind in pane_spans(ALL, choices.enabled)} == {"PERSON", "ORG", "DATE"}
    assert choices.toggle("PLACE") is True
    assert len(pane_spans(ALL, choices.enabled)) == len(ALL)


# -- on the seeds -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seeds():
    articles = load_corpus([]).articles
    return articles, collection_entities(articles)


def test_seed_spans_index_the_text_the_pane_shows(seeds):
    articles, per_article = seeds
    for article, found in zip(articles, per_article, strict=True):
        for start, end, kind in pane_spans(found, LABELS):
            assert kind in LABELS
            assert 0 <= start < end <= len(article.text)
        assert all(article.text[e.start : e.end] == e.text for e in found)


def test_seed_000_summary_counts_peskov_and_lavrov_is_one_person_across_seeds(seeds):
    articles, per_article = seeds
    index = next(i for i, a in enumerate(articles) if a.path.endswith("000_f7fe49d73fe5bcab.txt"))
    groups = summarise(per_article[index])
    people = {c.canonical: c.count for c in groups["PERSON"]}
    assert people["Dmitry Peskov"] == 4  # "Dmitry Peskov" once, then "Peskov"
    assert groups["PERSON"][0].count >= groups["PERSON"][-1].count
    lavrov = [i for i, found in enumerate(per_article) if any(e.canonical == "Sergei Lavrov" for e in found)]
    assert index in lavrov and len(lavrov) >= 2  # 002 spells him "Sergey"


def test_facet_terms_are_added_once_and_replace_their_opposite():
    from reader.query import parse_query
    from reader.session.entity_view import facet_term, with_term

    assert facet_term("PERSON", 'Ann "Bo" Lee') == 'person:"Ann Bo Lee"'
    assert facet_term("MISC", "Brexit", exclude=True) == '-entity:"Brexit"'
    text = with_term("iran", facet_term("ORG", "Kremlin"))
    assert text == 'org:"Kremlin" iran'  # ("iran", typed last, stays a prefix)
    assert with_term(text, facet_term("ORG", "Kremlin")) == text
    text = with_term(text, facet_term("ORG", "Kremlin", exclude=True))
    assert text == '-org:"Kremlin" iran'
    assert with_term("iran OR russia", facet_term("PLACE", "Oslo")) == 'place:"Oslo" (iran OR russia)'
    for built in (text, with_term("", facet_term("PERSON", "x")), with_term("a OR b", '-place:"c"')):
        parse_query(built)  # (every text built parses)
