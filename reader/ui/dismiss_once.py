"""A screen that can be dismissed only while it is the active screen.

Textual's ``Screen.dismiss`` pops whatever screen is on top. Keys typed fast queue a second
dismissal behind the first (Enter Enter in the command palette, Enter then Esc in the save
dialog): handled after the screen is gone, it closed the screen below, or raised
ScreenStackError when only the main screen was left. Found by the monkey test.
"""

from __future__ import annotations

from textual.await_complete import AwaitComplete


class DismissOnce:
    """Mixin for a Screen: `dismiss` does nothing unless this screen is the one on top."""

    def dismiss(self, result=None) -> AwaitComplete:
        try:
            on_top = self.app.screen is self
        except Exception:  # noqa: BLE001 - no screen left: the app is closing
            on_top = False
        if not on_top:
            return AwaitComplete.nothing()
        return super().dismiss(result)
