"""Make docs/screenshot.svg with the app itself (seeds, a filter typed, 100×30).

    python tests/benchmarks/make_screenshot.py [OUT.svg]
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))


async def main(out: Path) -> None:
    from reader.loading import load_corpus
    from reader.ui.app import ReaderApp

    app = ReaderApp(corpus=load_corpus([]))
    async with app.run_test(size=(110, 32)) as pilot:
        await pilot.press("slash", *"iran russia", "enter", "j", "enter")
        await pilot.pause(0.2)
        out.write_text(app.export_screenshot(title="reader"), encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs" / "screenshot.svg"))
