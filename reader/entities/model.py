"""The Entity value type, shared by the recogniser and its callers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Label = Literal["PERSON", "ORG", "PLACE", "DATE", "MISC"]
LABELS: tuple[Label, ...] = ("PERSON", "ORG", "PLACE", "DATE", "MISC")


@dataclass(frozen=True, slots=True)
class Entity:
    """One mention: ``text == source[start:end]``; ``canonical`` is shared by all mentions of one entity."""

    start: int
    end: int
    text: str
    label: Label
    canonical: str
