"""The configuration file: TOML in the user config directory, checked key by key.

``platformdirs.user_config_dir("reader")/config.toml`` (XDG_CONFIG_HOME is respected);
``READER_CONFIG`` or an explicit path overrides it. Loading never raises: every problem
becomes a message naming the file, line and key, and only the bad keys fall back to
their defaults. A syntax error costs just its line when the rest still parses.

Textual is not imported here except, lazily, to recognise colour names and themes.
"""

from __future__ import annotations

import json
import math
import os
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime, time
from pathlib import Path
from types import MappingProxyType
from typing import Any

CONFIG_ENV = "READER_CONFIG"
CONFIG_FILE_NAME = "config.toml"
ENTITY_LABELS = ("PERSON", "ORG", "PLACE", "DATE", "MISC")
SIDEBAR_WIDTH_MIN, SIDEBAR_WIDTH_MAX = 20, 120
MAX_DATE_CHARS = 24  # a formatted date must fit the sidebar's date column
MAX_CONFIG_BYTES = 1 << 20
MAX_SKIPPED_LINES = 5  # syntax errors after which the whole file is given up
SAMPLE_DATE = datetime(2024, 3, 5, 22, 49)

DEFAULT_HIGHLIGHT = MappingProxyType(
    {"PERSON": "$primary", "ORG": "$secondary", "PLACE": "$success", "DATE": "$warning", "MISC": "$accent"}
)


@dataclass(frozen=True)
class Config:
    """Effective settings. ``highlight`` always has every label; ``keys`` only overrides."""

    paths: tuple[str, ...] = ()
    theme: str = "textual-dark"
    sidebar_width: int = 44
    date_format: str = "%Y-%m-%d"
    hide_read: bool = False
    highlight: Mapping[str, str] = field(default_factory=lambda: DEFAULT_HIGHLIGHT)
    keys: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


SETTINGS = tuple(f.name for f in fields(Config))


# -- where the file is ---------------------------------------------------------------


def default_config_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_config_dir("reader")) / CONFIG_FILE_NAME


def config_path(path: str | os.PathLike | None = None) -> tuple[Path, bool]:
    """The file to read, and whether the user named it (then it must exist)."""
    if path is not None and str(path):
        return Path(path), True
    if os.environ.get(CONFIG_ENV):
        return Path(os.environ[CONFIG_ENV]), True
    return default_config_path(), False


# -- loading ---------------------------------------------------------------------------


def load_config(
    path: str | os.PathLike | None = None,
    *,
    themes: Iterable[str] | None = None,
    binding_ids: Iterable[str] | Callable[[], Iterable[str] | None] | None = None,
) -> tuple[Config, list[str]]:
    """The effective config and human-readable problems. Never raises.

    ``themes`` and ``binding_ids``, when given, are the names the app knows; otherwise
    any well-formed theme name or binding id is accepted for the UI to check. ``binding_ids``
    may be a function, called only when the file has a [keys] table.
    """
    try:
        file, named = config_path(path)
    except Exception as error:  # noqa: BLE001 - e.g. no home directory at all
        return Config(), [f"cannot locate the config file: {error}"]
    shown = _display(file)
    try:
        data = _read(file)
    except FileNotFoundError:
        return Config(), ([f"{shown}: no such config file; using the defaults"] if named else [])
    except (OSError, ValueError) as error:
        reason = error.strerror.lower() if isinstance(error, OSError) and error.strerror else str(error)
        return Config(), [f"{shown}: cannot read the config file ({reason}); using the defaults"]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        return Config(), [f"{shown}:{line}: not UTF-8 text; the file is ignored and the defaults apply"]
    return load_config_text(text, name=shown, base=file.parent, themes=themes, binding_ids=binding_ids)


def load_config_text(
    text: str,
    *,
    name: str = CONFIG_FILE_NAME,
    base: Path | None = None,
    themes: Iterable[str] | None = None,
    binding_ids: Iterable[str] | Callable[[], Iterable[str] | None] | None = None,
) -> tuple[Config, list[str]]:
    """As :func:`load_config`, from the file's text; ``name`` prefixes messages and
    relative ``paths`` are taken from ``base`` (the file's folder). Never raises."""
    try:
        text = text.removeprefix("\ufeff")
        data, problems = _parse(text, name)
        checker = _Checker(text, name, base, themes, binding_ids)
        config = checker.check(data)
        return config, problems + checker.problems
    except Exception as error:  # noqa: BLE001 - a config file must never stop the app
        return Config(), [f"{name}: cannot be used ({type(error).__name__}: {error}); using the defaults"]


def _read(file: Path) -> bytes:
    if file.is_dir():
        raise ValueError("it is a folder")
    with open(file, "rb") as handle:
        data = handle.read(MAX_CONFIG_BYTES + 1)
    if len(data) > MAX_CONFIG_BYTES:
        raise ValueError(f"larger than {MAX_CONFIG_BYTES // 1024} KB")
    return data


_HINTS = {"Cannot overwrite a value": " (is this key set twice?)"}
# Compiled at import (about 1 ms for all of this module's), so that tests can find every pattern of the
# package and check that none backtracks super-linearly. One used only with match()/fullmatch() starts
# with \A, and the search below cannot start inside a run of spaces (its leftmost match never does).
_POSITION = re.compile(r"(?<!\s)\s*\((?:at line (\d+), column (\d+)|at end of document)\)$")


def _parse(text: str, name: str) -> tuple[dict, list[str]]:
    """tomllib, skipping a line with a syntax error (up to a few) so the rest still applies."""
    import tomllib  # only when there is a config file (the app's start-up usually has none)

    lines = (text if text.endswith("\n") else text + "\n").split("\n")
    problems: list[str] = []
    while True:
        try:
            return tomllib.loads("\n".join(lines)), problems
        except tomllib.TOMLDecodeError as error:
            message = str(error)
            match = _POSITION.search(message)
            reason = message[: match.start()] if match else message
            reason += _HINTS.get(reason, "")
            if not match or match.group(1) is None:
                problems.append(
                    f"{name}: invalid TOML at the end of the file: {reason} (an unclosed string or array?); "
                    "the file is ignored and the defaults apply"
                )
                return {}, problems
            line, column = int(match.group(1)), int(match.group(2))
            if len(problems) >= MAX_SKIPPED_LINES or not lines[line - 1].strip():
                problems.append(
                    f"{name}:{line}:{column}: invalid TOML: {reason}; the file is ignored and the defaults apply"
                )
                return {}, problems
            problems.append(f"{name}:{line}:{column}: invalid TOML: {reason}; line {line} is ignored")
            lines[line - 1] = ""
        except RecursionError:
            problems.append(f"{name}: nested too deeply to read; the file is ignored and the defaults apply")
            return {}, problems


# -- checking each setting -------------------------------------------------------------


class _Checker:
    def __init__(self, text, name, base, themes, binding_ids) -> None:
        self.lines = text.split("\n")
        self.name = name
        self.base = base
        self.themes = None if themes is None else sorted(set(themes))
        # The app's binding ids, or a function giving them (called only for a [keys] table).
        self.binding_ids = binding_ids if binding_ids is None or callable(binding_ids) else sorted(set(binding_ids))
        self.problems: list[str] = []

    def report(self, key: str, message: str) -> None:
        line = _key_line(self.lines, key)
        where = f"{self.name}:{line}" if line else self.name
        self.problems.append(f"{where}: {key}: {message}")

    def check(self, data: dict) -> Config:
        changes: dict[str, Any] = {}
        for key, value in data.items():
            check = getattr(self, f"_check_{key}", None) if key in SETTINGS else None
            if check is None:
                self.report(_toml_key(key), f"unknown setting{_suggest(key, SETTINGS)}; ignored")
                continue
            try:
                result = check(key, value)
            except Exception as error:  # one setting that can't be checked loses only itself
                self.report(_toml_key(key), f"cannot be used ({type(error).__name__}: {error}); the default applies")
                continue
            if result is not None:
                changes[key] = result
        return replace(Config(), **changes)

    def _check_paths(self, key, value):
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.report(key, f"expected a list of folder paths, got {describe(value)}")
            return None
        paths = []
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip() or "\0" in item:
                expected = "expected a folder path (a non-empty string)"
                self.report(key, f"item {i + 1}: {expected}, got {describe(item)}; skipped")
                continue
            try:
                path = Path(item).expanduser()
            except RuntimeError:  # "~nosuchuser/news": no such user, so no home folder to expand
                user = item[1:].split("/", 1)[0]
                self.report(key, f"item {i + 1}: no user named {describe(user)} to expand {describe(item)}; skipped")
                continue
            if not path.is_absolute() and self.base is not None:
                path = self.base / path
            paths.append(str(path))
        return tuple(paths)

    def _check_theme(self, key, value):
        if not isinstance(value, str) or not value.strip() or len(value) > 100:
            self.report(key, f"expected a theme name like \"textual-dark\", got {describe(value)}")
            return None
        if self.themes is not None and value not in self.themes:
            self.report(key, f"unknown theme {describe(value)}{_suggest(value, self.themes)}; "
                        f"available: {', '.join(self.themes)}")
            return None
        return value

    def _check_sidebar_width(self, key, value):
        if isinstance(value, bool) or not isinstance(value, int) or not SIDEBAR_WIDTH_MIN <= value <= SIDEBAR_WIDTH_MAX:
            expected = f"expected an integer from {SIDEBAR_WIDTH_MIN} to {SIDEBAR_WIDTH_MAX}"
            self.report(key, f"{expected}, got {describe(value)}")
            return None
        return value

    def _check_date_format(self, key, value):
        problem = date_format_problem(value)
        if problem:
            self.report(key, problem)
            return None
        return value

    def _check_hide_read(self, key, value):
        if not isinstance(value, bool):
            self.report(key, f"expected true or false, got {describe(value)}")
            return None
        return value

    def _check_highlight(self, key, value):
        if not isinstance(value, dict):
            self.report(key, f"expected a table of entity label = colour, got {describe(value)}")
            return None
        colours = dict(DEFAULT_HIGHLIGHT)
        for label, colour in value.items():
            where = f"{key}.{_toml_key(label)}"
            if label.upper() not in ENTITY_LABELS:
                self.report(where, f"unknown entity label{_suggest(label.upper(), ENTITY_LABELS)}; "
                            f"expected one of {', '.join(ENTITY_LABELS)}{_misplaced(label)}")
            elif not is_colour(colour):
                self.report(where, f"expected a colour like \"#ff8800\", \"#f80\", \"orange\" or \"$accent\", "
                            f"got {describe(colour)}")
            else:
                colours[label.upper()] = colour.strip()
        return MappingProxyType(colours)

    def _check_keys(self, key, value):
        if not isinstance(value, dict):
            self.report(key, f"expected a table of binding id = keys, got {describe(value)}")
            return None
        if callable(self.binding_ids):
            ids = self.binding_ids()
            self.binding_ids = None if ids is None else sorted(set(ids))
        keymap = {}
        for binding_id, keys in _flatten(value):
            where = f"{key}.{binding_id}"
            if not _BINDING_ID.fullmatch(binding_id):
                self.report(where, "expected a binding id like \"app.quit\" (press ? in the app to see them)"
                            f"{_misplaced(binding_id)}")
            elif self.binding_ids is not None and binding_id not in self.binding_ids:
                self.report(where, f"unknown binding id{_suggest(binding_id, self.binding_ids)}; ignored")
            elif (problem := key_list_problem(keys)) is not None:
                self.report(where, problem)
            else:
                keymap[binding_id] = ",".join(part.strip() for part in keys.split(","))
        return MappingProxyType(keymap)


def _misplaced(name: str) -> str:
    if name in SETTINGS:
        return f" ({name} is a top-level setting: put it above the first [table])"
    return ""


def _flatten(table: dict, prefix: str = "") -> Iterable[tuple[str, Any]]:
    """``[keys] "app.quit" = ...`` and ``[keys.app] quit = ...`` mean the same."""
    for name, value in table.items():
        full = f"{prefix}.{name}" if prefix else name
        if isinstance(value, dict):
            yield from _flatten(value, full)
        else:
            yield full, value


# -- value checks, usable on their own -------------------------------------------------

_MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})
_BINDING_ID = re.compile(r"\A[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)+")
_HEX_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})")
_THEME_VARIABLE = re.compile(r"\$[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
_CSS_NAMES = frozenset(
    "black silver gray grey white maroon red purple fuchsia green lime olive yellow navy blue teal aqua "
    "orange pink gold brown cyan magenta violet indigo coral salmon crimson khaki tomato orchid plum "
    "turquoise skyblue steelblue slategray darkgray lightgray darkred darkgreen darkblue darkorange "
    "lightblue lightgreen hotpink deeppink chocolate tan beige ivory lavender transparent".split()
)
_STRFTIME = re.compile(r"%([-_0^#]?)(.?)", re.DOTALL)
_DIRECTIVES = frozenset("aAbBcCdDeFgGhHIjklmMnpPrRsStTuUVwWxXyYzZ%")
_DATE_DIRECTIVES = frozenset("aAbBcCdDeFgGhjmUuVwWxyY")


def is_colour(value: object) -> bool:
    """``#rgb``/``#rrggbb`` (with optional alpha), a colour name, or a theme variable like ``$accent``."""
    if not isinstance(value, str):
        return False
    text = value.strip()
    if _HEX_COLOUR.fullmatch(text) or _THEME_VARIABLE.fullmatch(text) or text.lower() in _CSS_NAMES:
        return True
    if not text or len(text) > 64:
        return False
    try:  # every other CSS and ANSI name, rgb(), hsl(): Textual knows them
        from textual.color import Color

        Color.parse(text)
        return True
    except Exception:  # noqa: BLE001 - any failure means "not a colour"
        return False


def key_list_problem(value: object) -> str | None:
    """None if ``value`` is comma-separated keys ("j,down", "ctrl+q"), else why not."""
    expected = "expected comma-separated keys like \"j,down\" or \"ctrl+q\""
    if not isinstance(value, str):
        return f"{expected}, got {describe(value)}"
    for part in (p.strip() for p in value.split(",")):
        if not part:
            return f"{expected}, got {describe(value)} (an empty key)"
        if any(ch.isspace() for ch in part) or len(part) > 40:
            return f"{expected}, got {describe(value)} ({describe(part)} is not a key name)"
        if part != "+" and "+" in part:
            *modifiers, name = part.split("+")
            bad = [m for m in modifiers if m.lower() not in _MODIFIERS]
            if bad or not name:
                what = f"unknown modifier {describe(bad[0])}" if bad else "no key after the modifier"
                return f"{expected}, got {describe(value)} ({what}; modifiers are {', '.join(sorted(_MODIFIERS))})"
    return None


def date_format_problem(value: object) -> str | None:
    """None if ``value`` is a strftime pattern that formats a date to something short."""
    if not isinstance(value, str) or not value.strip():
        return f"expected a strftime pattern like \"%Y-%m-%d\" or \"%d %b %Y\", got {describe(value)}"
    letters = []
    for match in _STRFTIME.finditer(value):
        letter = match.group(2)
        if letter not in _DIRECTIVES or not letter:
            what = "a lone \"%\" at the end" if not letter else f"unknown directive \"%{match.group(1)}{letter}\""
            return f"{what} in {describe(value)}; use directives like %Y, %m, %d, %b, %H:%M"
        letters.append(letter)
    if not _DATE_DIRECTIVES.intersection(letters):
        return f"{describe(value)} has no date directive (like %Y, %m or %d), so every date would look the same"
    try:
        sample = SAMPLE_DATE.strftime(value)
    except Exception as error:  # noqa: BLE001 - the C library's reasons vary
        return f"{describe(value)} cannot format a date: {error}"
    if len(sample) > MAX_DATE_CHARS or any(ch in sample for ch in "\n\r\t"):
        return (f"{describe(value)} formats {SAMPLE_DATE:%d %B %Y %H:%M} as {describe(sample)}: "
                f"too long for the sidebar (at most {MAX_DATE_CHARS} characters on one line)")
    return None


def describe(value: object) -> str:
    """A value as the message shows it: strings quoted, TOML spelling for the rest."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:39] + "…"
        return json.dumps(shown, ensure_ascii=False)
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, (datetime, date, time)):
        return f"the date-time {value.isoformat()}"
    return type(value).__name__


def _suggest(word: str, choices: Iterable[str]) -> str:
    import difflib  # only when there is a mistake to explain

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {describe(close[0])}?)" if close else ""


# -- finding the line of a key ------------------------------------------------------

_BARE_KEY = r"[A-Za-z0-9_-]+"
_KEY_PART = rf"\s*(?:\"(?:[^\"\\]|\\.)*\"|'[^']*'|{_BARE_KEY})\s*"
_ASSIGNMENT = re.compile(rf"\A({_KEY_PART}(?:\.{_KEY_PART})*)=")
_HEADER = re.compile(rf"\A\[\[?({_KEY_PART}(?:\.{_KEY_PART})*)\]")
_BARE_KEY_NAME = re.compile(_BARE_KEY)
# A quoted part never opens right after a backslash, so each quote is scanned from at most once.
_DOTTED_PART = re.compile(rf"(?<!\\)\"(?:[^\"\\]|\\.)*\"|'[^']*'|{_BARE_KEY}")


def _key_parts(dotted: str) -> list[str]:
    parts = _DOTTED_PART.findall(dotted)
    return [_unquote(p) for p in parts]


def _unquote(part: str) -> str:
    if part.startswith('"'):
        try:
            return json.loads(part)
        except ValueError:
            return part[1:-1]
    if part.startswith("'"):
        return part[1:-1]
    return part


def _key_line(lines: list[str], key: str) -> int | None:
    """The line where ``key`` (as in messages: "sidebar_width", "highlight.PERSON",
    "keys.app.quit") is set, by scanning for ``key =`` under its table;
    failing that, the line of its nearest parent. None if not found."""
    target = key
    found: dict[str, int] = {}
    table: list[str] = []
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        header = _HEADER.match(line)
        if header:
            table = _key_parts(header.group(1))
            found.setdefault(".".join(table), number)
            continue
        assignment = _ASSIGNMENT.match(line)
        if assignment:
            parts = table + _key_parts(assignment.group(1))
            for end in range(len(table) + 1, len(parts) + 1):  # a.b.c = 1 also sets a and a.b
                found.setdefault(".".join(parts[:end]), number)
    candidate = target
    while candidate:
        if candidate in found:
            return found[candidate]
        candidate = candidate.rpartition(".")[0]
    return None


# -- writing the effective settings ---------------------------------------------------


def render_config(
    config: Config,
    *,
    source: str | None = None,
    binding_defaults: Mapping[str, str] | None = None,
) -> str:
    """The settings as commented TOML that loads back to the same ``config``.

    ``binding_defaults`` (binding id → default keys), when given, lists every binding
    not overridden as a commented-out line, so users can see what to change.
    """
    out = ["# reader configuration: the effective settings."]
    if source:
        out.append(f"# {source}")
    out += [
        f"# Edit a copy at {_display(_safe_default_path())} (or set {CONFIG_ENV}=/path/to/file).",
        "",
        "# Folders opened when `reader` runs without a PATH ([] = the bundled sample articles).",
        f"paths = {_toml_array(config.paths)}",
        "",
        "# A Textual theme: textual-dark, textual-light, nord, gruvbox, dracula, tokyo-night, ...",
        f"theme = {_toml_string(config.theme)}",
        "",
        f"# Sidebar width in columns, {SIDEBAR_WIDTH_MIN} to {SIDEBAR_WIDTH_MAX}.",
        f"sidebar_width = {config.sidebar_width}",
        "",
        "# strftime pattern for sidebar dates (dates known only to the month or year show as 2024-03 or 2024).",
        f"date_format = {_toml_string(config.date_format)}",
        "",
        "# Hide articles already read.",
        f"hide_read = {'true' if config.hide_read else 'false'}",
        "",
        "# Highlight colour per entity label: \"#rrggbb\", \"#rgb\", a colour name,",
        "# or a theme variable like \"$accent\" (follows the theme).",
        "[highlight]",
    ]
    out += [f"{_toml_key(label)} = {_toml_string(colour)}" for label, colour in config.highlight.items()]
    out += [
        "",
        "# Key overrides: binding id = comma-separated keys, e.g. \"app.quit\" = \"q,ctrl+q\".",
        "# Press ? in the app to see every binding id.",
        "[keys]",
    ]
    out += [f"{_toml_key(binding)} = {_toml_string(keys)}" for binding, keys in sorted(config.keys.items())]
    for binding, keys in sorted((binding_defaults or {}).items()):
        if binding not in config.keys:
            out.append(f"# {_toml_key(binding)} = {_toml_string(keys)}")
    return "\n".join(out) + "\n"


def print_config(
    path: str | os.PathLike | None = None,
    *,
    themes: Iterable[str] | None = None,
    binding_defaults: Mapping[str, str] | None = None,
) -> int:
    """``reader --print-config``: effective settings on stdout, problems on stderr.

    Exit status 1 when the file has problems (the settings shown are still the ones
    that apply), so ``reader --print-config >/dev/null`` checks a config file.
    """
    try:
        file, _ = config_path(path)
        if themes is None:
            themes = builtin_theme_names()
        ids = None if binding_defaults is None else list(binding_defaults)
        config, problems = load_config(path, themes=themes, binding_ids=ids)
        shown = _display(file)
        source = f"Read from {shown}." if file.is_file() else f"No file at {shown}: these are the defaults."
        _write(sys.stdout, render_config(config, source=source, binding_defaults=binding_defaults))
        for problem in problems:
            _write(sys.stderr, f"reader: {problem}\n")
        return 1 if problems else 0
    except BrokenPipeError:
        raise
    except Exception as error:  # noqa: BLE001 - the CLI promises one line, never a traceback
        _write(sys.stderr, f"reader: cannot print the config: {error}\n")
        return 1


def builtin_theme_names() -> list[str] | None:
    """Textual's built-in theme names, or None if Textual cannot say."""
    try:
        from textual.theme import BUILTIN_THEMES

        return list(BUILTIN_THEMES)
    except Exception:  # noqa: BLE001
        return None


def _write(stream, text: str) -> None:
    encoding = getattr(stream, "encoding", None) or "utf-8"
    stream.write(text.encode(encoding, "backslashreplace").decode(encoding, "replace"))
    stream.flush()


def _safe_default_path() -> Path:
    try:
        return default_config_path()
    except Exception:  # noqa: BLE001
        return Path("~/.config/reader") / CONFIG_FILE_NAME


def _display(path: Path) -> str:
    """The path with the home folder as ~, as users write it."""
    try:
        home = str(Path.home())
        text = str(path)
        if home not in ("", "/") and (text == home or text.startswith(home + os.sep)):
            return "~" + text[len(home):]
        return text
    except Exception:  # noqa: BLE001 - no home folder
        return str(path)


def _toml_key(key: str) -> str:
    return key if _BARE_KEY_NAME.fullmatch(key) else _toml_string(key)


def _toml_array(items: Iterable[str]) -> str:
    return "[" + ", ".join(_toml_string(item) for item in items) + "]"


def _toml_string(text: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    out = ['"']
    for ch in text:
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch in _SHORT_ESCAPES:
            out.append(_SHORT_ESCAPES[ch])
        elif 0xD800 <= code <= 0xDFFF:
            out.append("\uFFFD")  # a lone surrogate cannot be written in TOML
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\u{code:04X}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


_SHORT_ESCAPES = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}
