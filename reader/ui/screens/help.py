"""The help screen, generated from the live bindings so it cannot drift.

Each part of the main screen contributes the bindings that have an id (ours,
possibly remapped by a keymap), grouped by the id so "down" and "j" share a row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.widgets import Static

from reader.ui.keymap import is_entity_binding
from reader.ui.screens.modal import ReaderModal

#: Keys Textual provides that belong in the help, shown under "App".
_BUILT_IN_ACTIONS = {
    "app.focus_next": "Next part",
    "app.focus_previous": "Previous part",
    "command_palette": "Command palette",
}


def binding_rows(
    nodes: DOMNode | Sequence[DOMNode],
    extra: Iterable[tuple[DOMNode, str]] = (),
    only: Callable[[str], bool] | None = None,
) -> list[tuple[str, str]]:
    """(keys, description) rows for the bindings of ``nodes`` that have an id (``only`` picks ids)."""
    owners = [nodes] if isinstance(nodes, DOMNode) else list(nodes)
    app = owners[0].app
    rows: dict[str, tuple[list[str], str]] = {}
    for binding in (binding for node in owners for binding in _bindings(node)):
        if binding.id is None or (only is not None and not only(binding.id)):
            continue
        keys, _ = rows.setdefault(binding.id, ([], binding.description))
        display = app.get_key_display(binding)
        if display not in keys:
            keys.append(display)
    for owner, action in extra:
        for binding in _bindings(owner):
            if binding.action == action:
                keys, _ = rows.setdefault(action, ([], _BUILT_IN_ACTIONS[action]))
                keys.append(app.get_key_display(binding))
    merged: dict[str, list[str]] = {}  # one row per description: "q ^c  Quit"
    for keys, description in rows.values():
        merged.setdefault(description, []).extend(key for key in keys if key not in merged.get(description, ()))
    return [(" ".join(keys), description) for description, keys in merged.items()]


def _bindings(node: DOMNode) -> list[Binding]:
    """The node's bindings as they apply now, with the app's keymap (as Screen does)."""
    bindings_map = node._bindings.copy()
    keymap = node.app._keymap
    if keymap:
        bindings_map.apply_keymap(keymap)
    return [binding for bindings in bindings_map.key_to_bindings.values() for binding in bindings]


#: The filter language, briefly (reader.query has the grammar). Shown under the keys.
QUERY_HELP: list[tuple[str, str]] = [
    ("iran energy", "every word, in any order (case and accents ignored; the last one may be cut short)"),
    ('"oil price"', "a phrase"),
    ('-word  -"a phrase"', "leave out articles that have it"),
    ("gas OR oil", "either; (gas OR oil) russia groups"),
    ("title:  dateline:", "only in the title / the dateline: title:summit"),
    ("source: author: site:", "the publication, author or web site its source states: site:bbc.co.uk"),
    ("person: org: place:", "an entity by its canonical name: person:Lavrov; entity: any kind"),
    ("after:2024-06", "dates: after:, before:, date: take 2025, 2025-05 or 2025-05-13"),
    ("", "an article dated only 2024 is not after:2024-06; undated ones match no date"),
    ("is:unread", "is:read, is:unread, is:starred"),
    ("n  N", "next / previous match in the article"),
]


def help_sections(app: App[Any]) -> list[tuple[str, list[tuple[str, str]]]]:
    """The help content: one section per part of the screen, from the real bindings."""
    main = app.screen_stack[0]
    parts = [
        ("Sidebar", main.query_one("#article-list")),
        ("Timeline", main.query_one("#timeline")),
        ("Reading pane", main.query_one("#pane")),
        ("Filter", main.query_one("#filter-input")),
    ]
    sections = [(title, binding_rows(node)) for title, node in parts]
    extra = [(main, "app.focus_next"), (main, "app.focus_previous"), (app, "command_palette")]
    # The app's keys (ctrl+c) and the main screen's, in that order.
    sections.append(("Entities", binding_rows([app, main], only=is_entity_binding)))
    from reader.ui.widgets.entities_panel import EntitiesPanel

    panel = main.query_one_optional("#entities", EntitiesPanel) or EntitiesPanel()  # (mounted when first shown)
    sections.append(("Entities panel (i)", binding_rows(panel)))
    others = binding_rows([app, main], extra, only=lambda binding_id: not is_entity_binding(binding_id))
    sections.append(("App", others))
    return sections


class HelpScreen(ReaderModal[None]):
    """Every key, by part of the screen."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close", key_display="esc", id="help.close"),
    ]

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
        & > VerticalScroll {
            width: 76;
            max-width: 100%;
            height: auto;
            max-height: 100%;
            background: $panel;
            border: round $primary;
            border-title-color: $text-primary;
            border-subtitle-color: $text-muted;
            padding: 0 1;
        }
        & Static { width: 1fr; }
        & .help-section { margin-bottom: 1; }
    }
    """

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = "Keys"
            scroll.border_subtitle = "esc to close"
            for title, rows in help_sections(self.app):
                yield Static(self._table(title, rows), classes="help-section")
            yield Static(self._table("Filter language", QUERY_HELP, key_width=20), classes="help-section")

    def _table(self, title: str, rows: list[tuple[str, str]], key_width: int = 14) -> Table:
        accent = self.app.theme_variables.get("text-accent", "")
        table = Table(
            title=Text(title, style=f"bold {accent}"),
            title_justify="left",
            show_header=False,
            box=None,
            padding=(0, 1),
            expand=True,
        )
        table.add_column("keys", width=key_width, no_wrap=True, style="bold")
        table.add_column("what", ratio=1)
        for keys, description in rows:
            table.add_row(Text(keys), Text(description))
        return table
