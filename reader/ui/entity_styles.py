"""One look per entity label, from the active theme, the same in the pane, the panel and the legend.

Colours come from the theme's variables (``app.theme_variables``). A theme may give two of
our preferred variables one colour (textual-dark: ``$text-warning`` == ``$text-accent``), so
each label takes the first of its candidates that is distinct from the labels before it.
Text attributes differ per label too, so labels stay apart without colour (NO_COLOR turns
colours into greys). Entities only set the foreground: keyword matches keep their background
($accent), so a match inside an entity shows both.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from rich.style import Style
from textual.color import Color, ColorParseError

from reader.entities import LABELS
from reader.session.entity_view import CURRENT_MENTION

if TYPE_CHECKING:
    from textual.app import App

#: What the panel and the legend call each label.
LABEL_NAMES: dict[str, str] = {
    "PERSON": "People",
    "ORG": "Organisations",
    "PLACE": "Places",
    "DATE": "Dates",
    "MISC": "Other",
}

#: Preferred theme variables per label, most wanted first.
CANDIDATES: dict[str, tuple[str, ...]] = {
    "PERSON": ("text-warning", "warning"),
    "ORG": ("text-secondary", "secondary"),
    "PLACE": ("text-success", "success"),
    "DATE": ("text-primary", "primary"),
    "MISC": ("text-accent", "accent"),
}
#: Tried by any label whose own candidates all clash with an earlier label's colour.
SHARED_FALLBACKS = ("text-error", "error", "text-primary", "text-secondary", "text-accent", "foreground")

#: Attributes per label: every label differs from every other without colour, and from a
#: keyword match (a background, plus bold).
ATTRIBUTES: dict[str, dict[str, bool]] = {
    "PERSON": {"bold": True, "underline": True},
    "ORG": {"underline": True},
    "PLACE": {"italic": True, "underline": True},
    "DATE": {"italic": True},
    "MISC": {"bold": True, "italic": True},
}

#: Below this distance (0–765 "redmean" RGB) two colours read as the same.
MIN_DISTANCE = 60.0
#: Text needs at least this WCAG contrast with the background (a base colour such as
#: ``$accent`` can be too light on a light theme; the ``$text-*`` variants are made for text).
MIN_CONTRAST = 3.0


def _colour(variables: Mapping[str, str], name: str) -> Color | None:
    value = variables.get(name)
    if not value:
        return None
    try:
        colour = Color.parse(value)
    except ColorParseError:
        return None
    return None if colour.a == 0 else colour


def distance(one: Color, other: Color) -> float:
    """Perceptual-ish RGB distance ("redmean"); ANSI colours compare by their index."""
    if one.ansi is not None or other.ansi is not None:
        return 0.0 if one.ansi == other.ansi else 255.0
    mean_red = (one.r + other.r) / 2
    red, green, blue = one.r - other.r, one.g - other.g, one.b - other.b
    total: float = (2 + mean_red / 256) * red * red + 4 * green * green + (2 + (255 - mean_red) / 256) * blue * blue
    return float(total**0.5)


def contrast(one: Color, other: Color) -> float:
    """WCAG contrast ratio (1–21); ANSI colours are taken as readable."""
    if one.ansi is not None or other.ansi is not None:
        return 21.0

    def luminance(colour: Color) -> float:
        def channel(value: int) -> float:
            share = value / 255
            return share / 12.92 if share <= 0.03928 else float(((share + 0.055) / 1.055) ** 2.4)

        return 0.2126 * channel(colour.r) + 0.7152 * channel(colour.g) + 0.0722 * channel(colour.b)

    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def label_colours(variables: Mapping[str, str]) -> dict[str, Color | None]:
    """Each label's colour: its first readable candidate distinct from the earlier labels' colours."""
    background = _colour(variables, "background")
    chosen: dict[str, Color | None] = {}
    for label in LABELS:
        picked = None
        first = None
        for name in (*CANDIDATES[label], *SHARED_FALLBACKS):
            colour = _colour(variables, name)
            if colour is None or (background is not None and contrast(colour, background) < MIN_CONTRAST):
                continue
            first = first or colour
            if all(other is None or distance(colour, other) >= MIN_DISTANCE for other in chosen.values()):
                picked = colour
                break
        chosen[label] = picked or first
    return chosen


def label_styles(variables: Mapping[str, str]) -> dict[str, Style]:
    """Rich styles per label (and for the current n/N mention) from a theme's variables."""
    styles = {}
    for label, colour in label_colours(variables).items():
        attributes = ATTRIBUTES[label]
        styles[label] = Style(
            color=colour.rich_color if colour is not None else None,
            bold=attributes.get("bold"),
            italic=attributes.get("italic"),
            underline=attributes.get("underline"),
        )
    styles[CURRENT_MENTION] = Style(reverse=True, bold=True)
    return styles


def app_label_styles(app: App[Any]) -> dict[str, Style]:
    """``label_styles`` for the app's active theme (its variables are set once CSS is loaded),
    with the colours the user chose in the config file (``[highlight]``, ``app.config``)."""
    variables = app.theme_variables or app.get_css_variables()
    styles = label_styles(variables)
    chosen = getattr(getattr(app, "config", None), "highlight", None) or {}
    return with_configured_colours(styles, chosen, variables)


def with_configured_colours(
    styles: dict[str, Style], chosen: Mapping[str, str], variables: Mapping[str, str]
) -> dict[str, Style]:
    """Each label the config sets to other than its default (reader.config.DEFAULT_HIGHLIGHT)
    gets that colour: "#rrggbb", a colour name, or "$theme-variable". The defaults stay
    theme-derived (readable, distinct), so an untouched config changes nothing."""
    from reader.config import DEFAULT_HIGHLIGHT

    styles = dict(styles)
    for label, value in chosen.items():
        if label not in styles or not value or value == DEFAULT_HIGHLIGHT.get(label):
            continue
        colour = _colour(variables, value[1:]) if value.startswith("$") else None
        if colour is None and not value.startswith("$"):
            try:
                colour = Color.parse(value)
            except Exception:  # noqa: BLE001 - the config checker already reported it
                colour = None
        if colour is not None:
            styles[label] = styles[label] + Style(color=colour.rich_color)
    return styles
