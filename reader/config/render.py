"""Writing the effective settings: ``reader --print-config`` and the commented TOML it prints.

The output loads back to the same settings, so it doubles as a starting config file, and
every binding not overridden is listed commented out, so users can see what to change.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TextIO

from reader.config.load import (
    CONFIG_ENV,
    CONFIG_FILE_NAME,
    FIELD_ROLES,
    SIDEBAR_WIDTH_MAX,
    SIDEBAR_WIDTH_MIN,
    Config,
    config_path,
    default_config_path,
    display_path,
    load_config,
)
from reader.config.toml_text import toml_array, toml_key, toml_string


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
        f"# Edit a copy at {display_path(_safe_default_path())} (or set {CONFIG_ENV}=/path/to/file).",
        "",
        "# Folders opened when `reader` runs without a PATH ([] = the bundled sample articles).",
        f"paths = {toml_array(config.paths)}",
        "",
        "# A Textual theme: textual-dark, textual-light, nord, gruvbox, dracula, tokyo-night, ...",
        f"theme = {toml_string(config.theme)}",
        "",
        f"# Sidebar width in columns, {SIDEBAR_WIDTH_MIN} to {SIDEBAR_WIDTH_MAX}.",
        f"sidebar_width = {config.sidebar_width}",
        "",
        "# strftime pattern for sidebar dates (dates known only to the month or year show as 2024-03 or 2024).",
        f"date_format = {toml_string(config.date_format)}",
        "",
        "# Hide articles already read.",
        f"hide_read = {'true' if config.hide_read else 'false'}",
        "",
        "# Show the same story from several sources (near copies) as one row with a count; space unfolds it.",
        f"group_stories = {'true' if config.group_stories else 'false'}",
        "",
        "# With --watch, fetch the feeds followed (reader feeds) every this many minutes; 0 = only on R.",
        f"fetch_every = {config.fetch_every}",
        "",
        '# Highlight colour per entity label: "#rrggbb", "#rgb", a colour name,',
        '# or a theme variable like "$accent" (follows the theme).',
        "[highlight]",
    ]
    out += [f"{toml_key(label)} = {toml_string(colour)}" for label, colour in config.highlight.items()]
    out += [
        "",
        '# Key overrides: binding id = comma-separated keys, e.g. "app.quit" = "q,ctrl+q".',
        "# Press ? in the app to see every binding id.",
        "[keys]",
    ]
    out += [f"{toml_key(binding)} = {toml_string(keys)}" for binding, keys in sorted(config.keys.items())]
    for binding, keys in sorted((binding_defaults or {}).items()):
        if binding not in config.keys:
            out.append(f"# {toml_key(binding)} = {toml_string(keys)}")
    out += [
        "",
        "# Field names of dataset records (JSON Lines, JSON, CSV) for each role, tried before the usual ones:",
        f'# {", ".join(FIELD_ROLES)}. E.g. title = ["hed"], text = "story_body".',
        "[fields]",
    ]
    out += [f"{toml_key(role)} = {toml_array(names)}" for role, names in config.fields.items()]
    return "\n".join(out) + "\n"


def print_config(
    path: str | os.PathLike[str] | None = None,
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
        shown = display_path(file)
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
    except Exception:  # noqa: BLE001 - without the names any well-formed theme name is accepted
        return None


def _write(stream: TextIO, text: str) -> None:
    encoding = getattr(stream, "encoding", None) or "utf-8"
    stream.write(text.encode(encoding, "backslashreplace").decode(encoding, "replace"))
    stream.flush()


def _safe_default_path() -> Path:
    try:
        return default_config_path()
    except Exception:  # noqa: BLE001 - e.g. no home folder: the usual place still tells users where to look
        return Path("~/.config/reader") / CONFIG_FILE_NAME
