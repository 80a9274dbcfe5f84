"""What every test shares: none reads or writes the user's own cache, marks, fetched items or config."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def folders_of_its_own(tmp_path_factory, monkeypatch):
    """XDG cache, data and config folders made for this test (the reader commands a test starts
    inherit them); READER_CONFIG and READER_FEEDS unset. Folders' own fixtures may set others."""
    root = tmp_path_factory.mktemp("xdg")
    for variable in ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(variable, str(root / variable.lower()))
    for variable in ("READER_CONFIG", "READER_FEEDS"):
        monkeypatch.delenv(variable, raising=False)
