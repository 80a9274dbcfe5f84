"""The subscriptions file and `reader feeds`: add, remove, list, OPML in and out; untrusted
OPML and hand-edited files never crash, never subscribe to anything but http(s)."""

from __future__ import annotations

import os
import stat

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.cli import main
from reader.subscriptions.opml import NotOPML, read_opml, write_opml
from reader.subscriptions.store import BadURL, Subscription, checked_url, load, save


@pytest.fixture
def feeds_file(tmp_path, monkeypatch):
    path = tmp_path / "config" / "reader" / "feeds.toml"
    monkeypatch.setenv("READER_FEEDS", str(path))
    return path


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "javascript:alert(1)", "ftp://example.org/f", "https:///nohost", "http://a b/", "feed.xml"],
)
def test_only_http_and_https_urls_with_a_host_can_be_subscribed_to(url):
    with pytest.raises(BadURL):
        checked_url(url)
    assert checked_url("  https://example.org/feed.xml ") == "https://example.org/feed.xml"


_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=20)
_subscription = st.builds(
    Subscription,
    url=st.from_regex(r"https?://[a-z]{1,10}\.example/[a-z0-9/]{0,10}", fullmatch=True),
    name=_text.map(lambda s: " ".join(s.split())),
    tags=st.lists(_text.map(lambda s: " ".join(s.split())).filter(bool), max_size=3).map(tuple),
    full_text=st.booleans(),
)
_subscriptions = st.lists(_subscription, max_size=6, unique_by=lambda s: s.url)


@given(_subscriptions)
@settings(max_examples=100, deadline=None)
def test_the_file_gives_back_what_was_saved(tmp_path_factory, subscriptions):
    path = tmp_path_factory.mktemp("feeds") / "feeds.toml"
    save(path, subscriptions)
    assert load(path) == (subscriptions, [])
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


@given(_subscriptions)
@settings(max_examples=100, deadline=None)
def test_opml_written_reads_back_to_the_same_feeds(subscriptions):
    """(OPML is XML 1.0: it cannot carry C0 control characters, and a tag holding "," or "/" is
    a category list or path; a name that is the feed's URL is no name; the others come back as they were.)"""

    def xml_text(text):  # (XML 1.0 holds no C0 control, lone surrogate, U+FFFE or U+FFFF)
        return not any(ch < " " or "\ud800" <= ch <= "\udfff" or ch in "\ufffe\uffff" for ch in text)

    plain = [
        s
        for s in subscriptions
        if xml_text(s.name) and all("," not in tag and "/" not in tag and xml_text(tag) for tag in s.tags)
    ]
    found, problems = read_opml(write_opml(plain).encode())
    assert problems == []
    expected = [
        Subscription(s.url, "" if s.name == s.url else s.name, tuple(dict.fromkeys(s.tags)), s.full_text) for s in plain
    ]
    assert sorted(found, key=lambda s: s.url) == sorted(expected, key=lambda s: s.url)


def test_a_hand_edited_file_keeps_its_good_entries_and_names_the_bad(tmp_path):
    path = tmp_path / "feeds.toml"
    path.write_text(
        '[[feed]]\nurl = "https://a.example/rss"\n\n[[feed]]\nurl = "file:///etc/passwd"\n\n'
        '[[feed]]\nurl = "https://b.example/rss"\ntags = "not a list"\n\n[[feed]]\nurl = "https://a.example/rss"\n',
        encoding="utf-8",
    )
    found, problems = load(path)
    assert [s.url for s in found] == ["https://a.example/rss"]
    assert problems == [
        f"{path}: feed 2: only http:// and https:// URLs can be subscribed to; left out",
        f"{path}: feed 3: tags: expected a list of strings; left out",
        f"{path}: feed 4: https://a.example/rss is listed twice; left out",
    ]
    path.write_text("[[feed]\nurl = ", encoding="utf-8")
    assert load(path)[0] == [] and load(path)[1][0].startswith(f"{path}: not valid TOML")


OPML = b"""<?xml version="1.0"?>
<opml version="2.0"><head><title>Mine</title></head><body>
<outline text="News"><outline text="Energy">
  <outline text="Caspian Wire" type="rss" xmlUrl="https://caspian.example/rss" category="Ports,/World/Asia"/>
</outline>
  <outline text="Bad" type="rss" xmlUrl="javascript:alert(1)"/>
</outline>
<outline title="Loose" xmlUrl="http://loose.example/atom" fullText="true"/>
</body></opml>"""


def test_opml_folders_and_categories_become_tags_and_bad_urls_are_left_out():
    found, problems = read_opml(OPML)
    assert found == [
        Subscription("https://caspian.example/rss", "Caspian Wire", ("News", "Energy", "Ports", "Asia")),
        Subscription("http://loose.example/atom", "Loose", (), True),
    ]
    assert problems == ["outline 'Bad': only http:// and https:// URLs can be subscribed to; left out"]


def test_hostile_opml_expands_no_entity_reads_no_file_and_is_a_clear_problem(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    xxe = (
        f'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<opml><body><outline text="&x;" xmlUrl="https://a.example/rss"/></body></opml>'
    ).encode()
    with pytest.raises(NotOPML, match="document type declaration"):
        read_opml(xxe)
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        b'<opml><body><outline text="T"><outline text="&c;" xmlUrl="https://a.example/rss"/></outline></body></opml>'
    )
    with pytest.raises(NotOPML, match="document type declaration"):
        read_opml(laughs)
    for bad in (b"", b"<html><body/></html>", b"<opml><body>", b"\x89PNG\r\n", b"<opml version='2.0'/>"):
        with pytest.raises(NotOPML):
            read_opml(bad)
    deep = b"<opml><body>" + b"<outline text='x'>" * 200 + b"</outline>" * 200 + b"</body></opml>"
    assert read_opml(deep)[0] == []


def test_reader_feeds_commands(feeds_file, tmp_path, capsys):
    assert (
        main(
            [
                "feeds",
                "add",
                "https://caspian.example/rss",
                "--name",
                "Caspian [bold]Wire[/]",
                "--tag",
                "News",
                "--no-check",
            ]
        )
        == 0
    )
    assert main(["feeds", "add", "file:///etc/passwd", "--no-check"]) == 2
    opml = tmp_path / "in.opml"
    opml.write_bytes(OPML)
    assert main(["feeds", "import", str(opml)]) == 0
    assert main(["feeds", "import", str(opml)]) == 0  # again: nothing new
    capsys.readouterr()
    assert main(["feeds", "list"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "https://caspian.example/rss\tCaspian [bold]Wire[/]\tNews\t\t",
        "http://loose.example/atom\tLoose\t\tfull text\t",
    ]
    assert main(["feeds", "remove", "http://loose.example/atom"]) == 0
    assert main(["feeds", "remove", "http://loose.example/atom"]) == 2
    capsys.readouterr()
    assert main(["feeds", "export"]) == 0
    exported = capsys.readouterr().out
    assert read_opml(exported.encode()) == (
        [Subscription("https://caspian.example/rss", "Caspian [bold]Wire[/]", ("News",))],
        [],
    )
    (tmp_path / "bad.opml").write_bytes(b"\x1b]52;c;aGk=\x07 not xml")
    assert main(["feeds", "import", str(tmp_path / "bad.opml")]) == 1
    assert "\x1b" not in capsys.readouterr().err


def test_adding_a_feed_again_changes_only_what_is_given(feeds_file, capsys):
    url = "https://caspian.example/rss"
    other = "https://other.example/atom"
    given = ["--name", "Caspian Wire", "--tag", "News", "--full-text", "--keep-days", "5", "--no-check"]
    assert main(["feeds", "add", url, *given]) == 0
    assert main(["feeds", "add", other, "--no-check"]) == 0
    capsys.readouterr()
    assert main(["feeds", "add", url]) == 0  # followed already: no check, nothing reset
    assert capsys.readouterr().err == f"reader feeds: {url} is already followed; nothing changed\n"
    assert load(feeds_file)[0] == [Subscription(url, "Caspian Wire", ("News",), True, 5), Subscription(other)]
    assert main(["feeds", "add", url, "--tag", "Energy", "--no-full-text", "--keep-items", "0"]) == 0
    assert capsys.readouterr().err == f"reader feeds: updated {url}: folders, full text, items kept\n"
    assert load(feeds_file)[0] == [
        Subscription(url, "Caspian Wire", ("News", "Energy"), False, 5, 0),
        Subscription(other),
    ]


def test_a_feed_exported_without_a_name_comes_back_without_one():
    unnamed = [Subscription("https://caspian.example/rss", tags=("News",)), Subscription("http://loose.example/a")]
    assert read_opml(write_opml(unnamed).encode()) == (unnamed, [])
