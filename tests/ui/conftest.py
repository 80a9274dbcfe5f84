"""Fixtures for the app's tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from ui_helpers import small_folder


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory, monkeypatch):
    """Each test's index cache lives in a fresh folder, never the user's."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    # Read/starred marks and the config file: never the user's either.
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("data")))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))
    monkeypatch.delenv("READER_CONFIG", raising=False)
    return folder


@pytest.fixture
def news(tmp_path) -> Path:
    """`ui_helpers.small_corpus` as a folder of real files (five articles, a binary and an empty
    file): ``ReaderApp([str(news)])`` reads it through the SQLite index, as the reader command does."""
    return small_folder(tmp_path)
