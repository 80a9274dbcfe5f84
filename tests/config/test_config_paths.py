"""The config file's ``paths`` are what `reader`, `reader export` and `reader search` open
when no PATH is given; a PATH given on the command line wins; no usable path means the seeds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader import cli


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


def folder(path: Path, *titles: str) -> Path:
    path.mkdir(parents=True)
    for number, title in enumerate(titles):
        (path / f"{number}.txt").write_text(f"Title: {title}\n\nDate: 2024-03-0{number + 1}\n\nHerons {title}.\n")
    return path


def exported(capsys, *args) -> list[str]:
    assert cli.main(list(args)) == 0
    return [json.loads(line)["title"] for line in capsys.readouterr().out.splitlines()]


@pytest.fixture
def configured(tmp_path, config_file):
    """Two configured folders (one relative to the config file), and one that does not exist."""
    news = folder(tmp_path / "news", "alpha", "beta")
    folder(config_file("x = 1").parent / "more", "gamma")
    config_file(f'paths = ["{news}", "more", "{tmp_path / "missing"}"]\n')
    return tmp_path


def test_export_without_a_path_reads_the_configured_folders(configured, capsys):
    # newest first across both folders; alpha and gamma share a date, and .../config-home/reader/more/0.txt
    # comes before .../news/0.txt by path
    assert exported(capsys, "export") == ["beta", "gamma", "alpha"]


def test_search_without_a_path_searches_the_configured_folders(configured, capsys):
    assert exported(capsys, "search", "herons") == ["beta", "gamma", "alpha"]
    assert exported(capsys, "search", "--no-cache", "title:gamma") == ["gamma"]


def test_a_path_on_the_command_line_wins(configured, capsys, tmp_path):
    other = folder(tmp_path / "other", "delta")
    assert exported(capsys, "export", str(other)) == ["delta"]
    assert exported(capsys, "search", "herons", str(other)) == ["delta"]


def test_the_app_opens_the_configured_folders(configured, monkeypatch):
    import reader.ui.app

    opened = []
    monkeypatch.setattr(reader.ui.app, "run_app", lambda paths, **options: opened.append(paths) or 0)
    assert cli.main([]) == 0
    assert opened == [[str(configured / "news"), str(configured / "config-home" / "reader" / "more")]]


@pytest.mark.parametrize("paths", ["[]", '["/no/such/folder"]'])
def test_no_usable_configured_path_means_the_seeds(config_file, capsys, paths):
    config_file(f"paths = {paths}\n")
    titles = exported(capsys, "export")
    assert len(titles) == 5 and titles[0].startswith("Kremlin spokesman")
    assert len(exported(capsys, "search", "lavrov")) == 3
