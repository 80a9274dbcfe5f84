"""Facets: the entities and months of the current results, counted as `reader search` finds them."""

import json
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.cli import main
from reader.index.records import sort_key
from reader.model import ArticleDate
from reader.stories.facets import EntityCounts, by_month, month_of

QUERY_PARTS = [
    "",
    "iran",
    "russia",
    "kremlin",
    "-iran",
    "talks OR gas",
    '"foreign minister"',
    "person:peskov",
    "org:kremlin",
    "place:moscow",
    "after:2020",
    "before:2019-06",
    "date:2023",
    "entity:caspian",
    "title:talks",
]


def run_json_lines(capsysbinary, *args):
    assert main(list(args)) == 0
    out = capsysbinary.readouterr().out.decode("utf-8")
    return [json.loads(line) for line in out.splitlines()]


@pytest.fixture
def private_homes(tmp_path, monkeypatch):
    for variable in ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(variable, str(tmp_path / variable.lower()))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(QUERY_PARTS), min_size=1, max_size=2).map(" ".join))
def test_facet_counts_are_the_counts_of_reader_search(story_collection, private_homes, capsysbinary, query):
    folder = str(story_collection[0])
    (facets,) = run_json_lines(capsysbinary, "facets", query, folder)
    records = run_json_lines(capsysbinary, "search", query, folder)
    assert facets["matches"] == len(records)
    dated = [record for record in records if record["date"] is not None]
    assert facets["dated"] == len(dated) == sum(facets["by_month"].values())
    assert facets["by_month"] == dict(sorted(Counter(record["date"][:7] for record in dated).items()))
    counted = Counter(
        (entity["label"], entity["canonical"])
        for record in records
        for entity in {(e["label"], e["canonical"]): e for e in record["entities"]}.values()
        if entity["label"] != "DATE"  # (dates are not entities the index keeps)
    )
    listed = {
        (label, facet["name"]): facet["articles"]
        for label, facets_of in facets["entities"].items()
        for facet in facets_of
    }
    assert listed == dict(counted)
    for facets_of in facets["entities"].values():
        assert [facet["articles"] for facet in facets_of] == sorted((f["articles"] for f in facets_of), reverse=True)


def test_reader_facets_takes_a_path_first_and_top(story_collection, private_homes, capsysbinary):
    folder = str(story_collection[0])
    (everything,) = run_json_lines(capsysbinary, "facets", folder)
    assert everything["query"] == ""
    assert everything["matches"] == len(list(story_collection[0].glob("*.txt")))
    (top,) = run_json_lines(capsysbinary, "facets", "--top", "2", "iran", folder)
    assert all(len(listed) <= 2 for listed in top["entities"].values())
    assert top["matches"] < everything["matches"]


def test_reader_facets_bad_query_exits_2(story_collection, private_homes, capsysbinary):
    assert main(["facets", "(iran", str(story_collection[0])]) == 2
    captured = capsysbinary.readouterr()
    assert b"reader facets:" in captured.err and captured.out == b""


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.lists(st.integers(0, 9), max_size=6), min_size=1, max_size=30),
    st.data(),
)
def test_counting_the_whole_minus_the_rest_equals_counting_the_part(per_article, data):
    names = {number: ("PERSON" if number % 2 else "ORG", f"Name {number % 7}") for number in range(10)}
    counts = EntityCounts.build(names, (" ".join(map(str, ids)) for ids in per_article))
    positions = sorted(data.draw(st.sets(st.integers(0, len(per_article) - 1))))
    expected = Counter()
    for position in positions:
        expected.update({names[i] for i in per_article[position]})
    got = {counts.names[number]: n for number, n in counts.count(positions).items()}
    assert got == dict(expected)
    assert counts.count(positions) == counts.count(positions)  # (the cached whole is not changed)
    counts.prepare(frequent_from=data.draw(st.integers(1, 4)))  # bitsets for the frequent ones
    assert {counts.names[number]: n for number, n in counts.count(positions).items()} == dict(expected)
    assert counts.count(range(len(per_article))) == counts.count(list(range(len(per_article))))


def test_mentioned_with_lists_the_others_in_the_same_articles():
    names = {1: ("PERSON", "Ann"), 2: ("PERSON", "Bo"), 3: ("PLACE", "Oslo"), 4: ("ORG", "UN")}
    counts = EntityCounts.build(names, ["1 2 3", "1 3", "2 4", None, "1"])
    having, facets, positions = counts.mentioned_with(("PERSON", "Ann"), [0, 1, 2, 3, 4])
    assert having == 3 and positions == [0, 1, 4]
    assert [(f.name, f.articles) for f in facets["PLACE"]] == [("Oslo", 2)]
    assert [(f.name, f.articles) for f in facets["PERSON"]] == [("Bo", 1)]
    assert counts.mentioned_with(("PERSON", "Nobody"), [0]) == (0, {}, [])


def test_months_sum_to_the_dated_and_a_year_alone_counts_in_january():
    keys = [
        sort_key(ArticleDate(2024, 12, 5, None, None, "")),
        sort_key(ArticleDate(2024, 12, None, None, None, "")),
        sort_key(ArticleDate(2023, None, None, None, None, "")),
        sort_key(None),
    ]
    assert [month_of(key) for key in keys] == ["2024-12", "2024-12", "2023-01", None]
    assert by_month(keys) == {"2023-01": 1, "2024-12": 2}
