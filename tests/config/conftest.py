"""Every config test gets its own XDG config directory and no READER_CONFIG."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def config_home(tmp_path, monkeypatch):
    home = tmp_path / "config-home"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    monkeypatch.delenv("READER_CONFIG", raising=False)
    return home


@pytest.fixture
def config_file(config_home):
    """Write the default config file: ``config_file("theme = 'nord'")``."""
    path = config_home / "reader" / "config.toml"

    def write(text: str):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return write
