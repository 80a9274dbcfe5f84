"""A Line-API scroll view whose scrollbars are redrawn only when something they show changed."""

from __future__ import annotations

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

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        own = self.virtual_size
        if own == self._laid_out_virtual_size:
            virtual_size = own  # nothing new for the scrollbars (size changes still count)
        self._laid_out_virtual_size = own
        return super()._size_updated(size, virtual_size, container_size, layout)
