"""The parsed form of a query: a small boolean tree, shared by the in-memory matcher and the index."""

from __future__ import annotations

from dataclasses import dataclass

# Which entity labels each entity field looks at; None means any label.
ENTITY_FIELDS: dict[str, frozenset[str] | None] = {
    "person": frozenset({"PERSON", "PER"}),
    "org": frozenset({"ORG", "ORGANIZATION", "NORP"}),
    "place": frozenset({"GPE", "LOC", "PLACE", "FAC"}),
    "entity": None,
}
TEXT_FIELDS = ("title", "dateline", "source", "author", "site")
#: The text fields a term without a field looks in (source, author and site only when named).
ANYWHERE = ("title", "body", "dateline")
DATE_FIELDS = ("after", "before", "date")
FLAGS = ("read", "unread", "starred")
FIELDS = (*TEXT_FIELDS, *ENTITY_FIELDS, *DATE_FIELDS, "is")


@dataclass(frozen=True, slots=True)
class Text:
    """Folded tokens that must occur consecutively; the last one as a prefix when ``prefix``.

    ``field`` None means anywhere in the article (title, body or dateline, each on its own).
    """

    tokens: tuple[str, ...]
    field: str | None = None
    prefix: bool = False
    quoted: bool = False


@dataclass(frozen=True, slots=True)
class DateFilter:
    op: str  # "after" | "before" | "date"
    first_day: int  # YYYYMMDD
    last_day: int


@dataclass(frozen=True, slots=True)
class Flag:
    name: str  # "read" | "unread" | "starred"


@dataclass(frozen=True, slots=True)
class Not:
    child: Node


@dataclass(frozen=True, slots=True)
class All:
    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Any:
    children: tuple[Node, ...]


Node = Text | DateFilter | Flag | Not | All | Any


def has_flag(node: Node) -> bool:
    """Whether a query tree has an is: filter (so its results depend on the marks)."""
    if isinstance(node, Flag):
        return True
    if isinstance(node, Not):
        return has_flag(node.child)
    if isinstance(node, (All, Any)):
        return any(has_flag(child) for child in node.children)
    return False
