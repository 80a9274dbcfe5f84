"""A Line-API scroll view: styles looked up once per style change, scrollbars redrawn only
when something they show changed."""

from __future__ import annotations

from rich.style import Style
from textual.geometry import Size
from textual.scroll_view import ScrollView


class LineView(ScrollView):
    """Base of the sidebar and the reading pane (both draw lines with ``render_line``).

    Textual hands a view without children its container size as its "virtual size" on every
    layout; that never equals the virtual size a Line-API view sets itself, so each layout
    (every keystroke in the filter, for one) refreshed both views' scrollbars: an extra
    frame, 10–30 ms on a busy machine. Here the view's own virtual size is passed on unless
    it changed since the last layout (then the scrollbars are updated as before).
    """

    _laid_out_virtual_size: Size | None = None
    _base_style: Style | None = None
    _part_styles: dict[str, Style] | None = None

    @property
    def base_style(self) -> Style:
        """``rich_style``, kept until the styles change: it walks every ancestor, and a view
        asks for it on every line it draws. (Line caches rely on the same invalidation.)"""
        if self._base_style is None:
            self._base_style = self.rich_style
        return self._base_style

    def part_style(self, component_class: str) -> Style:
        """A component class's partial style, kept until the styles change."""
        if self._part_styles is None:
            self._part_styles = {}
        style = self._part_styles.get(component_class)
        if style is None:
            style = self._part_styles[component_class] = self.get_component_rich_style(component_class, partial=True)
        return style

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._base_style = None
        self._part_styles = None

    def watch_has_focus(self, has_focus: bool) -> None:
        """Restyle on a focus change only when a rule depends on focus. The views draw their
        focused look themselves (the list's cursor), and a restyle applies the stylesheet to
        each of their six to eight component classes again: ~1 ms a view, twice per Enter/Esc."""
        if self._styled_by_focus():
            super().watch_has_focus(has_focus)

    def _styled_by_focus(self) -> bool:
        rules_map = self.app.stylesheet.rules_map
        names = self._selector_names | {f".{name}" for name in self.COMPONENT_CLASSES}
        return any("focus" in rule.pseudo_classes for name in names & rules_map.keys() for rule in rules_map[name])

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        own = self.virtual_size
        if own == self._laid_out_virtual_size:
            virtual_size = own  # nothing new for the scrollbars (size changes still count)
        self._laid_out_virtual_size = own
        return super()._size_updated(size, virtual_size, container_size, layout)
