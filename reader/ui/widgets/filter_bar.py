"""The filter bar: the query input, a short message when the query does not parse, and a
live count ("3 of 5")."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Static

from reader.ui import visible


class FilterInput(Input):
    """The query input. Esc clears it; Enter and ↓ go to the list."""

    BINDING_GROUP_TITLE = "Filter"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "clear_filter", "Clear filter", id="filter.clear"),
        Binding("enter,down", "to_list", "To list", id="filter.to_list"),
    ]

    class Done(Message):
        """The user leaves the filter (``cleared`` when Esc emptied it)."""

        def __init__(self, cleared: bool) -> None:
            super().__init__()
            self.cleared = cleared

    def action_clear_filter(self) -> None:
        self.value = ""
        self.post_message(self.Done(cleared=True))

    def action_to_list(self) -> None:
        self.post_message(self.Done(cleared=False))


class FilterBar(Horizontal):
    """Holds the input and the count; the app sets the count. The error label is mounted
    the first time a query does not parse (each widget costs start-up time)."""

    def compose(self) -> ComposeResult:
        yield FilterInput(placeholder="Filter (/)", id="filter-input", select_on_focus=False)
        yield Static("", id="filter-count", markup=False)

    @property
    def input(self) -> FilterInput:
        return self.query_one(FilterInput)

    def set_count(self, shown: int, total: int, active: bool) -> None:
        label = self.query_one("#filter-count", Static)
        label.update(f"{shown:,} of {total:,}" if active else f"{total:,} articles")
        label.set_class(active and shown == 0, "-none")

    def set_error(self, message: str | None) -> None:
        """Show why the query does not parse (e.g. "unclosed quote at 7"), or clear it."""
        label = self.query_one_optional("#filter-error", Static)
        if label is None and message:
            label = Static("", id="filter-error", markup=False)
            self.mount(label, before="#filter-count")
        if label is not None:
            label.update(Content(visible(message or "")))
            label.set_class(bool(message), "-shown")
        self.input.set_class(bool(message), "-invalid")

    @property
    def error(self) -> str:
        label = self.query_one_optional("#filter-error", Static)
        return str(label.render()) if label is not None and label.has_class("-shown") else ""
