"""Newsletters: an ``.eml`` file (one message) or an mbox (``.mbox``, ``.mbx``: many).

A message is an article: its Subject the title, its Date header the date, its sender's name (or
address) the source, its text part the body, or when it has none its HTML part: a whole HTML
document (a designed newsletter) goes through the web-page reader, which keeps its main text and
leaves out the layout, menus and footers; an HTML fragment is made text.
An item's key is its Message-ID, else its place in the mailbox ("message 3"). Attachments are
ignored. Parsing uses the standard library's lenient email parser: a broken message is a warning
naming its place, and the other messages load.
"""

from __future__ import annotations

import email.policy
import re
from email.message import EmailMessage
from email.parser import Parser
from email.utils import getaddresses

from reader.ingest.dates import rfc2822_date
from reader.ingest.formats import SourceFormat, UnreadableFile, left_out
from reader.ingest.html_text import html_to_text, text_paragraphs
from reader.model import Article, ArticleDate, Problem

#: Where an mbox starts a new message: a "From " line at the start of a line, after a blank line
#: or at the very start (mboxrd escapes body lines that begin so as ">From ").
_FROM_LINE = re.compile(r"(?:\A|\n\n)From [^\n]*\n")
_ESCAPED_FROM = re.compile(r"^>(>*+From )", re.MULTILINE)
_WHOLE_DOCUMENT = re.compile(r"<(?:html|body)\b", re.IGNORECASE)


class Mail(SourceFormat):
    """``.eml`` (one message) and mbox files (many)."""

    suffixes = frozenset({".eml", ".mbox", ".mbx"})

    def read(self, text: str, path: str) -> tuple[list[Article], list[Problem]]:
        if path.lower().endswith(".eml"):
            messages = [("message 1", text)]
        else:
            found = list(_FROM_LINE.finditer(text))
            if not found:
                raise UnreadableFile("not an mbox (no 'From ' line starts a message)")
            ends = [match.start() for match in found[1:]] + [len(text)]
            messages = [
                (f"message {n}", text[match.end() : end])
                for n, (match, end) in enumerate(zip(found, ends, strict=True), 1)
            ]
        articles: list[Article] = []
        problems: list[str] = []
        for place, raw in messages:
            try:
                article = article_from_message(raw, path)
            except Exception as error:  # noqa: BLE001 - one broken message; the others load
                problems.append(f"{place}: could not be read ({type(error).__name__})")
                continue
            if article is None:
                problems.append(f"{place}: no subject and no text")
                continue
            article.item = article.item or place
            articles.append(article)
        return articles, left_out(path, problems, "messages")


def article_from_message(raw: str, path: str) -> Article | None:
    """One message as an Article (item: its Message-ID), or None when it has no subject and no text."""
    from reader.ingest.parse import count_words, derive_title

    message = Parser(policy=email.policy.default).parsestr(_unescape_from(raw))
    assert isinstance(message, EmailMessage)
    title = " ".join(str(message.get("subject", "") or "").split())
    body = _body(message)
    found = tuple(text_paragraphs(body))
    if not title and not found:
        return None
    derived = not title
    if derived:
        title = derive_title(found[0])
    return Article(
        path=path,
        title=title,
        paragraphs=found,
        date=_date(str(message.get("date", "") or "")),
        words=count_words(" ".join(found)),
        title_derived=derived,
        item=" ".join(str(message.get("message-id", "") or "").split()).strip("<>"),
        source=_sender(str(message.get("from", "") or "")) or None,
        language=(str(message.get("content-language", "") or "").strip()[:35] or None),
    )


def _unescape_from(raw: str) -> str:
    return _ESCAPED_FROM.sub(r"\1", raw) if ">From " in raw else raw


def _body(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, ValueError, AssertionError):  # an unknown charset or a broken encoding
        payload = part.get_payload(decode=True)
        content = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
    if not isinstance(content, str):
        return ""
    if part.get_content_subtype() != "html":
        return content
    if _WHOLE_DOCUMENT.search(content[:5000]):
        from reader.ingest.web_pages import page_article

        try:
            return "\n\n".join(page_article(content, "").paragraphs)
        except UnreadableFile:
            return ""
    return html_to_text(content)


def _sender(header: str) -> str:
    """The From header's display name, else its address."""
    try:
        addresses = getaddresses([header])
    except Exception:  # noqa: BLE001 - a header the parser cannot split: shown as written
        return " ".join(header.split())[:200]
    for name, address in addresses:
        shown = " ".join((name or address).split())
        if shown:
            return shown[:200]
    return ""


def _date(header: str) -> ArticleDate | None:
    written = " ".join(header.split())[:100]
    return rfc2822_date(written) if written else None
