"""The config file's [fields]: a dataset's own field names, read everywhere files are read — in
this process, in worker processes, by `reader export` and `reader search` — and a cache built
before the names changed reads its files again."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.cli import main
from reader.index import Index
from reader.ingest import formats
from reader.ingest.datasets import FIELDS, article_from_record, fold
from reader.ingest.files import load_articles

RECORDS = [
    {
        "hed": "Port of Baku expands",
        "story": "Two berths opened in Baku on Monday.",
        "pub_time": "2025-06-12",
        "key": "k1",
        "summary": "In short.",
    },
    {
        "hed": "Aktau traffic up",
        "story": "Ship calls rose.",
        "pub_time": "2025-06-11",
        "key": "k2",
        "summary": "Briefly.",
    },
]
NAMES = {"title": ("hed",), "text": ("story",), "date": ("Pub Time",), "id": ("key",)}


@pytest.fixture(autouse=True)
def no_field_names():
    formats.configure({})
    yield
    formats.configure({})


@pytest.fixture
def dataset(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    lines = [json.dumps(record) for record in RECORDS]
    (folder / "news.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_the_names_given_are_read_before_the_usual_ones(dataset):
    unnamed, _ = load_articles(dataset / "news.jsonl")
    assert [(a.title, a.date, a.item) for a in unnamed] == [("In short", None, "line 1"), ("Briefly", None, "line 2")]
    formats.configure(NAMES)
    named, _ = load_articles(dataset / "news.jsonl")
    assert [(a.title, a.paragraphs, a.date.iso(), a.item) for a in named] == [
        ("Port of Baku expands", ("Two berths opened in Baku on Monday.",), "2025-06-12", "k1"),
        ("Aktau traffic up", ("Ship calls rose.",), "2025-06-11", "k2"),
    ]


_name = st.text(st.characters(categories=("L", "N", "Pd", "Zs")), min_size=1, max_size=12).filter(fold)


@given(role=st.sampled_from(sorted(set(FIELDS) - {"id"})), name=_name, usual=st.booleans())
@settings(max_examples=150, deadline=None)
def test_a_name_given_for_a_role_wins_over_a_usual_field_and_is_matched_like_them(role, name, usual):
    """Whatever its case or punctuation, a named field fills its role, before the usual name."""
    formats.configure({role: (f" {name}_",)})
    try:
        values = {"title": "Given title", "text": "Given text.", "date": "2024-03-05", "url": "https://given.example/"}
        values |= {
            "author": "Given Author",
            "source": "Given Source",
            "language": "xx",
            "feed": "https://feed.example/",
        }
        record = {"title": "T", "text": "Body."} | ({FIELDS[role][0]: "usual"} if usual else {})
        record[f"-{name}-"] = values[role]
        article = article_from_record(record, "a.jsonl")
        found = {
            "title": article.title,
            "text": article.text,
            "date": article.date and article.date.iso(),
            "url": article.url,
            "author": article.byline,
            "source": article.source,
            "language": article.language,
            "feed": article.feed,
        }[role]
        if fold(name) in {fold(n) for n in sum(FIELDS.values(), ())} - set(FIELDS[role]):
            return  # (a name another role uses first: that role takes it too)
        assert found == values[role]
    finally:
        formats.configure({})


def test_worker_processes_read_with_the_same_names_and_a_change_reads_the_files_again(dataset, tmp_path):
    for n in range(3):  # more files, so that workers are worth starting
        (dataset / f"more{n}.jsonl").write_text(json.dumps(RECORDS[0] | {"key": f"m{n}"}) + "\n", encoding="utf-8")
    with Index.open([dataset], cache_dir=tmp_path / "cache") as index:
        index.sync(workers=2)
        assert {row.title_derived for row in index.articles()} == {True}
        formats.configure(NAMES)
        report = index.sync(workers=2)
        assert (report.added, report.removed, report.unchanged) == (5, 5, 0)  # (new keys: new items)
        assert sorted(row.item for row in index.articles()) == ["k1", "k2", "m0", "m1", "m2"]
        assert index.sync(workers=2).unchanged == 4
        entities = index.sync_entities(workers=2)
        assert entities == 5 and index.entities_of(str(dataset / "news.jsonl"), "k1") == [("PLACE", "Baku")]


def test_export_and_search_read_the_config_file_s_names(dataset, tmp_path, monkeypatch, capsys):
    config = tmp_path / "config.toml"
    config.write_text('[fields]\ntitle = "hed"\ntext = ["story"]\nid = "key"\n', encoding="utf-8")
    monkeypatch.setenv("READER_CONFIG", str(config))
    for variable in ("XDG_CACHE_HOME", "XDG_DATA_HOME"):
        monkeypatch.setenv(variable, str(tmp_path / variable.lower()))
    assert main(["export", str(dataset)]) == 0
    exported = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["title"], r["item"], r["text"]) for r in exported] == [
        ("Port of Baku expands", "k1", "Two berths opened in Baku on Monday."),
        ("Aktau traffic up", "k2", "Ship calls rose."),
    ]
    assert main(["search", "title:aktau", str(dataset)]) == 0
    assert [json.loads(line)["item"] for line in capsys.readouterr().out.splitlines()] == ["k2"]
