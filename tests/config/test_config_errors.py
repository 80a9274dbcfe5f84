"""Every problem message: the file, the line, the key, what was expected, what was found."""

from __future__ import annotations

import pytest

from reader.config import Config, load_config, load_config_text


def problems_of(text: str, **kwargs) -> list[str]:
    return load_config_text(text, name="config.toml", **kwargs)[1]


def only_problem(text: str, **kwargs) -> str:
    [problem] = problems_of(text, **kwargs)
    return problem


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ('"wide"', '"wide"'),
        ("5", "5"),
        ("500", "500"),
        ("44.0", "44.0"),
        ("true", "true"),
        ("[1]", "an array"),
        ("nan", "nan"),
        ("1979-05-27", "the date-time 1979-05-27"),
    ],
)
def test_sidebar_width(value, shown):
    text = f"theme = 'nord'\nsidebar_width = {value}\n"
    config, problems = load_config_text(text, name="config.toml")
    assert problems == [f"config.toml:2: sidebar_width: expected an integer from 20 to 120, got {shown}"]
    assert config == Config(theme="nord")  # the good key still applies, the bad one is the default


@pytest.mark.parametrize("width", [20, 120])
def test_sidebar_width_bounds_are_inclusive(width):
    assert load_config_text(f"sidebar_width = {width}") == (Config(sidebar_width=width), [])


def test_the_real_file_name_is_in_the_message(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('\n\nsidebar_width = "wide"\n')
    assert load_config(path)[1] == [f'{path}:3: sidebar_width: expected an integer from 20 to 120, got "wide"']


def test_paths():
    assert only_problem("paths = 3") == "config.toml:1: paths: expected a list of folder paths, got 3"
    config, problems = load_config_text('paths = ["/a", 7, "", "/b"]', name="config.toml")
    assert config.paths == ("/a", "/b")
    assert problems == [
        "config.toml:1: paths: item 2: expected a folder path (a non-empty string), got 7; skipped",
        'config.toml:1: paths: item 3: expected a folder path (a non-empty string), got ""; skipped',
    ]


def test_theme():
    assert only_problem("theme = 1") == 'config.toml:1: theme: expected a theme name like "textual-dark", got 1'
    assert only_problem('theme = ""') == 'config.toml:1: theme: expected a theme name like "textual-dark", got ""'
    assert only_problem('theme = "nrod"', themes=["nord", "gruvbox"]) == (
        'config.toml:1: theme: unknown theme "nrod" (did you mean "nord"?); available: gruvbox, nord'
    )


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ('""', 'expected a strftime pattern like "%Y-%m-%d" or "%d %b %Y", got ""'),
        ("5", 'expected a strftime pattern like "%Y-%m-%d" or "%d %b %Y", got 5'),
        ('"%Y-%Q"', 'unknown directive "%Q" in "%Y-%Q"; use directives like %Y, %m, %d, %b, %H:%M'),
        ('"%Y %"', 'a lone "%" at the end in "%Y %"; use directives like %Y, %m, %d, %b, %H:%M'),
        ('"%H:%M"', '"%H:%M" has no date directive (like %Y, %m or %d), so every date would look the same'),
        ('"today"', '"today" has no date directive (like %Y, %m or %d), so every date would look the same'),
        (
            '"%A %d %B %Y %H:%M"',
            '"%A %d %B %Y %H:%M" formats 05 March 2024 22:49 as "Tuesday 05 March 2024 22:49": '
            "too long for the sidebar (at most 24 characters on one line)",
        ),
        (
            '"%Y%n%m"',
            '"%Y%n%m" formats 05 March 2024 22:49 as "2024\\n03": '
            "too long for the sidebar (at most 24 characters on one line)",
        ),
    ],
)
def test_date_format(pattern, message):
    assert only_problem(f"date_format = {pattern}") == f"config.toml:1: date_format: {message}"


@pytest.mark.parametrize("pattern", ["%Y-%m-%d", "%d %b %Y", "%-d %b", "%b %d, %H:%M", "%x", "%Y年%m月%d日", "%%%Y"])
def test_good_date_formats(pattern):
    config, problems = load_config_text(f"date_format = '{pattern}'")
    assert problems == [] and config.date_format == pattern


def test_hide_read():
    assert only_problem('hide_read = "yes"') == 'config.toml:1: hide_read: expected true or false, got "yes"'
    assert only_problem("hide_read = 1") == "config.toml:1: hide_read: expected true or false, got 1"


def test_group_stories():
    assert only_problem("group_stories = 0") == "config.toml:1: group_stories: expected true or false, got 0"
    assert load_config_text("group_stories = false")[0] == Config(group_stories=False)
    assert Config().group_stories


def test_highlight():
    assert only_problem('highlight = "red"') == (
        'config.toml:1: highlight: expected a table of entity label = colour, got "red"'
    )
    text = '[highlight]\nPERSON = "#12"\nPLCE = "red"\nORG = 3\nDATE = "#abc"\n'
    config, problems = load_config_text(text, name="config.toml")
    assert problems == [
        'config.toml:2: highlight.PERSON: expected a colour like "#ff8800", "#f80", "orange" or "$accent", got "#12"',
        'config.toml:3: highlight.PLCE: unknown entity label (did you mean "PLACE"?); '
        "expected one of PERSON, ORG, PLACE, DATE, MISC",
        'config.toml:4: highlight.ORG: expected a colour like "#ff8800", "#f80", "orange" or "$accent", got 3',
    ]
    assert config.highlight["DATE"] == "#abc" and config.highlight["PERSON"] == Config().highlight["PERSON"]


@pytest.mark.parametrize(
    "colour",
    [
        "#abc",
        "#AABBCC",
        "#aabbccdd",
        "$accent",
        "$text-primary",
        "$primary-darken-2",
        "orange",
        "Red",
        "rebeccapurple",
        "ansi_bright_red",
        "rgb(10, 20, 30)",
        "hsl(120, 50%, 50%)",
    ],
)
def test_good_colours(colour):
    config, problems = load_config_text(f'[highlight]\nMISC = "{colour}"')
    assert problems == [] and config.highlight["MISC"] == colour


@pytest.mark.parametrize("colour", ["", "#ggg", "#12345", "$", "$Accent", "accent", "red blue", "rgb(1,2)"])
def test_bad_colours(colour):
    assert "expected a colour" in only_problem(f'[highlight]\nMISC = "{colour}"')


def test_keys():
    assert only_problem("keys = 1") == "config.toml:1: keys: expected a table of binding id = keys, got 1"
    text = (
        '[keys]\n"quit" = "q"\n"app.quit" = ""\n"app.help" = "ctrl + h"\n"app.filter" = "hyperx+f"\n'
        '"list.up" = 5\n"list.down" = "j, down"\n'
    )
    config, problems = load_config_text(text, name="config.toml")
    assert problems == [
        'config.toml:2: keys.quit: expected a binding id like "app.quit" (press ? in the app to see them)',
        'config.toml:3: keys.app.quit: expected comma-separated keys like "j,down" or "ctrl+q", got "" (an empty key)',
        'config.toml:4: keys.app.help: expected comma-separated keys like "j,down" or "ctrl+q", got "ctrl + h" '
        '("ctrl + h" is not a key name)',
        'config.toml:5: keys.app.filter: expected comma-separated keys like "j,down" or "ctrl+q", got "hyperx+f" '
        '(unknown modifier "hyperx"; modifiers are alt, ctrl, hyper, meta, shift, super)',
        'config.toml:6: keys.list.up: expected comma-separated keys like "j,down" or "ctrl+q", got 5',
    ]
    assert dict(config.keys) == {"list.down": "j,down"}


def test_keys_checked_against_known_binding_ids():
    text = '[keys]\n"app.qiut" = "x"\n"app.quit" = "x"\n'
    config, problems = load_config_text(text, name="config.toml", binding_ids=["app.quit", "app.help"])
    assert problems == ['config.toml:2: keys.app.qiut: unknown binding id (did you mean "app.quit"?); ignored']
    assert dict(config.keys) == {"app.quit": "x"}


@pytest.mark.parametrize("keys", ["q", "ctrl+q", "ctrl+shift+tab", "f1,question_mark", "+", "G", "ctrl+c, escape"])
def test_good_key_lists(keys):
    assert load_config_text(f'[keys]\n"app.quit" = "{keys}"')[1] == []


def test_unknown_setting_suggests_the_right_one():
    assert only_problem("sidebar_widht = 30") == (
        'config.toml:1: sidebar_widht: unknown setting (did you mean "sidebar_width"?); ignored'
    )
    assert only_problem("colour = 1") == "config.toml:1: colour: unknown setting; ignored"


def test_top_level_setting_under_a_table_says_so():
    assert only_problem('[highlight]\nORG = "red"\ntheme = "nord"') == (
        "config.toml:3: highlight.theme: unknown entity label; expected one of PERSON, ORG, PLACE, DATE, MISC "
        "(theme is a top-level setting: put it above the first [table])"
    )


# -- syntax errors -------------------------------------------------------------------


def test_syntax_error_names_line_and_column_and_the_rest_applies():
    text = 'theme = "nord"\nsidebar_width = 30 30\nhide_read = true\n'
    config, problems = load_config_text(text, name="config.toml")
    assert problems == [
        "config.toml:2:20: invalid TOML: Expected newline or end of document after a statement; line 2 is ignored"
    ]
    assert config == Config(theme="nord", hide_read=True)


def test_duplicate_key_gets_a_hint():
    config, problems = load_config_text("sidebar_width = 30\nsidebar_width = 40\n", name="config.toml")
    assert problems == [
        "config.toml:2:19: invalid TOML: Cannot overwrite a value (is this key set twice?); line 2 is ignored"
    ]
    assert config.sidebar_width == 30


def test_syntax_and_value_errors_together():
    text = 'theme = \nsidebar_width = "wide"\nhide_read = true\n'
    config, problems = load_config_text(text, name="config.toml")
    assert problems[0].startswith("config.toml:1:9: invalid TOML: Invalid value; line 1 is ignored")
    assert problems[1] == 'config.toml:2: sidebar_width: expected an integer from 20 to 120, got "wide"'
    assert config == Config(hide_read=True)


def test_unclosed_string_at_the_end_gives_up_with_defaults():
    config, problems = load_config_text('theme = "nord"\ndate_format = """%Y\n', name="config.toml")
    assert config == Config()
    assert problems == [
        "config.toml: invalid TOML at the end of the file: Unterminated string (an unclosed string or array?); "
        "the file is ignored and the defaults apply"
    ]


def test_many_syntax_errors_give_up_with_defaults():
    text = "theme = 'nord'\n" + "".join(f"bad line {i}\n" for i in range(10))
    config, problems = load_config_text(text, name="config.toml")
    assert config == Config()
    assert len(problems) == 6 and problems[-1].endswith("the file is ignored and the defaults apply")


# -- line numbers ------------------------------------------------------------------


def test_line_numbers_follow_tables_and_quoting():
    text = "# comment\n[highlight]\n  'ORG' = 'nope'\n[keys.app]\nquit = 5\n[keys]\nlist . down = 5\n"
    assert problems_of(text) == [
        'config.toml:3: highlight.ORG: expected a colour like "#ff8800", "#f80", "orange" or "$accent", got "nope"',
        'config.toml:5: keys.app.quit: expected comma-separated keys like "j,down" or "ctrl+q", got 5',
        'config.toml:7: keys.list.down: expected comma-separated keys like "j,down" or "ctrl+q", got 5',
    ]


def test_inline_tables_and_dotted_keys_point_at_their_line():
    text = 'theme = "nord"\nhighlight = { ORG = "nope" }\nkeys.app.quit = 5\n'
    problems = problems_of(text)
    assert problems[0].startswith("config.toml:2: highlight.ORG: expected a colour")
    assert problems[1].startswith("config.toml:3: keys.app.quit: expected comma-separated keys")


def test_unfindable_key_points_at_its_parent_line():
    problem = only_problem('highlight = { "" = "red" }')
    assert problem.startswith('config.toml:1: highlight."": unknown entity label')


def test_a_tilde_path_of_no_such_user_is_skipped_and_the_rest_applies():
    text = "theme = 'nord'\npaths = ['~nosuchuser-of-reader/news', '/srv/articles']\n"
    config, problems = load_config_text(text, name="config.toml")
    assert problems == [
        'config.toml:2: paths: item 1: no user named "nosuchuser-of-reader" to expand '
        '"~nosuchuser-of-reader/news"; skipped'
    ]
    assert config == Config(theme="nord", paths=("/srv/articles",))


def test_a_setting_whose_check_raises_loses_only_itself(monkeypatch):
    from reader.config import load as config_module

    def broken(self, key, value):
        raise OSError("disk on fire")

    monkeypatch.setattr(config_module._Checker, "_check_sidebar_width", broken)
    config, problems = load_config_text("theme = 'nord'\nsidebar_width = 50\n", name="config.toml")
    assert problems == ["config.toml:2: sidebar_width: cannot be used (OSError: disk on fire); the default applies"]
    assert config == Config(theme="nord")


def test_fields():
    config, problems = load_config_text(
        '[fields]\ntitle = "hed"\ntext = ["story", "", 3]\ntitel = ["x"]\ndate = []\n', name="config.toml"
    )
    assert dict(config.fields) == {"title": ("hed",), "text": ("story",)}
    assert problems == [
        'config.toml:3: fields.text: item 2: expected a field name (a short string), got ""; skipped',
        "config.toml:3: fields.text: item 3: expected a field name (a short string), got 3; skipped",
        'config.toml:4: fields.titel: unknown role (did you mean "title"?); '
        "expected one of title, text, date, url, author, source, language, feed, id",
        "config.toml:5: fields.date: expected a field name or a list of them, got an array",
    ]
    assert only_problem("fields = 3") == (
        'config.toml:1: fields: expected a table of role = field names, like title = ["hed", "headline_text"], got 3'
    )


def test_the_roles_are_the_dataset_reader_s():
    from reader.config.load import FIELD_ROLES
    from reader.ingest.datasets import FIELDS

    assert tuple(FIELDS) == FIELD_ROLES
