"""The app on the bundled seeds plus skipped files with hostile names (for the problems screen)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from reader.article import Problem  # noqa: E402
from reader.loading import Corpus, load_corpus  # noqa: E402
from reader.ui.app import ReaderApp  # noqa: E402

from reader.ui import daily_mixin  # noqa: E402

daily_mixin.READ_DELAY = 3600  # opening marks read after a moment: not while a snapshot is taken
seeds = load_corpus([])
problems = [
    Problem("news/[@click=app.quit]x[/].txt", "binary file, not text"),
    Problem("news/\x1b[2Jline\nbreak.txt", "empty file"),
    Problem("news/\u202eevil.txt", "[/bold unreadable [link=x", "warning"),
]
app = ReaderApp(corpus=Corpus(articles=seeds.articles, problems=problems))

if __name__ == "__main__":
    app.run()
