"""End to end, in a pseudo-terminal: the story views of the real `reader` command on a folder
with rewritten copies: the timeline, same-story groups, the Results and Related views.

Every run has a private HOME and XDG folders (tests/ui/pty_terminal.py); the screen is polled
until a generous deadline, never a fixed wait.
"""

from __future__ import annotations

import re

from pty_terminal import Home, Terminal

from tests.stories.story_corpus import write_collection

FOLDED = re.compile(r"▸\d")


def test_timeline_groups_facets_and_related_in_a_real_terminal(tmp_path):
    home = Home(tmp_path)
    folder = tmp_path / "stories"
    write_collection(folder, articles=16, copies=3)
    total = len(list(folder.iterdir()))
    with Terminal(str(folder), home=home) as term:
        # The timeline above the list (axis labels, the undated count), and the copies folded
        # under their originals once the entity pass has grouped them.
        screen = term.wait_until(lambda text: FOLDED.search(text) is not None, "a folded same-story group", 60)
        assert "undated" in screen, screen
        assert f"{total} articles" in screen, screen
        # The Results view: the names of every article shown, with counts.
        term.send("i")
        term.wait_for("Article · Results · Related")
        term.send("]")
        screen = term.wait_for(f"In all {total} articles")
        # Enter on the first name adds its term to the filter; the list narrows.
        term.send("\r")
        screen = term.wait_until(lambda text: re.search(r'(person|org|place|entity):"', text) is not None, "a term")
        term.wait_until(lambda text: re.search(rf"\d+ of {total}", text) is not None, "the narrowed count")
        # The Related view of a rewritten copy: its original, marked as the same story.
        term.send("/")
        term.send("\x15")  # ctrl+u: clear the field
        term.send("what we know so far\r")  # the copies' titles; Enter: to the list, the first one open
        term.wait_until(lambda text: re.search(rf"\b\d+ of {total}", text) is not None, "the copies")
        term.send("i")  # (closes the panel; i again opens it focused, in the view it had)
        term.send("i")
        term.send("]")
        screen = term.wait_for("same story", timeout=30)
        assert term.quit() == 0, term.text()
