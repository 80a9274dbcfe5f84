"""render_config round-trips through tomllib; print_config is ready for `reader --print-config`."""

from __future__ import annotations

import tomllib
from pathlib import Path
from types import MappingProxyType

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.config import DEFAULT_HIGHLIGHT, ENTITY_LABELS, Config, load_config_text, print_config, render_config
from reader.config.load import FIELD_ROLES


def round_trip(config: Config) -> tuple[Config, list[str]]:
    text = render_config(config)
    tomllib.loads(text)  # valid TOML
    return load_config_text(text, name="rendered.toml")


def test_defaults_round_trip_and_are_commented():
    text = render_config(Config())
    assert round_trip(Config()) == (Config(), [])
    for setting in (
        "paths",
        "theme",
        "sidebar_width",
        "date_format",
        "hide_read",
        "group_stories",
        "[highlight]",
        "[keys]",
    ):
        assert setting in text
    comments = [line for line in text.splitlines() if line.startswith("#")]
    assert len(comments) >= 8


def test_everything_set_round_trips():
    config = Config(
        paths=("/srv/news", '/home/me/with "quotes" and \\ back'),
        theme="nord",
        sidebar_width=20,
        date_format="%d %b %Y",
        hide_read=True,
        group_stories=False,
        highlight=MappingProxyType({**DEFAULT_HIGHLIGHT, "PERSON": "#ff8800", "ORG": "rebeccapurple"}),
        keys=MappingProxyType({"app.quit": "q,ctrl+q", "list.down": "j,down"}),
        fields=MappingProxyType({"title": ("hed", 'odd "name"'), "date": ("pub_time",)}),
    )
    assert round_trip(config) == (config, [])


def test_binding_defaults_are_listed_commented_out():
    config = Config(keys=MappingProxyType({"app.quit": "x"}))
    text = render_config(config, binding_defaults={"app.quit": "q", "app.help": "question_mark"})
    assert '"app.quit" = "x"' in text
    assert '# "app.help" = "question_mark"' in text
    assert '# "app.quit"' not in text
    assert tomllib.loads(text)["keys"] == {"app.quit": "x"}


def test_source_line_is_a_comment():
    assert "# Read from /x/config.toml." in render_config(Config(), source="Read from /x/config.toml.")


_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
_path = _text.filter(lambda s: s.strip() and "\0" not in s).map(lambda s: str(Path("/" + s)))  # as loading normalises
_colour = st.sampled_from(["#abc", "#a1b2c3", "$accent", "$text-muted", "orange", "Red", "#abcd"])
_key_name = st.sampled_from(["q", "j", "ctrl+q", "down", "f1", "question_mark", "+", "shift+tab"])
_binding = st.from_regex(r"[a-z_][a-z0-9_-]{0,8}(\.[a-z0-9_-]{1,8}){1,2}", fullmatch=True)
_field = _text.filter(lambda s: s.strip() == s and s and "\0" not in s)
_date_format = st.sampled_from(["%Y-%m-%d", "%d %b %Y", "%-d/%m", "%Y年%m月%d日", "%b %d %H:%M", '%% %Y "q"'])


@st.composite
def configs(draw) -> Config:
    labels = draw(st.dictionaries(st.sampled_from(ENTITY_LABELS), _colour))
    keys = draw(st.dictionaries(_binding, st.lists(_key_name, min_size=1, max_size=3).map(",".join), max_size=4))
    return Config(
        paths=tuple(draw(st.lists(_path, max_size=3))),
        theme=draw(_text.filter(lambda s: s.strip())),
        sidebar_width=draw(st.integers(20, 120)),
        date_format=draw(_date_format),
        hide_read=draw(st.booleans()),
        group_stories=draw(st.booleans()),
        highlight=MappingProxyType({**DEFAULT_HIGHLIGHT, **labels}),
        keys=MappingProxyType(keys),
        fields=MappingProxyType(
            draw(st.dictionaries(st.sampled_from(FIELD_ROLES), st.lists(_field, min_size=1, max_size=3).map(tuple)))
        ),
    )


@settings(max_examples=150, deadline=None)
@given(configs())
def test_any_valid_config_round_trips(config):
    assert round_trip(config) == (config, [])


# -- print_config ------------------------------------------------------------------


def test_print_config_without_a_file(capsys, config_home):
    assert print_config() == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert "No file at" in out and "these are the defaults" in out
    assert load_config_text(out) == (Config(), [])


def test_print_config_shows_effective_settings_and_problems(capsys, config_file):
    path = config_file('theme = "nord"\nsidebar_width = "wide"\n')
    assert print_config() == 1
    out, err = capsys.readouterr()
    assert f"Read from {path}." in out or "Read from ~" in out
    assert tomllib.loads(out)["theme"] == "nord"
    assert tomllib.loads(out)["sidebar_width"] == 44
    assert err.splitlines() == [f'reader: {path}:2: sidebar_width: expected an integer from 20 to 120, got "wide"']


def test_print_config_checks_theme_names_against_textual(capsys, config_file):
    config_file('theme = "nrod"')
    assert print_config() == 1
    out, err = capsys.readouterr()
    assert 'unknown theme "nrod" (did you mean "nord"?)' in err
    assert tomllib.loads(out)["theme"] == "textual-dark"


def test_print_config_with_reader_config(capsys, tmp_path, monkeypatch):
    path = tmp_path / "mine.toml"
    path.write_text("hide_read = true\n")
    monkeypatch.setenv("READER_CONFIG", str(path))
    assert print_config() == 0
    assert tomllib.loads(capsys.readouterr().out)["hide_read"] is True
