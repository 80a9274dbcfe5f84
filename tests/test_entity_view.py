"""The app's view of entities: grouping, spans, mentions, collection lookup, entity filters."""

from __future__ import annotations

import pytest

from reader.entities import LABELS, Entity
from reader.entities.collection import collection_entities
from reader.session.entity_view import (
    EntityCount,
    EntityState,
    MentionCursor,
    articles_by_canonical,
    entity_query,
    mention_spans,
    pane_spans,
    query_entity,
    search_pairs,
    summarise,
)
from reader.ingest.files import load_corpus


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
    assert all(SOURCE[e.start:e.end] == e.text for e in ALL)


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
        ("PERSON", "Dmitry Peskov"), ("PERSON", "Sergei Lavrov"), ("PLACE", "Moscow"),
        ("PLACE", "Tehran"), ("ORG", "Kremlin"), ("DATE", "Friday"),
    ]


def test_articles_by_canonical_maps_names_to_article_indices():
    mapping = articles_by_canonical([[PESKOV, MOSCOW], [], [MOSCOW_2, LAVROV]])
    assert mapping == {"Dmitry Peskov": {0}, "Moscow": {0, 2}, "Sergei Lavrov": {2}}


@pytest.mark.parametrize(("name", "query"), [
    ("Sergei Lavrov", 'entity:"Sergei Lavrov"'),
    ('The "Iron" Lady', 'entity:"The Iron Lady"'),
    ("  spaced   out ", 'entity:"spaced out"'),
])
def test_entity_query_quotes_the_name(name, query):
    assert entity_query(name) == query


@pytest.mark.parametrize(("query", "name"), [
    ('entity:"Sergei Lavrov"', "Sergei Lavrov"),
    ('  ENTITY:"Iran" ', "Iran"),
    ('entity:"Iran" Moscow', None),
    ("entity:Iran", None),
    ('entity:""', None),
    ('entity:"', None),
    ("Lavrov", None),
    ("", None),
])
def test_query_entity_recognises_exactly_one_entity_term(query, name):
    assert query_entity(query) == name


def test_mention_cursor_wraps_both_ways():
    cursor = MentionCursor([(1, 2), (5, 6), (9, 10)])
    assert cursor.current is None
    assert [cursor.step(1) for _ in range(4)] == [(1, 2), (5, 6), (9, 10), (1, 2)]
    assert cursor.step(-1) == (9, 10)
    assert cursor.current == (9, 10)


def test_mention_cursor_first_step_back_is_the_last_mention_and_empty_gives_none():
    assert MentionCursor([(1, 2), (5, 6)]).step(-1) == (5, 6)
    assert MentionCursor([]).step(1) is None


def test_state_before_the_pass_answers_nothing():
    state = EntityState()
    assert not state.ready
    assert state.spans(0) == [] and state.summary(0) == {} and len(state.mentions(0)) == 0
    assert state.positions_for_query('entity:"Moscow"') is None


def test_state_toggles_labels_and_filters_spans():
    state = EntityState()
    state.set_entities([ALL])
    assert state.toggle("PLACE") is False
    assert {kind for _, _, kind in state.spans(0)} == {"PERSON", "ORG", "DATE"}
    assert state.toggle("PLACE") is True
    assert len(state.spans(0)) == len(ALL)
    assert state.entities_of(5) == [] and state.entities_of(None) == []


def test_state_keyed_by_article_key_for_an_index():
    state = EntityState()
    state.set_entities({"a.txt": [PESKOV, MOSCOW], "b.txt": [MOSCOW_2]})
    assert state.entities_of("a.txt") == [PESKOV, MOSCOW] and state.entities_of("zzz") == []
    assert state.articles_mentioning("Moscow") == ["a.txt", "b.txt"]
    assert articles_by_canonical({"k": [LAVROV]}) == {"Sergei Lavrov": {"k"}}


def test_state_mentions_follow_the_chosen_entity():
    state = EntityState()
    state.set_entities([ALL, [MOSCOW]])
    assert len(state.mentions(0)) == 0
    state.chosen = ("PLACE", "Moscow")
    assert state.mentions(0).spans == [(MOSCOW.start, MOSCOW.end), (MOSCOW_2.start, MOSCOW_2.end)]
    assert len(state.mentions(1)) == 1


def test_state_answers_entity_queries_exactly_and_leaves_others_to_the_filter():
    state = EntityState()
    state.set_entities([[PESKOV, MOSCOW], [], [MOSCOW_2, LAVROV]])
    assert state.articles_mentioning("Moscow") == [0, 2]
    assert state.positions_for_query('entity:"Moscow"') == [0, 2]
    assert state.positions_for_query('entity:"sergei  LAVROV"') == [2]
    assert state.positions_for_query('entity:"Nobody"') == []
    assert state.positions_for_query("Moscow") is None
    assert state.positions_for_query('entity:"Moscow" -Tehran') is None


# -- on the seeds -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seeds():
    articles = load_corpus([]).articles
    return articles, collection_entities(articles)


def test_seed_spans_index_the_text_the_pane_shows(seeds):
    articles, per_article = seeds
    for article, found in zip(articles, per_article):
        for start, end, kind in pane_spans(found, LABELS):
            assert kind in LABELS
            assert 0 <= start < end <= len(article.text)
        assert all(article.text[e.start:e.end] == e.text for e in found)


def test_seed_000_summary_counts_peskov_and_lavrov_is_one_person_across_seeds(seeds):
    articles, per_article = seeds
    index = next(i for i, a in enumerate(articles) if a.path.endswith("000_f7fe49d73fe5bcab.txt"))
    groups = summarise(per_article[index])
    people = {c.canonical: c.count for c in groups["PERSON"]}
    assert people["Dmitry Peskov"] == 4  # "Dmitry Peskov" once, then "Peskov"
    assert groups["PERSON"][0].count >= groups["PERSON"][-1].count
    state = EntityState()
    state.set_entities(per_article)
    lavrov = state.articles_mentioning("Sergei Lavrov")
    assert index in lavrov and len(lavrov) >= 2  # 002 spells him "Sergey"
