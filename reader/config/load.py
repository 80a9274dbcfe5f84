"""Reading the configuration file: TOML in the user config directory, checked key by key.

``platformdirs.user_config_dir("reader")/config.toml`` (XDG_CONFIG_HOME is respected);
``READER_CONFIG`` or an explicit path overrides it. Loading never raises: every problem
becomes a message naming the file, line and key, and only the bad keys fall back to
their defaults. A syntax error costs just its line when the rest still parses.

Textual is not imported here except, lazily, to recognise colour names (reader.config.checks).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from reader.config.checks import date_format_problem, describe, is_colour, key_list_problem, suggest
from reader.config.toml_text import key_line, toml_key
from reader.entities.model import LABELS

CONFIG_ENV = "READER_CONFIG"
CONFIG_FILE_NAME = "config.toml"
ENTITY_LABELS: tuple[str, ...] = LABELS  # the labels the recogniser gives, each with a colour
SIDEBAR_WIDTH_MIN, SIDEBAR_WIDTH_MAX = 20, 120
MAX_CONFIG_BYTES = 1 << 20
MAX_SKIPPED_LINES = 5
FETCH_EVERY_MIN, FETCH_EVERY_MAX = 5, 7 * 24 * 60  # syntax errors after which the whole file is given up

#: The roles of a dataset record's fields (reader.ingest.datasets.FIELDS) that [fields] can name.
FIELD_ROLES = ("title", "text", "date", "url", "author", "source", "language", "feed", "id")
MAX_FIELD_NAMES = 20  # per role

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
    #: Near copies of one story (several outlets, a rewritten wire copy) as one row of the list, its copies folded.
    group_stories: bool = True
    #: With --watch, fetch the feeds followed every this many minutes (0: never while open).
    fetch_every: int = 60
    highlight: Mapping[str, str] = field(default_factory=lambda: DEFAULT_HIGHLIGHT)
    keys: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    #: Dataset field names per role, tried before the built-in ones ({"title": ("hed",)}).
    fields: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))


SETTINGS = tuple(f.name for f in fields(Config))


# -- where the file is ---------------------------------------------------------------


def default_config_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_config_dir("reader")) / CONFIG_FILE_NAME


def config_path(path: str | os.PathLike[str] | None = None) -> tuple[Path, bool]:
    """The file to read, and whether the user named it (then it must exist)."""
    if path is not None and str(path):
        return Path(path), True
    if os.environ.get(CONFIG_ENV):
        return Path(os.environ[CONFIG_ENV]), True
    return default_config_path(), False


# -- loading ---------------------------------------------------------------------------


def load_config(
    path: str | os.PathLike[str] | None = None,
    *,
    themes: Iterable[str] | None = None,
    binding_ids: BindingIds | None = None,
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
    shown = display_path(file)
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
    binding_ids: BindingIds | None = None,
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


def _parse(text: str, name: str) -> tuple[dict[str, Any], list[str]]:
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


BindingIds = Iterable[str] | Callable[[], Iterable[str] | None]


class _Checker:
    """Checks each setting of the parsed file, collecting one problem per bad key or item."""

    def __init__(
        self, text: str, name: str, base: Path | None, themes: Iterable[str] | None, binding_ids: BindingIds | None
    ) -> None:
        self.lines = text.split("\n")
        self.name = name
        self.base = base
        self.themes = None if themes is None else sorted(set(themes))
        # The app's binding ids, or a function giving them (called only for a [keys] table).
        self.binding_ids: list[str] | Callable[[], Iterable[str] | None] | None = (
            binding_ids if binding_ids is None or callable(binding_ids) else sorted(set(binding_ids))
        )
        self.problems: list[str] = []

    def report(self, key: str, message: str) -> None:
        line = key_line(self.lines, key)
        where = f"{self.name}:{line}" if line else self.name
        self.problems.append(f"{where}: {key}: {message}")

    def check(self, data: dict[str, Any]) -> Config:
        changes: dict[str, Any] = {}
        for key, value in data.items():
            check = getattr(self, f"_check_{key}", None) if key in SETTINGS else None
            if check is None:
                self.report(toml_key(key), f"unknown setting{suggest(key, SETTINGS)}; ignored")
                continue
            try:
                result = check(key, value)
            except Exception as error:  # noqa: BLE001 - one setting that can't be checked loses only itself
                self.report(toml_key(key), f"cannot be used ({type(error).__name__}: {error}); the default applies")
                continue
            if result is not None:
                changes[key] = result
        return replace(Config(), **changes)

    def _check_paths(self, key: str, value: object) -> tuple[str, ...] | None:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.report(key, f"expected a list of folder paths, got {describe(value)}")
            return None
        paths: list[str] = []
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

    def _check_theme(self, key: str, value: object) -> str | None:
        if not isinstance(value, str) or not value.strip() or len(value) > 100:
            self.report(key, f'expected a theme name like "textual-dark", got {describe(value)}')
            return None
        if self.themes is not None and value not in self.themes:
            self.report(
                key,
                f"unknown theme {describe(value)}{suggest(value, self.themes)}; available: {', '.join(self.themes)}",
            )
            return None
        return value

    def _check_sidebar_width(self, key: str, value: object) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int) or not SIDEBAR_WIDTH_MIN <= value <= SIDEBAR_WIDTH_MAX:
            expected = f"expected an integer from {SIDEBAR_WIDTH_MIN} to {SIDEBAR_WIDTH_MAX}"
            self.report(key, f"{expected}, got {describe(value)}")
            return None
        return value

    def _check_date_format(self, key: str, value: object) -> str | None:
        problem = date_format_problem(value)
        if problem is None and isinstance(value, str):  # (no problem means a str pattern)
            return value
        self.report(key, problem or describe(value))
        return None

    def _check_hide_read(self, key: str, value: object) -> bool | None:
        if not isinstance(value, bool):
            self.report(key, f"expected true or false, got {describe(value)}")
            return None
        return value

    def _check_group_stories(self, key: str, value: object) -> bool | None:
        if not isinstance(value, bool):
            self.report(key, f"expected true or false, got {describe(value)}")
            return None
        return value

    def _check_fetch_every(self, key: str, value: object) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= FETCH_EVERY_MAX:
            self.report(key, f"expected minutes, an integer from 0 (never) to {FETCH_EVERY_MAX}, got {describe(value)}")
            return None
        if 0 < value < FETCH_EVERY_MIN:
            self.report(
                key, f"at least {FETCH_EVERY_MIN} minutes (servers ask to be polled gently); using {FETCH_EVERY_MIN}"
            )
            return FETCH_EVERY_MIN
        return value

    def _check_highlight(self, key: str, value: object) -> Mapping[str, str] | None:
        if not isinstance(value, dict):
            self.report(key, f"expected a table of entity label = colour, got {describe(value)}")
            return None
        colours = dict(DEFAULT_HIGHLIGHT)
        for label, colour in value.items():
            where = f"{key}.{toml_key(label)}"
            if label.upper() not in ENTITY_LABELS:
                self.report(
                    where,
                    f"unknown entity label{suggest(label.upper(), ENTITY_LABELS)}; "
                    f"expected one of {', '.join(ENTITY_LABELS)}{_misplaced(label)}",
                )
            elif not is_colour(colour):
                self.report(
                    where, f'expected a colour like "#ff8800", "#f80", "orange" or "$accent", got {describe(colour)}'
                )
            else:
                colours[label.upper()] = colour.strip()
        return MappingProxyType(colours)

    def _check_keys(self, key: str, value: object) -> Mapping[str, str] | None:
        if not isinstance(value, dict):
            self.report(key, f"expected a table of binding id = keys, got {describe(value)}")
            return None
        if callable(self.binding_ids):
            ids = self.binding_ids()
            self.binding_ids = None if ids is None else sorted(set(ids))
        keymap: dict[str, str] = {}
        for binding_id, keys in _flatten(value):
            where = f"{key}.{binding_id}"
            if not _BINDING_ID.fullmatch(binding_id):
                self.report(
                    where,
                    f'expected a binding id like "app.quit" (press ? in the app to see them){_misplaced(binding_id)}',
                )
            elif self.binding_ids is not None and binding_id not in self.binding_ids:
                self.report(where, f"unknown binding id{suggest(binding_id, self.binding_ids)}; ignored")
            elif (problem := key_list_problem(keys)) is not None:
                self.report(where, problem)
            else:
                keymap[binding_id] = ",".join(part.strip() for part in keys.split(","))
        return MappingProxyType(keymap)

    def _check_fields(self, key: str, value: object) -> Mapping[str, tuple[str, ...]] | None:
        if not isinstance(value, dict):
            self.report(
                key,
                f'expected a table of role = field names, like title = ["hed", "headline_text"], got {describe(value)}',
            )
            return None
        names: dict[str, tuple[str, ...]] = {}
        for role, given in value.items():
            where = f"{key}.{toml_key(role)}"
            if role not in FIELD_ROLES:
                expected = f"expected one of {', '.join(FIELD_ROLES)}"
                self.report(where, f"unknown role{suggest(role, FIELD_ROLES)}; {expected}{_misplaced(role)}")
                continue
            listed = [given] if isinstance(given, str) else given
            if not isinstance(listed, list) or not listed:
                self.report(where, f"expected a field name or a list of them, got {describe(given)}")
                continue
            kept = []
            for i, name in enumerate(listed[:MAX_FIELD_NAMES]):
                if isinstance(name, str) and name.strip() and len(name) <= 100 and "\0" not in name:
                    kept.append(name.strip())
                else:
                    self.report(
                        where, f"item {i + 1}: expected a field name (a short string), got {describe(name)}; skipped"
                    )
            if len(listed) > MAX_FIELD_NAMES:
                self.report(where, f"more than {MAX_FIELD_NAMES} names; the rest are ignored")
            if kept:
                names[role] = tuple(kept)
        return MappingProxyType(names)


def _misplaced(name: str) -> str:
    if name in SETTINGS:
        return f" ({name} is a top-level setting: put it above the first [table])"
    return ""


def _flatten(table: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """``[keys] "app.quit" = ...`` and ``[keys.app] quit = ...`` mean the same."""
    for name, value in table.items():
        full = f"{prefix}.{name}" if prefix else name
        if isinstance(value, dict):
            yield from _flatten(value, full)
        else:
            yield full, value


_BINDING_ID = re.compile(r"\A[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)+")


def display_path(path: Path) -> str:
    """The path with the home folder as ~, as users write it."""
    try:
        home = str(Path.home())
        text = str(path)
        if home not in ("", "/") and (text == home or text.startswith(home + os.sep)):
            return "~" + text[len(home) :]
        return text
    except Exception:  # noqa: BLE001 - no home folder
        return str(path)
