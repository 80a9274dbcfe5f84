"""One line that says what each highlight colour means, which labels are on, and their keys.

"1 ■ People": a filled square when the label is highlighted, a hollow one when it is off
(so the state reads without colour too). A click on a label asks the app to toggle it.
"""

from __future__ import annotations

from collections.abc import Collection

from rich.style import Style
from rich.text import Text
from textual import events
from textual.message import Message
from textual.widget import Widget

from reader.entities import LABELS
from reader.ui.entity_styles import LABEL_NAMES, app_label_styles


class EntityLegend(Widget):
    """The entity highlight legend; the app owns which labels are on and sets ``enabled``."""

    class Toggled(Message):
        """A click on a label: the app toggles its highlighting (as keys 1–5 do)."""

        def __init__(self, label: str) -> None:
            super().__init__()
            self.label = label

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.enabled: frozenset[str] = frozenset(LABELS)
        self.status = ""
        self._regions: list[tuple[int, int, str]] = []  # (start, end, label) columns in the line

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.refresh())

    def set_enabled(self, enabled: Collection[str], status: str = "") -> None:
        """Which labels are highlighted; ``status`` is shown after them (e.g. "finding…")."""
        self.enabled = frozenset(enabled)
        self.status = status
        self.refresh()

    def legend_text(self) -> Text:
        styles = app_label_styles(self.app)
        text = Text("Entities", no_wrap=True, overflow="ellipsis", end="")
        self._regions = []
        for key, label in enumerate(LABELS, 1):
            on = label in self.enabled
            text.append("  ")
            start = text.cell_len
            text.append(f"{key} ")
            text.append("■ " if on else "□ ", styles[label] if on else Style(dim=True))
            text.append(LABEL_NAMES[label], styles[label] if on else Style(dim=True, strike=True))
            self._regions.append((start, text.cell_len, label))
        if self.status:
            text.append(f"  {self.status}", Style(italic=True))
        return text

    def render(self) -> Text:
        return self.legend_text()

    def label_at(self, x: int) -> str | None:
        """The label drawn at column ``x`` of the content, if any."""
        return next((label for start, end, label in self._regions if start <= x < end), None)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        label = self.label_at(offset.x) if offset is not None else None
        if label is not None:
            self.post_message(self.Toggled(label))
