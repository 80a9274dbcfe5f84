"""Fixtures for the app's tests."""

from __future__ import annotations

import pytest
from ui_helpers import small_corpus

from reader.loading import Corpus


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
def corpus() -> Corpus:
    return small_corpus()
