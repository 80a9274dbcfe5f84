"""The open article's entities, grouped by label with mention counts; Enter picks one.

An OptionList is enough: one article has tens of entities, not thousands. Each label is a
disabled heading row; entity rows are coloured like their highlights in the reading pane.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.style import Style
from rich.text import Text
from textual import on
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.entities import Label
from reader.session.entity_view import EntityCount
from reader.ui import visible
from reader.ui.entity_styles import LABEL_NAMES, app_label_styles


class EntityChosen(Message):
    """Enter or a click on an entity: filter the list to it, n/N step through its mentions."""

    def __init__(self, label: str, canonical: str) -> None:
        super().__init__()
        self.label = label
        self.canonical = canonical


class EntitiesPanel(OptionList):
    """Entities of one article: a heading per label, then names, most mentioned first."""

    BINDING_GROUP_TITLE = "Entities"

    EntityChosen = EntityChosen

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.summary: Mapping[Label, Sequence[EntityCount]] = {}
        self.message = "Finding entities…"
        self._choices: dict[str, tuple[str, str]] = {}  # option id → (label, canonical)
        self._styled = False  # styles need the app's theme, known from mount on

    def on_mount(self) -> None:
        self._styled = True
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._rebuild())
        self._rebuild()

    # -- data, set by the app ------------------------------------------------------

    def show_entities(
        self,
        summary: Mapping[Label, Sequence[EntityCount]],
        message: str = "No entities in this article",
        chosen: tuple[str, str] | None = None,
    ) -> None:
        """List ``summary`` (from ``entity_view.summarise``); ``message`` when it is empty.

        ``chosen`` (label, canonical) gets the cursor when the article mentions it.
        """
        self.summary = summary
        self.message = message
        self._rebuild(chosen)

    def show_message(self, message: str) -> None:
        """No list, just a line (e.g. "Finding entities…" while the pass runs)."""
        self.show_entities({}, message)

    @property
    def choices(self) -> list[tuple[str, str]]:
        """(label, canonical) of every entity row, top to bottom."""
        return list(self._choices.values())

    # -- rendering -------------------------------------------------------------------

    def _rebuild(self, chosen: tuple[str, str] | None = None) -> None:
        if not self._styled:
            return
        if chosen is None and self.highlighted is not None:
            option = self.get_option_at_index(self.highlighted)
            chosen = self._choices.get(option.id or "")
        styles = app_label_styles(self.app)
        muted = Style(dim=True)
        options: list[Option] = []
        self._choices = {}
        for label, entries in self.summary.items():
            heading = Text.assemble(
                (LABEL_NAMES.get(label, label), styles[label] + Style(bold=True)), (f"  {len(entries)}", muted)
            )
            options.append(Option(heading, id=f"heading-{label}", disabled=True))
            for entry in entries:
                option_id = f"entity-{len(self._choices)}"
                self._choices[option_id] = (entry.label, entry.canonical)
                # × so "April ×1" is no date
                row = Text.assemble("  ", (visible(entry.canonical), styles[label]), (f"  ×{entry.count}", muted))
                options.append(Option(row, id=option_id))
        if not options:
            message = Text(visible(self.message), Style(italic=True, dim=True))
            options.append(Option(message, id="message", disabled=True))
        self.set_options(options)
        self._highlight(chosen)

    def _highlight(self, chosen: tuple[str, str] | None) -> None:
        ids = list(self._choices)
        if not ids:
            self.highlighted = None
            return
        target = next((option_id for option_id, choice in self._choices.items() if choice == chosen), ids[0])
        self.highlighted = self.get_option_index(target)

    def action_page_up(self) -> None:
        if self.scrollable_content_region:  # OptionList's page move needs its lines laid out
            super().action_page_up()  # type: ignore[no-untyped-call]

    def action_page_down(self) -> None:
        if self.scrollable_content_region:
            super().action_page_down()  # type: ignore[no-untyped-call]

    @on(OptionList.OptionSelected)
    def _on_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        choice = self._choices.get(event.option.id or "")
        if choice is not None:
            self.post_message(EntityChosen(*choice))
