"""The title bar: Textual's Header drawn by one widget instead of four.

Every widget costs start-up time (mounting, styling twice, its own message loop): the
Header's icon, title and clock space are three children for one line of text.
"""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.style import Style
from textual.widget import Widget

ICON_WIDTH = 8  # the icon's cell on the left (clicking it opens the command palette), as in Header
RIGHT_WIDTH = 10  # the space Header keeps for its clock, so the title sits where it always did


class TitleBar(Widget):
    """The app's title and sub-title, centred, after an icon that opens the command palette."""

    def __init__(self, icon: str = "≡", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.icon = icon
        self._icon_hovered = False

    def on_mount(self) -> None:
        self.watch(self.app, "title", self._retitle, init=False)
        self.watch(self.app, "sub_title", self._retitle, init=False)

    def _retitle(self) -> None:
        self.refresh()

    def render(self) -> Content:
        middle = max(0, self.size.width - ICON_WIDTH - RIGHT_WIDTH)
        title = self.app.format_title(self.app.title, self.app.sub_title).truncate(middle, ellipsis=True)
        left = (middle - title.cell_length) // 2
        line = Content.assemble(f" {self.icon}".ljust(ICON_WIDTH + left), title)
        if self._icon_hovered:  # the bar's own colours: its text at 10% over its background
            background, color = self.styles.background, self.styles.color
            blends = background.ansi is None and color.ansi is None  # ANSI themes' colours do not mix
            hover = Style(background=background + color.with_alpha(0.1)) if blends else Style(reverse=True)
            line = line.stylize(hover, 0, ICON_WIDTH)
        return line

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._hover_icon(event.x < ICON_WIDTH)

    def on_leave(self, event: events.Leave) -> None:
        self._hover_icon(False)

    def _hover_icon(self, hovered: bool) -> None:
        if hovered != self._icon_hovered:
            self._icon_hovered = hovered
            self.tooltip = "Open the command palette" if hovered else None
            self.refresh()

    async def on_click(self, event: events.Click) -> None:
        if event.x < ICON_WIDTH:
            event.stop()
            await self.run_action("app.command_palette")
