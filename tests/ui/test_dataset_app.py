"""A dataset in the app: each record is a row, its pane shows where it comes from, and what a
record says is shown as text, never as markup or terminal escapes."""

from __future__ import annotations

import json

from ui_helpers import pane_lines, wait_filtered, wait_for, wait_loaded

from reader.export.markdown import article_to_markdown
from reader.ui.app import ReaderApp

SIZE = (120, 30)

RECORDS = [
    {
        "id": "r1",
        "title": "Caspian ports [bold]expand[/bold]",
        "text": "Baku and Aktau add berths.\n\nShipping grows.",
        "date": "2025-06-12",
        "source": "Caspian Wire",
        "author": "Jane Roe",
        "url": "https://example.org/ports",
    },
    {"id": "r2", "title": "Grain \x1b[31mprices\x1b[0m fall", "text": "Wheat fell again.", "date": "2025-06-10"},
]


async def test_records_list_open_with_their_source_and_filter(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "wire.jsonl").write_text("".join(json.dumps(r) + "\n" for r in RECORDS), encoding="utf-8")
    app = ReaderApp([str(folder)])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        assert [app.articles[i].item for i in app.sidebar.positions] == ["r1", "r2"]
        header = pane_lines(app, 6)
        assert any("Caspian ports [bold]expand[/bold]" in line for line in header)  # markup shown as written
        assert any(line.strip() == "Caspian Wire · Jane Roe · https://example.org/ports" for line in header)
        await pilot.press("j")
        await wait_for(pilot, lambda: app.pane.article.item == "r2", what="the second record")
        assert "\x1b" not in "".join(pane_lines(app, 6))
        await pilot.press("slash", *"wheat", "enter")
        await wait_filtered(pilot)
        assert [app.articles[i].item for i in app.sidebar.positions] == ["r2"]


def test_markdown_export_names_the_publication_and_url(tmp_path):
    from reader.ingest.datasets import article_from_record

    article = article_from_record(RECORDS[0], "wire.jsonl")
    assert article is not None
    text = article_to_markdown(article)
    assert "**Publication:** Caspian Wire" in text and "**URL:** `https://example.org/ports`" in text


async def test_the_footer_tells_files_left_out_from_files_read_with_a_warning(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "wire.jsonl").write_text(json.dumps(RECORDS[0]) + "\n{broken\n", encoding="utf-8")
    (folder / "empty.jsonl").write_text("", encoding="utf-8")
    (folder / "other.jsonl").write_text("[not a record]\n", encoding="utf-8")
    app = ReaderApp([str(folder)])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        footer = str(app.screen.query_one("#sidebar-footer").render())
        assert footer == "1 article · 2 skipped, 1 with warnings (!)"
