"""The app on the bundled seeds, loaded before the first frame so snapshots are stable."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from reader.loading import load_corpus  # noqa: E402
from reader.ui.app import ReaderApp  # noqa: E402

from reader.ui import daily_mixin  # noqa: E402

daily_mixin.READ_DELAY = 3600  # opening marks read after a moment: not while a snapshot is taken
app = ReaderApp(corpus=load_corpus([]))

if __name__ == "__main__":
    app.run()
