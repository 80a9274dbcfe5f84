"""One compiled scanner that finds date expressions and capitalised name chunks in a single pass.

Everything else in the text is skipped by the regex engine in C, which is what keeps the recogniser fast.
Every repetition is either possessive-free but bounded by a literal separator, so matching is linear.
"""

from __future__ import annotations

import functools
import re

# Upper- and title-case letters of the cased scripts (Latin, Greek, Cyrillic, Armenian, Georgian...), as ranges.
UPPER = (
    "[A-Z\u00c0-\u00d6\u00d8-\u00de\u0100-\u017f\u0181-\u024e\u0370-\u03ff\u0400-\u042f"
    "\u0460-\u052e\u0531-\u0556\u10a0-\u10c5\u1e00-\u1efe\u1f08-\u1fbc]"
)

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
MONTH_ABBREVIATIONS = [
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
]
WEEKDAYS = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
]

_MONTH = "(?:" + "|".join(MONTHS) + r"|(?:" + "|".join(MONTH_ABBREVIATIONS) + r")\.?)"
_FULL_MONTH_NOT_MAY = "(?:" + "|".join(m for m in MONTHS if m != "May") + ")"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[5-9]\d\d|20\d\d)"
_WEEKDAY = "(?:" + "|".join(WEEKDAYS) + ")"

DATE = (
    r"(?:"
    r"\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d(?::\d\d)?)?(?!\d)"  # 2025-05-13
    rf"|{_WEEKDAY},? {_MONTH} {_DAY}(?:,? {_YEAR})?(?![\w])"  # Tuesday, May 13, 2025
    rf"|{_MONTH} {_DAY}(?:,? {_YEAR})?(?![\w:])"  # January 17, 2022 / Feb. 25
    rf"|{_DAY} (?:of )?{_MONTH}(?:,? {_YEAR})?(?![\w])"  # 17 January 2022
    rf"|{_MONTH},? {_YEAR}(?![\w])"  # January 2022
    rf"|(?:early|mid|late)-{_MONTH}(?![\w])"
    rf"|{_FULL_MONTH_NOT_MAY}(?![\w-]|['’]\w\w)"  # January, January's
    rf"|{_WEEKDAY}s?(?![\w-]|['’]\w\w)"  # Tuesday, Tuesday's
    r"|(?:(?<=\b[Tt]he )(?:past|coming|next|last|previous) |(?<![\w])(?:[Ll]ast|[Tt]his|[Nn]ext|[Ee]arly|[Ll]ate) )"
    r"(?:year|month|week|weekend|decade|century|spring|summer|autumn|fall|winter)(?![\w])"
    r"|(?<![\w])(?:[Tt]oday|[Yy]esterday|[Tt]omorrow)(?![\w'’])"
    r"|(?<![\w:.,$€£])(?:[01]?\d|2[0-3]):[0-5]\d(?: ?[ap]\.?m\.?(?![\w]))?(?![\d:])"  # 22:49, 9:30 a.m.
    r"|(?<![\w.,$€£])(?:1[0-2]|0?[1-9]) ?[ap]\.m\.(?!\w)"
    rf"|(?<![\w.,$€£/-]){_YEAR}s?(?![\w%/]|[.,]\d| ?percent| per ?cent)"  # 2022, the 1990s
    r")"
)

_CONNECTOR = (
    r"(?:of the|of|for the|for|and|&|de la|de|da|do|dos|das|del|della|di|du|des|der|den|van der|van|von der|von"
    r"|la|le|y|bin|ibn|bint|al|el|ul|e)"
)
_ABBREVIATION = (
    r"(?:Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Sgt|Capt|Adm|Maj|Sen|Rep|Gov|Rev|St|Mt|Ft|Jr|Sr|Inc|Ltd|Co|Corp|Bros|Brig"
    r"|Cmdr|Supt|Insp)\."
)
_GLUED_PREFIX = r"(?:(?:al|el|ad|an|ar|as|ash|at|az|ul|ud|bin|ibn|abu|bint|d|l)[-'’])"
_CAPITAL_WORD = (
    rf"{_GLUED_PREFIX}?{UPPER}[\w]*"
    rf"(?:[-‑–](?:{UPPER}|\d)[\w]*|[-‑](?:al|el|ul|ud|ad|e|i|o)-{UPPER}[\w]*|['’](?!s(?!\w))\w+|&{UPPER}[\w]*)*"
    r"\+?"
    rf"(?:(?<=s)['’](?= {UPPER}))?"  # "Manufacturers' Association"
)
_WORD = rf"(?:{_ABBREVIATION}|(?:{UPPER}\.){{2,}}|{UPPER}\.(?= {UPPER})|{_CAPITAL_WORD})"
_DATE_AHEAD = rf"(?:{_MONTH} \d|(?:{_FULL_MONTH_NOT_MAY}|{_WEEKDAY})(?![\w-]|['’]\w\w))"
CHUNK = rf"(?<![\w]){_WORD}(?:[ \t]+(?:{_CONNECTOR}[ \t]+)?(?!{_DATE_AHEAD}){_WORD})*"


@functools.cache
def scanner() -> re.Pattern[str]:
    """Compiled on first use so that importing the package stays cheap."""
    return re.compile(rf"(?P<date>{DATE})|(?P<chunk>{CHUNK})")


# Splits a chunk into its words and connectors, keeping offsets.
CHUNK_PART = re.compile(r"\S+")

# Words after a name that mark it as a person who speaks or acts.
SPEECH_VERBS = frozenset(
    [
        "said",
        "says",
        "told",
        "added",
        "noted",
        "stressed",
        "explained",
        "wrote",
        "argued",
        "insisted",
        "warned",
        "emphasized",
        "emphasised",
        "underscored",
        "underlined",
        "asked",
        "replied",
        "answered",
        "announced",
        "stated",
        "declared",
        "claimed",
        "confirmed",
        "denied",
        "tweeted",
        "posted",
        "recalled",
        "admitted",
        "acknowledged",
        "believes",
        "thinks",
        "thought",
        "urged",
        "called",
        "reiterated",
        "continued",
        "concluded",
        "commented",
        "remarked",
        "suggested",
        "according",
    ]
)
PLACE_PREPOSITIONS = frozenset(
    [
        "in",
        "near",
        "outside",
        "across",
        "throughout",
        "inside",
    ]
)
# Lower-case nouns after an unknown name that make it a place: "Zamzam camp", "Sharara field".
PLACE_NOUNS_AFTER = frozenset(
    [
        "camp",
        "field",
        "oilfield",
        "border",
        "crossing",
        "province",
        "district",
        "region",
        "village",
        "town",
        "city",
        "county",
        "airport",
        "port",
        "river",
        "valley",
        "mountains",
        "area",
        "governorate",
        "state",
        "neighbourhood",
        "neighborhood",
        "suburb",
        "island",
        "peninsula",
        "refinery",
        "base",
        "prison",
    ]
)
