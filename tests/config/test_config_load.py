"""Where the config comes from, and good settings taking effect."""

from __future__ import annotations

import os
from pathlib import Path

from reader.config import DEFAULT_HIGHLIGHT, Config, config_path, default_config_path, load_config

GOOD = """\
paths = ["~/news", "/srv/articles"]
theme = "nord"
sidebar_width = 60
date_format = "%d %b %Y"
hide_read = true

[highlight]
PERSON = "#ff8800"
place = "$accent"

[keys]
"app.quit" = "q, ctrl+q"
"list.down" = "j,down"

[keys.pane]
next = "n"
"""


def test_no_file_means_defaults_and_no_problems(config_home):
    assert default_config_path() == config_home / "reader" / "config.toml"
    assert load_config() == (Config(), [])


def test_defaults():
    config = Config()
    assert config.paths == () and config.theme == "textual-dark"
    assert config.sidebar_width == 44 and config.date_format == "%Y-%m-%d" and config.hide_read is False
    assert dict(config.highlight) == dict(DEFAULT_HIGHLIGHT)
    assert set(config.highlight) == {"PERSON", "ORG", "PLACE", "DATE", "MISC"}
    assert dict(config.keys) == {}


def test_every_good_setting_applies(config_file):
    config_file(GOOD)
    config, problems = load_config()
    assert problems == []
    assert config.paths == (str(Path("~/news").expanduser()), "/srv/articles")
    assert (config.theme, config.sidebar_width, config.date_format, config.hide_read) == ("nord", 60, "%d %b %Y", True)
    assert config.highlight["PERSON"] == "#ff8800"
    assert config.highlight["PLACE"] == "$accent"  # labels are case-insensitive
    assert config.highlight["ORG"] == DEFAULT_HIGHLIGHT["ORG"]  # the rest keep their defaults
    assert dict(config.keys) == {"app.quit": "q,ctrl+q", "list.down": "j,down", "pane.next": "n"}


def test_config_is_immutable(config_file):
    config_file(GOOD)
    config, _ = load_config()
    try:
        config.highlight["PERSON"] = "red"
    except TypeError:
        pass
    else:
        raise AssertionError("highlight should be read-only")


def test_paths_may_be_one_string_and_relative_to_the_config_folder(config_file, config_home):
    config_file('paths = "news"')
    config, problems = load_config()
    assert problems == [] and config.paths == (str(config_home / "reader" / "news"),)


def test_reader_config_env_overrides_the_default(tmp_path, monkeypatch, config_file):
    config_file('theme = "nord"')
    other = tmp_path / "elsewhere.toml"
    other.write_text('theme = "gruvbox"')
    monkeypatch.setenv("READER_CONFIG", str(other))
    assert config_path() == (other, True)
    assert load_config()[0].theme == "gruvbox"


def test_explicit_path_overrides_env(tmp_path, monkeypatch):
    env_file, explicit = tmp_path / "env.toml", tmp_path / "explicit.toml"
    env_file.write_text('theme = "gruvbox"')
    explicit.write_text('theme = "dracula"')
    monkeypatch.setenv("READER_CONFIG", str(env_file))
    assert load_config(explicit)[0].theme == "dracula"


def test_a_named_file_that_is_missing_is_a_problem(tmp_path, monkeypatch):
    missing = tmp_path / "nope.toml"
    config, problems = load_config(missing)
    assert config == Config()
    assert problems == [f"{missing}: no such config file; using the defaults"]
    monkeypatch.setenv("READER_CONFIG", str(missing))
    assert load_config()[1] == problems


def test_unreadable_files_give_defaults_and_a_reason(tmp_path):
    folder = tmp_path / "folder.toml"
    folder.mkdir()
    problem = f"{folder}: cannot read the config file (it is a folder); using the defaults"
    assert load_config(folder) == (Config(), [problem])

    big = tmp_path / "big.toml"
    big.write_bytes(b"# " + b"x" * (2 << 20))
    config, [problem] = load_config(big)
    assert config == Config() and "larger than 1024 KB" in problem


def test_not_utf8_names_the_line(tmp_path):
    path = tmp_path / "latin1.toml"
    path.write_bytes('theme = "nord"\n# caf\xe9\n'.encode("latin-1"))
    config, problems = load_config(path)
    assert config == Config()
    assert problems == [f"{path}:2: not UTF-8 text; the file is ignored and the defaults apply"]


def test_byte_order_mark_is_fine(tmp_path):
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbftheme = 'nord'\n")
    assert load_config(path) == (Config(theme="nord"), [])


def test_home_is_shown_as_tilde(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    path = tmp_path / "c.toml"
    path.write_text("sidebar_width = 1")
    [problem] = load_config(path)[1]
    assert problem.startswith(f"~{os.sep}c.toml:1: sidebar_width:")


def test_themes_list_validates_when_given(config_file):
    config_file('theme = "my-own-theme"')
    assert load_config()[0].theme == "my-own-theme"  # the UI checks it later
    config, [problem] = load_config(themes=["nord", "textual-dark"])
    assert config.theme == "textual-dark" and "unknown theme" in problem
