"""The sources panel (f): the feeds followed in their folders and the other publications, each
with its unread and total counts; Enter filters the list to one.

An OptionList is enough: a few hundred rows at most (reader.session.sources caps the
publications listed). A feed fetched in this session shows how it went on a second line.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.cells import cell_len, set_cell_size
from rich.style import Style
from rich.text import Text
from textual import on
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.session.sources import SourceEntry
from reader.ui import visible


class SourceChosen(Message):
    """Enter or a click on a row: show its articles (``query`` is the filter term, "" for all)."""

    def __init__(self, entry: SourceEntry) -> None:
        super().__init__()
        self.entry = entry


class SourcesPanel(OptionList):
    """Feeds, folders and publications with their counts."""

    BINDING_GROUP_TITLE = "Sources"
    COMPONENT_CLASSES = {"sources-panel--failed"}  # noqa: RUF012 - Textual's class attribute

    SourceChosen = SourceChosen

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.entries: Sequence[SourceEntry] = ()
        self.statuses: Mapping[str, str] = {}  # feed URL -> how its fetch went (this session)
        self.message = "Counting…"
        self._rows: dict[str, SourceEntry] = {}  # option id -> entry

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._rebuild())
        self._rebuild()

    def on_resize(self) -> None:
        self._rebuild()  # (rows are cut to the width)

    def show_entries(self, entries: Sequence[SourceEntry], statuses: Mapping[str, str] | None = None) -> None:
        """List ``entries``, keeping the cursor on the row it was on (by name)."""
        self.entries = entries
        if statuses is not None:
            self.statuses = dict(statuses)
        self._rebuild()

    def show_statuses(self, statuses: Mapping[str, str]) -> None:
        self.statuses = dict(statuses)
        self._rebuild()

    def _rebuild(self) -> None:
        kept = self._highlighted_entry()
        failed = self.get_component_rich_style("sources-panel--failed", partial=True) if self.is_mounted else Style()
        options: list[Option] = []
        self._rows = {}
        width = max(12, self.scrollable_content_region.width or 28)
        for number, entry in enumerate(self.entries):
            options.append(self._option(entry, f"source-{number}", failed, width))
        if not options:
            options.append(
                Option(Text(visible(self.message), Style(italic=True, dim=True)), id="message", disabled=True)
            )
        self.set_options(options)
        ids = list(self._rows)
        if ids:
            target = next((key for key, entry in self._rows.items() if _same(entry, kept)), ids[0])
            self.highlighted = self.get_option_index(target)

    def _option(self, entry: SourceEntry, option_id: str, failed_style: Style, width: int) -> Option:
        """A row: the name (cut to fit) with unread/total at the right edge; under a feed, how
        its fetch went, or why it has no articles yet."""
        muted = Style(dim=True)
        indent = "  " * entry.depth
        style = Style(bold=entry.kind in ("all", "folder"), italic=entry.kind == "note", dim=entry.kind == "note")
        counts = "" if entry.kind == "note" else f"{entry.unread:,}/{entry.total:,}" if entry.total else "0"
        room = max(4, width - cell_len(counts) - 1) if counts else width
        name = _fit(indent + visible(entry.name), room)
        row = Text(name, style)
        if counts:
            row.append(" " * (width - cell_len(name) - cell_len(counts)) + counts, muted)
        status = self.statuses.get(entry.url, entry.detail) if entry.kind == "feed" else ""
        if status:
            failed = status.startswith("failed")
            row.append("\n" + _fit(f"{indent}  {visible(status)}", width), failed_style if failed else muted)
        selectable = entry.query is not None
        if selectable:
            self._rows[option_id] = entry
        return Option(row, id=option_id, disabled=not selectable)

    def _highlighted_entry(self) -> SourceEntry | None:
        if self.highlighted is None:
            return None
        try:
            option = self.get_option_at_index(self.highlighted)
        except Exception:  # noqa: BLE001 - the options changed under the cursor
            return None
        return self._rows.get(option.id or "")

    @property
    def chosen_rows(self) -> list[SourceEntry]:
        """Every row Enter can choose, top to bottom."""
        return list(self._rows.values())

    def action_page_up(self) -> None:
        if self.scrollable_content_region:  # OptionList's page move needs its lines laid out
            super().action_page_up()  # type: ignore[no-untyped-call]

    def action_page_down(self) -> None:
        if self.scrollable_content_region:
            super().action_page_down()  # type: ignore[no-untyped-call]

    @on(OptionList.OptionSelected)
    def _on_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        entry = self._rows.get(event.option.id or "")
        if entry is not None:
            self.post_message(SourceChosen(entry))


def _fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells with an ellipsis (an option would wrap it instead)."""
    if cell_len(text) <= width:
        return text
    return set_cell_size(text, width - 1) + "…"


def _same(entry: SourceEntry, kept: SourceEntry | None) -> bool:
    return kept is not None and (entry.kind, entry.name, entry.depth) == (kept.kind, kept.name, kept.depth)
