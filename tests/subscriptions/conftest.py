"""The local server and the folders every subscriptions test uses instead of the user's."""

from __future__ import annotations

import pytest

from tests.subscriptions.local_server import Server


@pytest.fixture
def server():
    running = Server()
    yield running
    running.close()


@pytest.fixture
def places(tmp_path, monkeypatch):
    """(feeds.toml, the data folder) in tmp_path; the XDG folders there too."""
    feeds = tmp_path / "config" / "feeds.toml"
    monkeypatch.setenv("READER_FEEDS", str(feeds))
    for variable in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(variable, str(tmp_path / variable.lower()))
    return feeds, tmp_path / "data"
