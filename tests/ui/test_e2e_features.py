"""End to end, in a pseudo-terminal: the installed `reader` console script with the config file's
`paths`, the OSC 52 bytes `y` writes, the real pager and editor, --no-cache.

Every run has a private HOME and XDG folders (tests/ui/pty_terminal.py). Nothing waits a fixed
time: the screen (or the bytes written) is polled until a generous deadline.
"""

from __future__ import annotations

import base64
import os
import re
from pathlib import Path

from pty_terminal import Home, Terminal, toml_string, write_script

# Three articles, newest first in the list; each body has a word no other file has.
ARTICLES = {
    "cranes.txt": "Harbour cranes return\n\n2024-03-05\n\nThe cranes came back to the harbour on Tuesday.\n\n"
    "Workers cheered.\n",
    "orchard.txt": "Orchard frost warning\n\n2023-11-20\n\nGrowers covered the apple trees overnight.\n",
    "library.txt": "Library opens late\n\nThe reading room now closes at ten in the evening.\n",
}
TITLES = ("Harbour cranes return", "Orchard frost warning", "Library opens late")
SEED_TITLES = ("Kremlin spokesman", "Iran, Russia")  # the bundled seeds, shown when no folder is given


def write_articles(folder: Path, articles: dict[str, str] = ARTICLES) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def files_under(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if not path.is_dir())


# -- config `paths` ------------------------------------------------------------------------------


def test_reader_without_a_path_opens_the_folders_in_the_config_file(tmp_path):
    home = Home(tmp_path)
    news = write_articles(tmp_path / "news")
    home.write_config(f"paths = [{toml_string(str(news))}]\n")
    with Terminal(home=home) as term:  # no PATH argument
        # The configured articles, the newest one open, and none of the bundled seeds.
        screen = term.wait_for(*TITLES, "3 articles", "The cranes came back to the harbour")
        for seed in SEED_TITLES:
            assert seed not in screen, screen
        assert term.quit() == 0, term.text()


# -- y: OSC 52 -----------------------------------------------------------------------------------

OSC_52 = re.compile(rb"\x1b\]52;")
#: An OSC 52 sequence up to the first byte that can end it (BEL, or ESC: ST is ESC \\).
OSC_52_WHOLE = re.compile(rb"\x1b\]52;([^\x07\x1b]*)(\x07|\x1b.)", re.DOTALL)


def copied(term: Terminal, start: int) -> tuple[str, int]:
    """The text of the next OSC 52 sequence written at or after ``start``, and where it ends.
    Fails unless the sequence is exactly ESC ] 52 ; c ; <base64> ended by BEL or ST."""
    match = term.wait_raw_match(OSC_52_WHOLE, start)
    assert match.group(2) in (b"\x07", b"\x1b\\"), f"OSC 52 cut short by {match.group(2)!r}: {match.group(0)!r}"
    payload = re.fullmatch(rb"c;([A-Za-z0-9+/]*={0,2})", match.group(1))
    assert payload, f"not a 'c' selection of base64: {match.group(0)!r}"
    return base64.b64decode(payload.group(1), validate=True).decode("utf-8"), match.end()


def test_y_writes_the_article_text_as_one_osc_52_sequence_that_hostile_text_cannot_leave(tmp_path):
    home = Home(tmp_path)
    news = write_articles(
        tmp_path / "news",
        {
            "cranes.txt": ARTICLES["cranes.txt"],
            # Escape sequences and BELs in a title and a body: an OSC 52 of their own, a title change, a clear.
            "hostile.txt": "Hostile \x1b]52;c;SGFjaw==\x07 title\n\n"
            "Body with \x1b[2J clear and \x1b]0;pwn\x07 and bell\x07 end \x1b\\ here.\n",
        },
    )
    with Terminal(str(news), home=home) as term:
        term.wait_for("Harbour cranes return", "2 articles")
        term.send("\r")  # open the article: the reading pane has the keys
        term.wait_for("Back to list")
        start = len(term.raw)
        term.send("y")
        text, end = copied(term, start)
        # What `y` is documented to copy: title, subtitle and paragraphs, blank lines between.
        assert text == (
            "Harbour cranes return\n\nThe cranes came back to the harbour on Tuesday.\n\nWorkers cheered.\n"
        )
        term.wait_for("Copied to the clipboard")

        term.send("]")  # the next article: the hostile one
        term.wait_for("Body with ␛[2J clear")
        term.send("y")
        text, _ = copied(term, end)
        # The controls reach the clipboard as visible symbols, inside one well-formed sequence.
        assert text == ("Hostile ␛]52;c;SGFjaw==␇ title\n\nBody with ␛[2J clear and ␛]0;pwn␇ and bell␇ end ␛\\ here.\n")
        term.wait_for("Copied to the clipboard", "Hostile ␛]52;c;SGFjaw==␇ title")
        assert term.quit() == 0, term.text()
    raw = bytes(term.raw)
    # Exactly the two copies: the article's own OSC 52, title change and clear never reached the terminal.
    assert len(OSC_52.findall(raw)) == 2
    for planted in (b"\x1b]52;c;SGFjaw==", b"\x1b]0;pwn", b"\x1b[2J clear", b"pwn\x07", b"bell\x07", b"end \x1b\\"):
        assert planted not in raw


# -- o and O: the real pager and editor -----------------------------------------------------------


def recorder(tmp_path: Path, name: str, extra: str = "") -> tuple[Path, Path]:
    """A program that records its argv (NUL-separated), the file it got, that file's and its
    folder's modes, and a line typed on the terminal (so it really had the keyboard); ``extra``
    runs last. Returns the program and the folder of records."""
    records = tmp_path / f"{name}-records"
    records.mkdir()
    program = write_script(
        tmp_path / f"fake-{name}",
        f"""\
for arg in "$0" "$@"; do printf '%s\\0' "$arg"; done > '{records}/argv'
cat -- "$1" > '{records}/content'
stat -c '%a' -- "$1" "$(dirname -- "$1")" > '{records}/modes'
printf '\\033[2J\\033[H{name.upper()} IS RUNNING\\n'
read answer
printf '%s' "$answer" > '{records}/answer'
{extra}
""",
    )
    return program, records


def argv_of(records: Path) -> list[str]:
    return (records / "argv").read_text(encoding="utf-8").split("\0")[:-1]


def test_o_runs_the_pager_on_a_private_copy_and_the_app_comes_back(tmp_path):
    home = Home(tmp_path)
    news = write_articles(tmp_path / "news")
    pager, records = recorder(tmp_path, "pager")
    with Terminal(str(news), home=home, env={"PAGER": str(pager)}) as term:
        term.wait_for(*TITLES, "The cranes came back")
        term.send("o")
        term.wait_for("PAGER IS RUNNING", absent=("Orchard frost warning",))  # it has the screen
        term.send("seen\r")  # typed to the pager, not to the app
        term.wait_for(*TITLES, "The cranes came back", absent=("PAGER IS RUNNING",))  # redrawn
        term.send("j")  # the app has the keys again
        term.wait_for("Growers covered the apple trees")
        assert term.quit() == 0, term.text()
    argv = argv_of(records)
    assert argv[0] == str(pager) and len(argv) == 2
    copy = Path(argv[1])
    assert copy.name == "article.txt" and copy.parent.name.startswith("reader-pager-")
    assert (records / "content").read_text(encoding="utf-8") == ARTICLES["cranes.txt"]
    assert (records / "modes").read_text().split() == ["600", "700"]
    assert (records / "answer").read_text() == "seen"
    assert not copy.parent.exists()  # removed when the pager exited


def test_O_runs_the_editor_on_the_real_file_and_shows_its_changes(tmp_path):
    home = Home(tmp_path)
    news = write_articles(tmp_path / "news")
    editor, records = recorder(
        tmp_path,
        "editor",
        extra="""\
printf 'Harbour cranes edited\\n\\n2024-03-05\\n\\nThe editor was here.\\n' > "$1"
""",
    )
    with Terminal(str(news), home=home, env={"EDITOR": str(editor)}) as term:
        term.wait_for(*TITLES, "The cranes came back")
        term.send("O")
        term.wait_for("EDITOR IS RUNNING", absent=("Orchard frost warning",))
        term.send("done\r")
        # Back, redrawn, and the changed file re-read (the editor may have changed it).
        term.wait_for(
            "Harbour cranes edited",
            "The editor was here",
            "Orchard frost warning",
            absent=("EDITOR IS RUNNING", "Harbour cranes return"),
        )
        term.send("j")
        term.wait_for("Growers covered the apple trees")
        assert term.quit() == 0, term.text()
    target = news / "cranes.txt"
    assert argv_of(records) == [str(editor), str(target)]  # the absolute path, one argument
    assert (records / "content").read_text(encoding="utf-8") == ARTICLES["cranes.txt"]
    assert (records / "answer").read_text() == "done"


# -- --no-cache -----------------------------------------------------------------------


def test_no_cache_leaves_the_cache_folder_empty(tmp_path):
    news = write_articles(tmp_path / "news")
    home = Home(tmp_path / "no-cache")
    with Terminal("--no-cache", str(news), home=home) as term:
        term.wait_for(*TITLES, "3 articles", "The cranes came back")
        assert term.quit() == 0, term.text()
    assert files_under(home.cache) == []
    # The same run without the option does write there (so the check above can fail).
    cached = Home(tmp_path / "cached")
    with Terminal(str(news), home=cached) as term:
        term.wait_for(*TITLES, "3 articles", "The cranes came back")
        assert term.quit() == 0, term.text()
    assert files_under(cached.cache) != []


def test_watch_shows_a_file_written_right_after_the_list_appears(tmp_path):
    """The watcher's first look comes a tick after the start-up sync read the folders; a
    file written in between must still show up."""
    home = Home(tmp_path)
    news = tmp_path / "news"
    news.mkdir()
    (news / "cranes.txt").write_text("Harbour cranes return\n\n2024-03-05\n\nThe cranes came back.\n")
    (news / "orchard.txt").write_text("Orchard frost warning\n\n2023-11-20\n\nGrowers covered the trees.\n")
    with Terminal("--watch", str(news), home=home) as term:
        term.wait_for("Harbour cranes return", "Orchard frost warning", "2 articles")
        draft = tmp_path / "draft.txt"  # written whole elsewhere, then moved in
        draft.write_text("Comet seen over the bay\n\n2024-06-01\n\nAstronomers were delighted.\n")
        os.replace(draft, news / "comet.txt")
        term.wait_for("Comet seen over the bay", "3 articles", timeout=30)
        assert term.quit() == 0, term.text()
