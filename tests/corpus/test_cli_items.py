"""`reader export` and `reader search` on files that hold several articles: a record per item."""

import json
from pathlib import Path

import pytest

from reader.cli import main
from reader.ingest.files import load_articles
from reader.state.store import StateStore, content_key
from tests.digest_format import ALPHA, BETA, GAMMA, digest, digest_folder, digest_format  # noqa: F401 - fixtures


@pytest.fixture(autouse=True)
def private_user_dirs(tmp_path, monkeypatch):
    for variable in ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(variable, str(tmp_path / variable.lower()))


@pytest.fixture
def folder(digest_folder):  # noqa: F811 - the fixture
    return digest_folder


def records(capsys, *args):
    assert main(list(args)) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_export_gives_each_item_its_record_in_sidebar_order(folder, capsys):
    found = records(capsys, "export", str(folder))
    assert [(Path(r["path"]).name, r["item"], r["title"]) for r in found] == [
        ("news.digest", "beta", "Oil exports climb"),
        ("news.digest", "alpha", "Caspian talks resume"),
        ("solo.txt", "", "Solo piece"),
        ("news.digest", "gamma", "Undated note on grain"),
    ]
    assert found[1]["text"] == "Sergei Lavrov met Abbas Araghchi in Baku about the corridor."
    assert [e["canonical"] for e in found[1]["entities"] if e["label"] == "PERSON"] == [
        "Sergei Lavrov",
        "Abbas Araghchi",
    ]


def test_a_record_keeps_its_keys_in_order(folder, capsys):
    (solo,) = [r for r in records(capsys, "export", str(folder)) if r["item"] == ""]
    assert list(solo) == [
        "path", "item", "title", "subtitle", "date", "date_precision", "date_written", "dateline", "byline",
        "author", "url", "source", "feed", "language", "words", "encoding", "text", "entities",
    ]  # fmt: skip


def test_search_finds_items_and_their_marks(folder, capsys):
    found = records(capsys, "search", "caspian", str(folder))
    assert [r["item"] for r in found] == ["alpha", "gamma"]
    gamma = found[1]
    articles = {a.item: a for a in load_articles(folder / "news.digest")[0]}
    with StateStore.open() as store:
        store.set_starred(content_key(articles["gamma"]))
    assert [r["item"] for r in records(capsys, "search", "is:starred", str(folder))] == [gamma["item"]]
    assert [r["item"] for r in records(capsys, "search", "is:unread title:oil", str(folder))] == ["beta"]
