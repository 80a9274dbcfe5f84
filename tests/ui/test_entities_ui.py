"""Entity widgets in a small app: panel rows and choices, legend toggles, theme-derived styles."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.color import Color
from ui_helpers import REPO  # noqa: F401  (puts the checkout on sys.path)

import reader.ui
from reader.entities import LABELS
from reader.entities.collection import collection_entities
from reader.ingest.files import load_corpus
from reader.session.entity_view import CURRENT_MENTION, summarise
from reader.ui.entity_styles import ATTRIBUTES, MIN_DISTANCE, distance, label_colours, label_styles
from reader.ui.widgets.entities_panel import EntitiesPanel, EntityChosen
from reader.ui.widgets.entity_legend import EntityLegend

APP_CSS = Path(reader.ui.__file__).with_name("reader.tcss")

SEED_000 = "000_f7fe49d73fe5bcab.txt"


@pytest.fixture(scope="module")
def seed_000_summary():
    articles = load_corpus([]).articles
    per_article = collection_entities(articles)
    index = next(i for i, a in enumerate(articles) if a.path.endswith(SEED_000))
    return summarise(per_article[index])


class EntitiesApp(App[None]):
    CSS_PATH = APP_CSS  # the widgets as the app styles them

    def __init__(self) -> None:
        super().__init__()
        self.chosen: list[tuple[str, str]] = []
        self.toggled: list[str] = []

    def compose(self) -> ComposeResult:
        yield EntityLegend(id="legend")
        yield EntitiesPanel(id="panel")

    def on_entity_chosen(self, message: EntityChosen) -> None:
        self.chosen.append((message.label, message.canonical))

    def on_entity_legend_toggled(self, message: EntityLegend.Toggled) -> None:
        self.toggled.append(message.label)


def listed(panel: EntitiesPanel) -> list:
    """The panel's rows below its line of views."""
    return [option for option in panel.options if option.id != "tabs"]


def panel_rows(panel: EntitiesPanel) -> list[str]:
    return [str(option.prompt) for option in listed(panel)]


async def test_panel_lists_seed_000_grouped_by_label_with_counts(seed_000_summary):
    app = EntitiesApp()
    async with app.run_test(size=(60, 60)) as pilot:
        panel = app.query_one(EntitiesPanel)
        panel.show_entities(seed_000_summary)
        await pilot.pause()
        rows = panel_rows(panel)
        headings = [row for row, option in zip(rows, listed(panel), strict=True) if option.disabled]
        assert [h.split()[0] for h in headings] == ["People", "Organisations", "Places", "Dates", "Other"]
        assert headings[0] == f"People  {len(seed_000_summary['PERSON'])}"
        assert "  Dmitry Peskov  ×4" in rows
        people = rows[1 : 1 + len(seed_000_summary["PERSON"])]
        counts = [int(row.rsplit(" ", 1)[1].lstrip("×")) for row in people]
        assert counts == sorted(counts, reverse=True)
        assert panel.choices[0] == ("PERSON", seed_000_summary["PERSON"][0].canonical)
        assert panel.highlighted == 2  # the first entity, not the views or its heading


async def test_enter_on_an_entity_posts_entity_chosen_with_its_canonical_name(seed_000_summary):
    app = EntitiesApp()
    async with app.run_test(size=(60, 60)) as pilot:
        panel = app.query_one(EntitiesPanel)
        panel.show_entities(seed_000_summary)
        panel.focus()
        await pilot.pause()
        target = panel.choices.index(("PERSON", "Dmitry Peskov"))
        for _ in range(target):
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        assert app.chosen == [("PERSON", "Dmitry Peskov")]


async def test_cursor_skips_headings_and_a_click_chooses(seed_000_summary):
    app = EntitiesApp()
    async with app.run_test(size=(60, 60)) as pilot:
        panel = app.query_one(EntitiesPanel)
        panel.show_entities(seed_000_summary)
        panel.focus()
        await pilot.pause()
        for _ in range(len(seed_000_summary["PERSON"])):
            await pilot.press("down")
        assert not panel.options[panel.highlighted].disabled
        assert panel.choices[len(seed_000_summary["PERSON"])][0] == "ORG"
        kremlin_row = next(i for i, o in enumerate(panel.options) if str(o.prompt).strip().startswith("Kremlin"))
        await pilot.click(EntitiesPanel, offset=(4, kremlin_row + 1))  # +1: the panel's border
        await pilot.pause()
        assert app.chosen[-1] == ("ORG", "Kremlin")


async def test_panel_keeps_the_chosen_entity_under_the_cursor_and_shows_messages(seed_000_summary):
    app = EntitiesApp()
    async with app.run_test(size=(60, 60)) as pilot:
        panel = app.query_one(EntitiesPanel)
        await pilot.pause()
        assert panel_rows(panel) == ["Finding entities…"] and panel.highlighted is None
        panel.show_entities(seed_000_summary, chosen=("PLACE", "Tehran"))
        await pilot.pause()
        assert str(panel.options[panel.highlighted].prompt).strip().startswith("Tehran")
        panel.show_entities({})
        await pilot.pause()
        assert panel_rows(panel) == ["No entities in this article"] and panel.choices == []
        await pilot.press("enter")
        assert app.chosen == []


async def test_panel_rows_use_the_label_styles_of_the_theme(seed_000_summary):
    app = EntitiesApp()
    async with app.run_test(size=(60, 60)) as pilot:
        panel = app.query_one(EntitiesPanel)
        panel.show_entities(seed_000_summary)
        await pilot.pause()
        for theme in ("textual-dark", "solarized-light"):
            app.theme = theme
            await pilot.pause()
            styles = label_styles(app.theme_variables)
            row = next(o.prompt for o in panel.options if str(o.prompt).strip().startswith("Dmitry Peskov"))
            assert any(span.style == styles["PERSON"] for span in row.spans)


async def test_legend_shows_every_label_and_which_are_on():
    app = EntitiesApp()
    async with app.run_test(size=(100, 10)) as pilot:
        legend = app.query_one(EntityLegend)
        await pilot.pause()
        text = legend.legend_text().plain
        assert text.startswith("Entities  1 ■ People  2 ■ Organisations")
        legend.set_enabled(set(LABELS) - {"ORG"}, "finding…")
        text = legend.legend_text().plain
        assert "2 □ Organisations" in text and "1 ■ People" in text and text.endswith("finding…")


async def test_a_click_on_a_legend_label_asks_to_toggle_it():
    app = EntitiesApp()
    async with app.run_test(size=(100, 10)) as pilot:
        legend = app.query_one(EntityLegend)
        await pilot.pause()
        plain = legend.legend_text().plain
        column = plain.index("Places") + 1  # +1: the legend's left padding
        await pilot.click(EntityLegend, offset=(column, 0))
        await pilot.click(EntityLegend, offset=(1, 0))  # "Entities": not a label
        await pilot.pause()
        assert app.toggled == ["PLACE"]
        assert legend.label_at(plain.index("People")) == "PERSON"


# -- styles ---------------------------------------------------------------------------------


async def test_every_builtin_theme_gives_five_distinct_readable_colours():
    app = EntitiesApp()
    async with app.run_test(size=(40, 10)) as pilot:
        for theme in app.available_themes:
            app.theme = theme
            await pilot.pause()
            colours = list(label_colours(app.theme_variables).values())
            assert all(colour is not None for colour in colours), theme
            for i, one in enumerate(colours):
                for other in colours[i + 1 :]:
                    assert distance(one, other) >= MIN_DISTANCE, theme


def test_labels_differ_without_colour_and_from_a_keyword_match():
    looks = {label: frozenset(attrs) for label, attrs in ATTRIBUTES.items()}
    assert len(set(looks.values())) == len(LABELS)
    match_look = frozenset({"bold"})  # what a match keeps when NO_COLOR drops its background
    assert match_look not in looks.values()
    styles = label_styles({})
    assert all(styles[label].bgcolor is None for label in LABELS)  # matches own the background
    assert styles[CURRENT_MENTION].reverse


def test_a_clashing_theme_falls_back_to_another_variable():
    variables = {
        "background": "#000000",
        "text-warning": "#ffc473",
        "text-accent": "#ffc473",
        "text-secondary": "#5684a5",
        "text-success": "#8ad4a1",
        "text-primary": "#57a5e2",
        "accent": "#ffc473",
        "text-error": "#d17e92",
    }
    colours = label_colours(variables)
    assert colours["MISC"] == Color.parse("#d17e92")


def test_low_contrast_colours_are_skipped():
    variables = {"background": "#ffffff", "text-warning": "#ffff80", "warning": "#ffff00", "text-error": "#800000"}
    assert label_colours(variables)["PERSON"] == Color.parse("#800000")
