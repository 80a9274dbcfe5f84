"""Every state test gets its own XDG data directory: the real one is never touched."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def data_home(tmp_path, monkeypatch):
    home = tmp_path / "data-home"
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    return home


@pytest.fixture
def state_path(data_home):
    return data_home / "reader" / "state.sqlite3"
