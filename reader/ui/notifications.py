"""Notifications whose toasts always get a timer that can run out.

A toast starts a timer for its notification's time left. Under a backlog of keys the event loop can
stall between the toast rack's "has it expired?" check and the toast reading the time left, so the
toast may be handed zero or less; Textual's timer loop spins forever on an interval that is not
positive, and the app freezes. The notification below reports at least ``SHORTEST_TOAST`` seconds
left to whoever asks, while expiry still follows the real clock.
"""

from __future__ import annotations

from time import time

from textual.notifications import Notification

SHORTEST_TOAST = 0.1  # seconds a toast stays up when its time ran out while it was being built


class ExpiringNotification(Notification):
    """A notification that never hands a toast a timer of zero or less."""

    @property
    def time_left(self) -> float:
        return max(SHORTEST_TOAST, self._remaining)

    @property
    def has_expired(self) -> bool:
        return self._remaining <= 0

    @property
    def _remaining(self) -> float:
        """Seconds until it expires, by the clock (negative once it has)."""
        return self.raised_at + self.timeout - time()
