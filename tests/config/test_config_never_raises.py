"""No file content, however broken, makes loading raise."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.config import (
    Config,
    date_format_problem,
    is_colour,
    key_list_problem,
    load_config,
    load_config_text,
)
from reader.model import ArticleDate

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

_keys = st.sampled_from(
    [
        "paths",
        "theme",
        "sidebar_width",
        "date_format",
        "hide_read",
        "highlight",
        "keys",
        "PERSON",
        "ORG",
        "x",
        '"app.quit"',
        "keys.app.quit",
        "highlight.ORG",
        '"a b"',
        "'q'",
        "[keys]",
        "[highlight]",
        "[[keys]]",
        "[x.y]",
    ]
)
_values = st.sampled_from(
    [
        '"s"',
        "1",
        "-5",
        "1e400",
        "nan",
        "inf",
        "true",
        "[]",
        '["a", 1]',
        "{}",
        "{a = 1}",
        '"%Q"',
        '"%"',
        '""',
        "[[1]]",
        "1979-05-27T07:32:00Z",
        "07:32:00",
        '"""multi\nline"""',
        "'lit'",
        '"\\u0000"',
        '"#fff"',
        '"$accent"',
        "[",
        "}",
    ]
)
_line = st.one_of(
    st.builds(lambda k, v: f"{k} = {v}", _keys, _values),
    _keys,
    st.text(max_size=20),
)
_documents = st.lists(_line, max_size=12).map("\n".join)


def _check(config, problems):
    assert isinstance(config, Config)
    assert all(isinstance(p, str) and p for p in problems)


@FAST
@given(st.text(max_size=300))
def test_arbitrary_text_never_raises(text):
    _check(*load_config_text(text))


@FAST
@given(_documents)
def test_toml_like_documents_never_raise(text):
    _check(*load_config_text(text, themes=["nord"], binding_ids=["app.quit"]))


@FAST
@given(st.binary(max_size=200))
def test_arbitrary_bytes_in_the_file_never_raise(tmp_path, data):
    path = tmp_path / "config.toml"
    path.write_bytes(data)
    _check(*load_config(path))


def test_pathological_files_never_raise():
    for text in ["a = " + "[" * 5000, "a = " + "{b=" * 3000, "\x00", "\ud800 = 1", 'a = "\ud800"', "=" * 10_000]:
        _check(*load_config_text(text))


@FAST
@given(st.text(max_size=40))
def test_value_checks_never_raise(value):
    date_format_problem(value)
    key_list_problem(value)
    is_colour(value)
    ArticleDate(2024, 3, 5).formatted(value)


@FAST
@given(st.one_of(st.integers(), st.floats(), st.none(), st.lists(st.integers(), max_size=2)))
def test_value_checks_of_non_strings(value):
    assert date_format_problem(value) and key_list_problem(value) and not is_colour(value)


def test_format_date_honours_precision():
    assert ArticleDate(2024, 3, 5, 22, 49).formatted("%d %b %Y %H:%M") == "05 Mar 2024 22:49"
    assert ArticleDate(2024, 3).formatted("%d %b %Y") == "2024-03"
    assert ArticleDate(2024).formatted("%d %b %Y") == "2024"
    assert ArticleDate(2024, 2, 30).formatted("%Y") == "2024-02-30"  # impossible date: ISO, not a crash
