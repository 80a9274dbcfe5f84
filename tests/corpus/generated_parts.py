"""Hypothesis strategies for the parts of an article, each with the value the parser must give back.

Shared by test_dates.py (a date written in one of the supported forms, alone) and
test_article_generation.py (whole articles composed from headlines, metadata lines, dates,
datelines, bylines and paragraphs). Every strategy draws the *meaning* first (a calendar date, a
place, a list of words) and then one of the ways of writing it, so a test can compare what the
parser found with what was meant, not merely check that it found something.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from hypothesis import strategies as st

from reader.model import ArticleDate

# -- dates -----------------------------------------------------------------------------------

# Month names as they are written in each language dates.py knows; the first entry of each month
# is the usual full spelling, the rest abbreviations and accent-less or grammatical variants.
MONTHS = {
    "en": (
        ("January", "Jan"),
        ("February", "Feb"),
        ("March", "Mar"),
        ("April", "Apr"),
        ("May",),
        ("June", "Jun"),
        ("July", "Jul"),
        ("August", "Aug"),
        ("September", "Sep", "Sept"),
        ("October", "Oct"),
        ("November", "Nov"),
        ("December", "Dec"),
    ),
    "fr": (
        ("janvier",),
        ("février", "fevrier"),
        ("mars",),
        ("avril",),
        ("mai",),
        ("juin",),
        ("juillet",),
        ("août", "aout"),
        ("septembre",),
        ("octobre",),
        ("novembre",),
        ("décembre", "decembre"),
    ),
    "de": (
        ("Januar", "Jänner"),
        ("Februar",),
        ("März",),
        ("April",),
        ("Mai",),
        ("Juni",),
        ("Juli",),
        ("August",),
        ("September",),
        ("Oktober",),
        ("November",),
        ("Dezember",),
    ),
    "es": (
        ("enero",),
        ("febrero",),
        ("marzo",),
        ("abril",),
        ("mayo",),
        ("junio",),
        ("julio",),
        ("agosto",),
        ("septiembre",),
        ("octubre",),
        ("noviembre",),
        ("diciembre",),
    ),
    # Russian dates use the genitive ("27 января"); the nominative and short forms are accepted too.
    "ru": (
        ("января", "январь", "янв"),
        ("февраля", "февраль", "фев"),
        ("марта", "март", "мар"),
        ("апреля", "апрель", "апр"),
        ("мая", "май"),
        ("июня", "июнь", "июн"),
        ("июля", "июль", "июл"),
        ("августа", "август", "авг"),
        ("сентября", "сентябрь", "сен", "сент"),
        ("октября", "октябрь", "окт"),
        ("ноября", "ноябрь", "ноя", "нояб"),
        ("декабря", "декабрь", "дек"),
    ),
}
WEEKDAYS = {  # Monday first, as datetime.weekday() counts
    "en": (
        ("Monday", "Mon"),
        ("Tuesday", "Tue", "Tues"),
        ("Wednesday", "Wed"),
        ("Thursday", "Thu", "Thurs"),
        ("Friday", "Fri"),
        ("Saturday", "Sat"),
        ("Sunday", "Sun"),
    ),
    "fr": (("lundi",), ("mardi",), ("mercredi",), ("jeudi",), ("vendredi",), ("samedi",), ("dimanche",)),
    "de": (("Montag",), ("Dienstag",), ("Mittwoch",), ("Donnerstag",), ("Freitag",), ("Samstag",), ("Sonntag",)),
    "es": (
        ("lunes",),
        ("martes",),
        ("miércoles", "miercoles"),
        ("jueves",),
        ("viernes",),
        ("sábado", "sabado"),
        ("domingo",),
    ),
    "ru": (("понедельник",), ("вторник",), ("среда",), ("четверг",), ("пятница",), ("суббота",), ("воскресенье",)),
}
ZONES = ("UTC", "GMT", "CET", "MSK", "EST", "IRST", "Z")


@dataclass(frozen=True)
class WrittenDate:
    """A date as written in an article, and what the parser must read from it."""

    text: str
    expected: ArticleDate  # ``written`` is ``text``
    form: str

    def matches(self, found: ArticleDate | None) -> bool:
        return found == self.expected


def _case(draw, word: str) -> str:
    """The word as written, or in capitals, or in lower case (month names are matched ignoring case)."""
    return draw(st.sampled_from((word, word.upper(), word.lower())))


def _ordinal(day: int) -> str:
    if 10 <= day % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def _day(draw, day: int, language: str) -> str:
    padded = draw(st.sampled_from((str(day), f"{day:02d}")))
    if language == "en" and draw(st.booleans()):
        return f"{day}{_ordinal(day)}"
    if language == "de":
        return f"{padded}."  # "5. März 2024"
    if language == "fr" and day == 1 and draw(st.booleans()):
        return "1er"  # "1er mars 2024"
    return padded


def _month(draw, month: int, language: str) -> str:
    name = draw(st.sampled_from(MONTHS[language][month - 1]))
    if language == "en" and len(name) <= 4 and name != "May" and draw(st.booleans()):
        name += "."  # "Jan. 5, 2024"
    return _case(draw, name)


def _weekday(draw, year: int, month: int, day: int, language: str, weekdays: bool) -> str:
    if not weekdays or not draw(st.booleans()):
        return ""
    name = draw(st.sampled_from(WEEKDAYS[language][datetime.date(year, month, day).weekday()]))
    return _case(draw, name) + draw(st.sampled_from((", ", " ")))


@st.composite
def clock_times(draw):
    """(text after the date, hour, minute): "22:49", " at 4:30 p.m. EST", ", 10h30", " - 10.32 GMT"."""
    hour, minute = draw(st.integers(0, 23)), draw(st.integers(0, 59))
    separator = draw(st.sampled_from((" ", " - ", " – ", " — ", ", ", " at ", " | ", " @ ", " • ")))
    if draw(st.booleans()):  # twelve-hour clock
        shown = hour % 12 or 12
        suffix = draw(st.sampled_from(("am", "a.m.", "AM", "A.M.")))
        if hour >= 12:
            suffix = suffix.replace("a", "p").replace("A", "P")
        clock = f"{shown}:{minute:02d}{draw(st.sampled_from(('', ' ')))}{suffix}"
    else:
        mark = draw(st.sampled_from((":", ".", "h")))
        hour_text = draw(st.sampled_from((str(hour), f"{hour:02d}")))
        clock = f"{hour_text}{mark}{minute:02d}"
        if mark == ":" and draw(st.booleans()):
            clock += f":{draw(st.integers(0, 59)):02d}"
    if draw(st.booleans()):
        zone = draw(st.sampled_from(ZONES))
        clock += draw(st.sampled_from((f" {zone}", f" ({zone})")))
    return separator + clock, hour, minute


def _iso_time(draw) -> tuple[str, int, int]:
    hour, minute = draw(st.integers(0, 23)), draw(st.integers(0, 59))
    text = draw(st.sampled_from(("T", " "))) + f"{hour:02d}:{minute:02d}"
    if draw(st.booleans()):
        text += f":{draw(st.integers(0, 59)):02d}"
        if draw(st.booleans()):
            text += f".{draw(st.integers(0, 999)):03d}"
    if text.startswith("T"):
        text += draw(st.sampled_from(("", "Z", "+03:30", "-05:00", "+0100", "+03")))
    return text, hour, minute


years = st.integers(1900, 2100) | st.integers(1, 9999)
LANGUAGES = tuple(MONTHS)
DAY_FORMS = ("iso", "ymd", "numeric", "mdy", "dmy")
MONTH_FORMS = ("iso_month", "month_year")


@st.composite
def written_dates(draw, precisions=("day", "month", "year"), times=True, forms=None, weekdays=True):
    """A date written in one of the forms dates.py reads, in one of its languages, to a precision."""
    precision = draw(st.sampled_from(precisions))
    year = draw(years)
    if precision == "year":
        text = f"{year:04d}"
        return WrittenDate(text, ArticleDate(year, written=text), "year")
    month = draw(st.integers(1, 12))
    language = draw(st.sampled_from(LANGUAGES))
    if precision == "month":
        form = draw(st.sampled_from([f for f in MONTH_FORMS if forms is None or f in forms]))
        if form == "iso_month":
            text = f"{year:04d}-{month:02d}"
        else:
            comma = "," if language == "en" and draw(st.booleans()) else ""
            de = " de" if language == "es" and draw(st.booleans()) else ""
            text = f"{_month(draw, month, language)}{comma}{de} {year:04d}"
        return WrittenDate(text, ArticleDate(year, month, written=text), form)
    day = draw(st.integers(1, calendar.monthrange(year, month)[1]))
    form = draw(st.sampled_from([f for f in DAY_FORMS if forms is None or f in forms]))
    hour = minute = None
    clock = ""
    if form == "iso":
        text = f"{year:04d}-{month:02d}-{day:02d}"
        if times and draw(st.booleans()):
            clock, hour, minute = _iso_time(draw)
    else:
        if form == "ymd":
            separator = draw(st.sampled_from("/."))
            parts = [draw(st.sampled_from((str(n), f"{n:02d}"))) for n in (month, day)]
            text = f"{year:04d}{separator}{parts[0]}{separator}{parts[1]}"
        elif form == "numeric":
            # Day first, unless only month first is possible ("03/25/2024"); an ambiguous date
            # written month first is read day first, so it is drawn only when it cannot be misread.
            separator = draw(st.sampled_from("/."))
            first, second = day, month
            if day > 12 and draw(st.booleans()):
                first, second = month, day
            parts = [draw(st.sampled_from((str(n), f"{n:02d}"))) for n in (first, second)]
            text = f"{parts[0]}{separator}{parts[1]}{separator}{year:04d}"
        elif form == "mdy":
            language = "en"
            weekday = _weekday(draw, year, month, day, language, weekdays)
            comma = draw(st.sampled_from((",", "")))
            text = f"{weekday}{_month(draw, month, language)} {_day(draw, day, language)}{comma} {year:04d}"
        else:  # dmy
            weekday = _weekday(draw, year, month, day, language, weekdays)
            of = " of" if language == "en" and draw(st.booleans()) else ""
            de = " de" if language == "es" and draw(st.booleans()) else ""
            comma = "," if language == "en" and draw(st.booleans()) else ""
            text = f"{weekday}{_day(draw, day, language)}{of}{de} {_month(draw, month, language)}{comma}{de} {year:04d}"
            if language == "ru":
                text += draw(st.sampled_from(("", " года", " г.")))
        if times and draw(st.booleans()):
            clock, hour, minute = draw(clock_times())
    text += clock
    return WrittenDate(text, ArticleDate(year, month, day, hour, minute, written=text), form)


@st.composite
def impossible_dates(draw):
    """A day past the end of its month (or a 13th month), written in a form that names all three parts."""
    year = draw(years)
    month = draw(st.integers(1, 12))
    day = draw(st.integers(calendar.monthrange(year, month)[1] + 1, 39))
    language = draw(st.sampled_from(LANGUAGES))
    form = draw(st.sampled_from(("iso", "ymd", "numeric", "mdy", "dmy", "iso_month_13")))
    if form == "iso":
        return f"{year:04d}-{month:02d}-{day:02d}"
    if form == "iso_month_13":
        return f"{year:04d}-{draw(st.integers(13, 19))}-01"
    if form == "ymd":
        return f"{year:04d}/{month}/{day}"
    if form == "numeric":  # neither reading is possible: a day over 12 first, a month over 12 second
        return f"{day}/{month}/{year:04d}" if month <= 12 and day > 12 else f"{day}.{month}.{year:04d}"
    if form == "mdy":
        return f"{MONTHS['en'][month - 1][0]} {day}, {year:04d}"
    return f"{day} {MONTHS[language][month - 1][0]} {year:04d}"


# -- words, headlines, paragraphs ----------------------------------------------------------------

# No digits (a date is only ever where a test puts one), no month or weekday names at the start of a
# line, no metadata keys, bylines ("By", "From") or capitals-and-dash openings (datelines).
CAPITALISED = (
    "Markets",
    "Leaders",
    "Talks",
    "Officials",
    "Farmers",
    "Engineers",
    "Ministers",
    "Rivers",
    "Zürich",
    "Москва",
    "Société",
    "Ölpreis",
    "Ciudad",
    "Iran",
    "Russia",
    "Peskov",
    "The",
    "Ports",
    "Trade",
)
LOWER = (
    "rally",
    "meet",
    "resume",
    "after",
    "storm",
    "hits",
    "coast",
    "trade",
    "grows",
    "in",
    "the",
    "new",
    "energy",
    "deal",
    "signed",
    "over",
    "ports",
    "and",
    "rail",
    "links",
    "café",
    "naïve",
    "über",
    "мир",
    "año",
    "well-known",
    "Iran’s",
    "Tehran",
    "Moscow",
    "talks",
    "to",
)
# Characters that must never reach the screen as they are: C0 and C1 controls, DEL, bidi overrides,
# embeddings, isolates and marks. make_safe shows each as one visible character.
UNSAFE = (
    "\x1b",
    "\x07",
    "\x08",
    "\x0b",
    "\x0c",
    "\x1c",
    "\x1f",
    "\x7f",
    "\x85",
    "\x9b",
    "\u202e",
    "\u202a",
    "\u2066",
    "\u2069",
    "\u200e",
    "\u200f",
    "\u061c",
)
# Zero-width characters are not controls: they are kept (ZWJ joins emoji and Indic letters).
ZERO_WIDTH = ("\u200b", "\u200c", "\u200d", "\u2060")


@st.composite
def word(draw, capitalised=False, unsafe=False):
    """One word; with ``unsafe``, maybe a control, bidi or zero-width character inside it (never first,
    so a line still starts like the kind of line it is)."""
    text = draw(st.sampled_from(CAPITALISED if capitalised else LOWER))
    if unsafe and draw(st.integers(0, 3)) == 0:
        at = draw(st.integers(1, len(text)))
        text = text[:at] + draw(st.sampled_from(UNSAFE + ZERO_WIDTH)) + text[at:]
    return text


@st.composite
def headlines(draw, unsafe=False, max_words=10):
    words = [draw(word(capitalised=True, unsafe=unsafe))]
    words += draw(st.lists(word(unsafe=unsafe), min_size=1, max_size=max_words - 1))
    return " ".join(words) + draw(st.sampled_from(("", "", "?", "!")))


@st.composite
def sentences(draw, unsafe=False):
    words = [draw(word(capitalised=True, unsafe=unsafe))]
    words += draw(st.lists(word(unsafe=unsafe), max_size=12))
    return " ".join(words) + "."


@st.composite
def paragraphs(draw, unsafe=False):
    return " ".join(draw(st.lists(sentences(unsafe=unsafe), min_size=1, max_size=4)))


@dataclass(frozen=True)
class Dateline:
    text: str  # "NEW YORK, March 5, 2024 (Reuters) —", without the space before the paragraph
    place: str
    date: WrittenDate | None


PLACES = (
    "TEHRAN",
    "MOSCOW",
    "NEW YORK",
    "WASHINGTON, D.C.",
    "SÃO PAULO",
    "MÜNCHEN",
    "ST. PETERSBURG",
    "KYIV",
    "МОСКВА",
    "LOS ANGELES",
    "RIO DE JANEIRO",
)
AGENCIES = ("(Reuters)", "(AP)", "(IRNA)", "(AFP)", "(TASS)")
DASHES = ("-", "--", "–", "—", "―")


@st.composite
def datelines(draw):
    """A place in capitals, maybe a full date in words, maybe an agency, and a dash."""
    place = draw(st.sampled_from(PLACES))
    date = None
    text = place
    if draw(st.booleans()):
        # Only dates in words or ISO: the dateline's date stops at a slash or a dash, and a time
        # ("March 5, 2024 - 10:30") would read as the dash that ends the dateline. A weekday may
        # lead ("TEHRAN, Monday, March 5, 2024 —"): the place is its leading capitals only.
        date = draw(written_dates(precisions=("day",), times=False, forms=("iso", "mdy", "dmy")))
        text += f", {date.text}"
    if draw(st.booleans()):
        text += " " + draw(st.sampled_from(AGENCIES))
    text += " " + draw(st.sampled_from(DASHES))
    return Dateline(text, place, date)


BYLINE_NAMES = (
    "Jane Doe",
    "John Smith, Reuters",
    "Olga Petrova and Ivan Ivanov",
    "Мария Иванова",
    "Amir O’Neil",
    "Émile Zola",
)


@st.composite
def bylines(draw):
    return draw(st.sampled_from(("By ", "BY ", "by ", "Written by "))) + draw(st.sampled_from(BYLINE_NAMES))


# -- whole articles ------------------------------------------------------------------------------

DATE_KEYS = (
    "Date",
    "Published",
    "Published on",
    "Published at",
    "Publication date",
    "Posted",
    "Posted on",
    "Dated",
    "Pubdate",
)
SUBTITLE_KEYS = ("Subtitle", "Dek", "Standfirst")
OTHER_KEYS = (
    ("Author", "Jane Doe"),
    ("Source", "Tehran Times"),
    ("Tags", "iran, russia"),
    ("Category", "world"),
    ("URL", "https://example.org/a"),
)


@dataclass
class Generated:
    """An article's text and what parse_article must find in it (display text: make_safe applied)."""

    text: str
    layout: str
    title: str
    title_derived: bool
    subtitle: str | None
    byline: str | None
    date: ArticleDate | None
    dateline: str | None
    paragraphs: tuple[str, ...]

    @property
    def words(self) -> int:
        return sum(len(paragraph.split()) for paragraph in self.paragraphs)


def _key(draw, key: str) -> str:
    return _case(draw, key) + draw(st.sampled_from((": ", ":", " : ", "= ", ":\t")))


@st.composite
def articles(draw, unsafe=True, layouts=("plain", "markdown", "metadata", "front_matter", "inline", "untitled")):
    """An article composed from generated parts in one of the layouts the parser reads.

    plain: headline, maybe a dek, a byline and a date line (in either order), body.
    markdown: the same with a "# " heading.
    metadata: "Title:", "Date:", "Dek:" and other key lines in any order and case, then the body.
    front_matter: the same keys between "---" lines.
    inline: "date 2025-05-13 TEHRAN – ..." (the body starts on the date's line; the title is derived).
    untitled: maybe a date line, then the body; the title is the lead sentence.
    The first paragraph may open with a dateline ("NEW YORK, March 5, 2024 (Reuters) —").
    """
    from reader.ingest.safe_text import make_safe

    layout = draw(st.sampled_from(layouts))
    body = draw(st.lists(paragraphs(unsafe=unsafe), min_size=1, max_size=5))
    dateline = draw(datelines()) if draw(st.booleans()) else None
    head: list[str] = []
    title = subtitle = byline = None
    date: WrittenDate | None = None
    blank = draw(st.sampled_from(("", "\n", "\n \t")))  # what stands between head lines: nothing, a blank line

    if layout in ("plain", "markdown"):
        title = draw(headlines(unsafe=unsafe))
        head.append(("#" * draw(st.integers(1, 6)) + " " if layout == "markdown" else "") + title)
        if draw(st.booleans()):
            subtitle = draw(headlines(unsafe=unsafe, max_words=20))
            head.append(subtitle)
        extras = []
        if draw(st.booleans()):
            byline = draw(bylines())
            extras.append(byline)
        if draw(st.booleans()):
            date = draw(written_dates())
            extras.append(date.text)
        head += draw(st.permutations(extras))
    elif layout in ("metadata", "front_matter"):
        title = draw(headlines(unsafe=unsafe))
        quote = draw(st.sampled_from(("", '"', "'")))
        lines = [_key(draw, draw(st.sampled_from(("Title", "Headline")))) + quote + title + quote]
        if draw(st.booleans()):
            subtitle = draw(headlines(unsafe=unsafe, max_words=20))
            lines.append(_key(draw, draw(st.sampled_from(SUBTITLE_KEYS))) + subtitle)
        if draw(st.booleans()):
            date = draw(written_dates())
            lines.append(_key(draw, draw(st.sampled_from(DATE_KEYS))) + date.text)
            if draw(st.booleans()):  # an update never replaces the publication date
                updated = draw(written_dates(precisions=("day",)))
                lines.append(_key(draw, draw(st.sampled_from(("Updated", "Last updated")))) + updated.text)
        for key, value in draw(st.lists(st.sampled_from(OTHER_KEYS), unique=True, max_size=3)):
            lines.append(_key(draw, key) + value)
        lines = draw(st.permutations(lines))
        if layout == "front_matter":
            head = ["---", *lines, "---"]
        else:
            head = lines
            blank = "\n"  # a blank line ends the key lines; without one the body would have to look unlike a key
    elif layout == "inline":
        # Without a colon a key is a key only before a digit ("Date palms grow ..." is a sentence),
        # so the date starts with one: ISO, numeric, or day first without a weekday.
        date = draw(
            written_dates(
                precisions=("day", "month"), forms=("iso", "ymd", "numeric", "dmy", "iso_month"), weekdays=False
            )
        )
        key = draw(st.sampled_from(("date", "Date", "DATE", "published")))
        leading = draw(st.sampled_from(("", " ")))
        body[0] = f"{dateline.text} {body[0]}" if dateline else body[0]
        text = f"{leading}{key} {date.text} {body[0]}"
        dateline_place = dateline.place if dateline else None
        rest = "\n\n".join(body[1:])
        text += "\n\n" + rest + "\n" if rest else "\n"
        first = body[0][len(dateline.text) + 1 :] if dateline else body[0]
        shown = tuple(make_safe(p) for p in (first, *body[1:]))
        return Generated(text, layout, _derived(shown[0]), True, None, None, date.expected, dateline_place, shown)
    else:  # untitled
        # A short line ending in a full stop with a blank line under it is a headline by design
        # ("Storm hits coast." over the body), so the lead paragraph here is longer than twelve words.
        while len(body[0].split()) <= 12:
            body[0] += " " + draw(sentences(unsafe=unsafe))
        if draw(st.booleans()):
            date = draw(written_dates())
            head.append(date.text)

    body_text = _body(draw, body, dateline.text + " " if dateline else "")
    if dateline is not None:
        body[0] = f"{dateline.text} {body[0]}"
    text = "\n".join(line + draw(st.sampled_from(("", blank))) for line in head)
    text = (text + "\n\n" if head else "") + body_text
    if dateline is not None:
        body[0] = body[0][len(dateline.text) + 1 :]
    shown = tuple(make_safe(p) for p in body)
    expected_date = date.expected if date else (dateline.date.expected if dateline and dateline.date else None)
    if title is None:
        return Generated(
            text,
            layout,
            _derived(shown[0]),
            True,
            None,
            None,
            expected_date,
            dateline.place if dateline else None,
            shown,
        )
    return Generated(
        text,
        layout,
        make_safe(title),
        False,
        make_safe(subtitle) if subtitle else None,
        byline,
        expected_date,
        dateline.place if dateline else None,
        shown,
    )


def _derived(paragraph: str) -> str:
    """The title the parser derives: the lead sentence (the generated sentences end in ". " and hold no
    abbreviation), cut at a word boundary with an ellipsis past 90 characters."""
    sentence = paragraph.split(". ")[0].rstrip(".")
    return sentence


def _body(draw, body: list[str], dateline: str) -> str:
    """Paragraphs separated by blank lines (maybe holding spaces), maybe hard-wrapped; or one per line.

    A wrap is made only before a lower-case word: a line that starts in capitals and has no full stop
    under a headline is a dek by the parser's rules, so wrapping there would make one. The dateline
    is never wrapped: a line that is only a date ("января 1900 года") under a headline-like line is
    that line's date, not its continuation."""
    separated = draw(st.booleans())
    out = []
    for paragraph in body:
        words = paragraph.split(" ")
        lines, line = [], [words[0]]
        for item in words[1:]:
            if item[:1].islower() and draw(st.integers(0, 4)) == 0:
                lines.append(" ".join(line))
                line = [item]
            else:
                line.append(item)
        lines.append(" ".join(line))
        out.append("\n".join(lines))
    out[0] = dateline + out[0]
    if not separated:
        return "\n".join(out) + draw(st.sampled_from(("", "\n")))
    gaps = [draw(st.sampled_from(("\n\n", "\n\n\n", "\n  \n", "\n\t\n"))) for _ in out[1:]]
    return out[0] + "".join(gap + chunk for gap, chunk in zip(gaps, out[1:], strict=True)) + "\n"
