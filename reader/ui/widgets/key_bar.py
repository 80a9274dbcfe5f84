"""The key bar: the focused part's key hints, drawn by one widget.

Textual's Footer mounts a widget per key and mounts them all again whenever the bindings
change, which is every focus change: ~25 ms each time the user moves between the list, the
pane and the filter. Here the line is drawn again instead. It looks like the Footer (the
same theme variables and spacing), and a click or hover works per key.
"""

from __future__ import annotations

from itertools import groupby
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

from rich.style import Style
from rich.text import Text
from textual import events
from textual.widget import Widget

if TYPE_CHECKING:
    from textual.binding import Binding
    from textual.screen import Screen


class _Hint(NamedTuple):
    """A key's cells on the line, and what a click does."""

    start: int
    end: int
    key: str
    enabled: bool
    tooltip: str


class KeyBar(Widget):
    """One line: the active bindings' keys and descriptions, the command palette's on the right."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "key-bar--key",
        "key-bar--description",
        "key-bar--hover",
        "key-bar--divider",
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._hints: list[_Hint] = []  # as last drawn
        self._hover: int | None = None  # index in _hints under the mouse

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[Any]) -> None:
        if screen is self.screen:
            self._hover = None
            self.refresh()

    # -- drawing ------------------------------------------------------------------------

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key", partial=True)
        description_style = self.get_component_rich_style("key-bar--description", partial=True)
        line = Text(no_wrap=True, end="")
        hints: list[_Hint] = []
        ends: list[int] = []  # where each whole item (a key and its description, or a group) ends

        def key(binding: Binding, enabled: bool, tooltip: str, text: str) -> None:
            start = line.cell_len
            line.append(text, key_style if enabled else key_style + Style(dim=True))
            hints.append(_Hint(start, line.cell_len, binding.key, enabled, tooltip))

        def description(text: str, enabled: bool = True) -> None:
            start = line.cell_len
            line.append(text, description_style if enabled else description_style + Style(dim=True))
            if hints and hints[-1].end == start:  # right after its key: a click on it presses the key
                hints[-1] = hints[-1]._replace(end=line.cell_len)

        active = self.screen.active_bindings
        by_action: dict[str, tuple[Binding, bool, str]] = {}
        for _node, binding, enabled, tooltip in active.values():
            if binding.show:
                by_action.setdefault(binding.action, (binding, enabled, tooltip))
        for group, grouped in groupby(by_action.values(), lambda member: member[0].group):
            members = list(grouped)
            if group is not None and len(members) > 1:  # e.g. "[] Prev/next"
                line.append(" " if group.compact else "")
                for binding, enabled, tooltip in members:
                    shown = self.app.get_key_display(binding)
                    key(binding, enabled, tooltip or binding.description, shown if group.compact else f" {shown} ")
                line.append(" ")
                description(f"{group.description} ")
                ends.append(line.cell_len)
            else:
                for binding, enabled, tooltip in members:
                    key(binding, enabled, tooltip, f" {self.app.get_key_display(binding)} ")
                    description(f"{binding.description} ", enabled)
                    ends.append(line.cell_len)

        width = self.size.width
        palette = active.get(self.app.COMMAND_PALETTE_BINDING) if self.app.ENABLE_COMMAND_PALETTE else None
        if palette is not None:
            _node, binding, enabled, _tooltip = palette
            right = Text(no_wrap=True, end="")
            right.append("▏", self.get_component_rich_style("key-bar--divider"))
            right.append(self.app.get_key_display(binding), key_style)
            right.append(f" {binding.description} ", description_style)
            room = max(0, width - right.cell_len)
            if line.cell_len > room:  # whole items that do not fit are left out (? lists them all)
                cut = max((end for end in ends if end <= room), default=0)
                line.truncate(cut)
                hints = [hint for hint in hints if hint.end <= cut]
            line.pad_right(room - line.cell_len)
            hints.append(_Hint(room + 1, width, binding.key, enabled, binding.tooltip or binding.description))
            line.append_text(right)
        self._hints = hints
        if self._hover is not None and self._hover < len(hints):
            hint = hints[self._hover]
            line.stylize(self.get_component_rich_style("key-bar--hover", partial=True), hint.start, hint.end)
        return line

    # -- mouse --------------------------------------------------------------------------

    def _hint_at(self, x: int) -> int | None:
        return next((index for index, hint in enumerate(self._hints) if hint.start <= x < hint.end), None)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        hover = self._hint_at(event.x)
        if hover != self._hover:
            self._hover = hover
            self.tooltip = (self._hints[hover].tooltip or None) if hover is not None else None
            self.refresh()

    def on_leave(self, event: events.Leave) -> None:
        if self._hover is not None:
            self._hover = None
            self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        index = self._hint_at(event.x)
        if index is None:
            return
        hint = self._hints[index]
        if hint.enabled:
            self.app.simulate_key(hint.key)
        else:
            self.app.bell()
