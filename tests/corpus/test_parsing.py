"""Title, subtitle, date, dateline and body from raw text: one test per rule."""

import pytest

from reader.ingest.parse import derive_title, find_dateline, parse_article


def test_headline_line_is_the_title():
    article = parse_article("Markets rally on rate cut hopes\n\nStocks rose on Tuesday as investors bet on cuts.\n")
    assert article.title == "Markets rally on rate cut hopes"
    assert not article.title_derived
    assert article.paragraphs == ("Stocks rose on Tuesday as investors bet on cuts.",)


def test_dek_under_headline_is_the_subtitle():
    text = "Iran, Russia push strategic ties\nLeaders vow to advance projects\nThe leaders met on Monday in a city.\n"
    article = parse_article(text)
    assert article.title == "Iran, Russia push strategic ties"
    assert article.subtitle == "Leaders vow to advance projects"
    assert article.paragraphs == ("The leaders met on Monday in a city.",)


def test_lead_paragraph_is_not_a_subtitle():
    text = "Storm hits coast\n\nThe storm made landfall on Monday, officials said. Thousands lost power.\n"
    article = parse_article(text)
    assert article.subtitle is None
    assert article.paragraphs[0].startswith("The storm made landfall")


def test_title_derived_from_lead_sentence_when_no_headline():
    text = "The central bank cut rates on Tuesday. Analysts had expected the move for months.\nMore text here.\n"
    article = parse_article(text)
    assert article.title == "The central bank cut rates on Tuesday"
    assert article.title_derived


def test_derived_title_cut_at_word_boundary():
    sentence = (
        "Officials from both countries met in the capital to discuss an extensive programme of cooperation on trade."
    )
    title = derive_title(sentence, limit=60)
    assert title.endswith("…")
    assert len(title) <= 61
    assert sentence.startswith(title[:-1])
    assert sentence[len(title) - 1] == " "


def test_lead_sentence_not_cut_at_abbreviations():
    article = parse_article("The U.S. and Mr. Smith agreed on a deal. Then they left.\n")
    assert article.title == "The U.S. and Mr. Smith agreed on a deal"


def test_markdown_heading_is_the_title():
    article = parse_article("# A heading\n\nBody text follows here.\n")
    assert article.title == "A heading"


def test_front_matter_title_and_date():
    text = '---\ntitle: "Front matter title"\ndate: 2024-03-05\ntags: x\n---\n\nBody text.\n'
    article = parse_article(text)
    assert article.title == "Front matter title"
    assert article.date.iso() == "2024-03-05"
    assert article.paragraphs == ("Body text.",)


@pytest.mark.parametrize(
    "first_line",
    [
        "date 2025-05-13",
        "Date: 2025-05-13",
        "Published: 2025-05-13",
        "DATE: May 13, 2025",
        "published 2025-05-13T09:30:00Z",
    ],
)
def test_metadata_date_lines(first_line):
    article = parse_article(f"{first_line}\nStocks rose on Tuesday as investors bet on cuts.\n")
    assert article.date.iso().startswith("2025-05-13")
    assert article.paragraphs == ("Stocks rose on Tuesday as investors bet on cuts.",)


def test_metadata_date_with_body_on_same_line():
    article = parse_article(" date 2025-05-13 TEHRAN – Officials met on Monday.\n\nSecond paragraph.\n")
    assert article.date.iso() == "2025-05-13"
    assert article.dateline == "TEHRAN"
    assert article.paragraphs == ("Officials met on Monday.", "Second paragraph.")


@pytest.mark.parametrize(
    ("date_text", "iso", "precision"),
    [
        ("January 17, 2022 - 22:49", "2022-01-17T22:49", "day"),
        ("Thursday, February 23, 2006", "2006-02-23", "day"),
        ("4 March 2024", "2024-03-04", "day"),
        ("March 2024", "2024-03", "month"),
        ("2024", "2024", "year"),
        ("27 января 2025 года", "2025-01-27", "day"),
        ("Published: 4 March 2024 | Updated: 5 March 2024", "2024-03-04", "day"),
    ],
)
def test_date_line_standing_alone_near_top(date_text, iso, precision):
    article = parse_article(f"A headline here\n\n{date_text}\n\nThe body starts here. It goes on.\n")
    assert article.title == "A headline here"
    assert article.date.iso() == iso
    assert article.date.precision == precision
    assert article.paragraphs == ("The body starts here. It goes on.",)


def test_flattened_web_page_date_followed_by_time():
    text = (
        "Новости Президент провёл встречу 22 апреля 2025 года 16:50 Москва, Кремль "
        "Состоялась встреча с делегацией 3 мая 2024 года."
    )
    article = parse_article(text)
    assert article.date.iso() == "2025-04-22T16:50"


def test_date_in_body_is_not_the_publication_date():
    text = "A headline\n\nThe treaty was signed on January 18, 2025 in Moscow. It took effect at once.\n"
    assert parse_article(text).date is None


def test_date_far_down_is_not_the_publication_date():
    text = "A headline\n\n" + "A long paragraph of body text. " * 10 + "\n\nJanuary 18, 2025\n\nMore.\n"
    assert parse_article(text).date is None


def test_date_without_year_leaves_article_undated():
    text = "Araghchi said during a joint press conference in Tehran on February 25, according to IRNA.\n"
    assert parse_article(text).date is None


def test_impossible_date_line_is_no_date():
    assert parse_article("A headline\n\n2025-02-30\n\nBody text.\n").date is None


@pytest.mark.parametrize(
    ("lead", "place"),
    [
        ("TEHRAN – Officials said", "TEHRAN"),
        ("TEHRAN — Officials said", "TEHRAN"),
        ("MOSCOW (Reuters) - Officials said", "MOSCOW"),
        ("NEW YORK -- Officials said", "NEW YORK"),
        ("WASHINGTON, D.C. — Officials said", "WASHINGTON, D.C."),
    ],
)
def test_dateline(lead, place):
    article = parse_article(f"Headline here\n\n{lead} on Monday that talks would go on.\n")
    assert article.dateline == place
    assert article.paragraphs[0] == "Officials said on Monday that talks would go on."


def test_dateline_with_year_dates_the_article():
    article = parse_article("NEW YORK, March 5, 2024 /PRNewswire/ — Acme Corp said.\n".replace(" /PRNewswire/", ""))
    assert article.dateline == "NEW YORK"
    assert article.date.iso() == "2024-03-05"


def test_dateline_with_day_month_only_gives_no_date():
    article = parse_article("LONDON, March 5 (Reuters) - Shares fell on Tuesday.\n")
    assert article.dateline == "LONDON"
    assert article.date is None


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("TEHRAN, Monday, March 5, 2024 — Officials said.", "Monday, March 5, 2024"),
        ("PARIS, lundi 4 mars 2024 — Les ministres.", "lundi 4 mars 2024"),
        ("BERLIN, Montag, 4. März 2024 — Die Minister.", "Montag, 4. März 2024"),
    ],
)
def test_dateline_date_may_start_with_a_weekday(text, written):
    place, rest, date = find_dateline(text)
    assert place == text.split(",")[0]
    assert date is not None and date.written == written and date.day in (4, 5) and date.month == 3
    assert rest.split()[0] in ("Officials", "Les", "Die")


def test_mixed_case_start_is_not_a_dateline():
    assert find_dateline("Tehran – officials said") is None
    assert find_dateline("A – b") is None


def test_dateline_kept_out_of_derived_title():
    article = parse_article("TEHRAN – Kremlin spokesman Dmitry Peskov has hailed the session. More.\n")
    assert article.title.startswith("Kremlin spokesman Dmitry Peskov")


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_paragraphs_with_any_line_ending(newline, tmp_path):
    from reader.ingest.files import load_file

    path = tmp_path / "a.txt"
    path.write_bytes(newline.join(["Headline", "", "First para.", "", "Second para.", ""]).encode())
    article, problems = load_file(path)
    assert problems == []
    assert article.paragraphs == ("First para.", "Second para.")


def test_hard_wrapped_paragraphs_are_joined():
    text = "Headline\n\nThis line is\nwrapped by hand.\n\nNext one.\n"
    assert parse_article(text).paragraphs == ("This line is wrapped by hand.", "Next one.")


def test_without_blank_lines_each_line_is_a_paragraph():
    text = "First sentence is long enough to be a body paragraph for sure, yes.\nSecond.\nThird.\n"
    assert parse_article(text).paragraphs[1:] == ("Second.", "Third.")


def test_word_count_keeps_hyphenated_and_possessive_words_whole():
    assert parse_article("Headline\n\nOne two three, four-five Iran’s six.\n").words == 6


def test_markup_is_kept_literally():
    article = parse_article("[bold red]BREAKING[/] x\n\nBody [link=x]y[/link].\n")
    assert article.title == "[bold red]BREAKING[/] x"
    assert "[link=x]y[/link]" in article.paragraphs[0]


def test_escape_sequences_become_visible():
    article = parse_article("Title \x1b[31mred\x1b[0m\n\nBody \x1b]8;;http://x\x07link \u202eevil.\n")
    assert "\x1b" not in article.title and "␛[31m" in article.title
    assert "\x07" not in article.text and "\u202e" not in article.text


def test_byline_kept_apart_not_lost():
    article = parse_article("Oil prices rise\n\nBy Jane Doe, Reuters\n\nLONDON, March 5 (Reuters) - Oil rose.\n")
    assert article.title == "Oil prices rise"
    assert article.byline == "By Jane Doe, Reuters"
    assert article.subtitle is None
    assert article.paragraphs == ("Oil rose.",)


def test_lines_above_a_date_line_stay_in_the_body():
    article = parse_article(
        "Title of piece\nA dek that ends in a full stop.\nJane Doe\nTue 5 Mar 2024 10.32 GMT\n\nBody.\n"
    )
    assert article.date.iso() == "2024-03-05T10:32"
    assert article.date.written == "Tue 5 Mar 2024 10.32 GMT"
    assert "Jane Doe" in article.text and "A dek that ends in a full stop." in article.text
    assert "Tue 5 Mar" not in article.text


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("By Jane Doe | March 5, 2024", "2024-03-05"),
        ("Source: Xinhua| 2024-03-05 10:32:15|Editor: huaxia", "2024-03-05T10:32"),
        ("Updated 10:32 AM EST, Tue March 5, 2024", "2024-03-05"),
        ("Tuesday, 05 March 2024 10:32 AM  [ Last Update: Tuesday, 05 March 2024 11:00 AM ]", "2024-03-05T10:32"),
    ],
)
def test_date_lines_with_bylines_and_stamps(line, iso):
    article = parse_article(f"Headline here\n{line}\n\nBody starts. More.\n")
    assert article.date.iso() == iso


def test_tass_style_dateline():
    article = parse_article("MOSCOW, May 13. /TASS/. Russia and Iran will sign the treaty, the Kremlin said.\n")
    assert article.dateline == "MOSCOW"
    assert article.paragraphs[0] == "Russia and Iran will sign the treaty, the Kremlin said."
    assert article.date is None


def test_headline_with_capitals_and_dash_is_still_a_headline():
    article = parse_article("US - China trade talks resume\n\nNegotiators met in Geneva on Monday. More.\n")
    assert article.title == "US - China trade talks resume"
    assert article.dateline is None


def test_short_all_caps_headline():
    article = parse_article("IRAN, RUSSIA SIGN DEAL\n\nThe two countries signed a deal on Monday.\n")
    assert article.title == "IRAN, RUSSIA SIGN DEAL"


def test_hard_wrapped_text_without_blank_lines_joins_continuations():
    text = "First sentence of a hard\nwrapped paragraph here.\nA new paragraph\nthat also wraps.\n"
    assert parse_article(text).paragraphs == (
        "First sentence of a hard wrapped paragraph here.",
        "A new paragraph that also wraps.",
    )


@pytest.mark.parametrize("line", ["Date: 2024-03-05", "Published: March 5, 2024", "Posted on: 5 March 2024, 10:31"])
def test_metadata_date_line_under_a_headline(line):
    article = parse_article(f"Headline here\n\n{line}\n\nBody text. More.\n")
    assert article.title == "Headline here"
    assert article.date.iso().startswith("2024-03-05")
    assert article.paragraphs == ("Body text. More.",)


def test_a_hash_inside_a_headline_is_kept():
    article = parse_article("Ranking # 1 team wins again\n\nThe team won the final on Sunday.\n")
    assert article.title == "Ranking # 1 team wins again"


def test_a_markdown_heading_loses_only_its_marker():
    article = parse_article("## Talks resume # 2\n\nThe talks resumed on Monday.\n")
    assert article.title == "Talks resume # 2"


@pytest.mark.parametrize(
    ("head", "title", "subtitle"),
    [
        ("Title: Oil deal signed\nDek: Talks go on", "Oil deal signed", "Talks go on"),
        ("TITLE: Oil deal signed\nDEK: Talks go on", "Oil deal signed", "Talks go on"),
        ("title: Oil deal signed\ndek: Talks go on", "Oil deal signed", "Talks go on"),
        ("Headline: Oil deal signed\nDek: Talks go on", "Oil deal signed", "Talks go on"),
        ("HEADLINE = \"Oil deal signed\"\ndek = 'Talks go on'", "Oil deal signed", "Talks go on"),  # quotes removed
        ("headline:Oil deal signed", "Oil deal signed", None),
        ("TİTLE: Oil deal signed\nStandfirst: Talks go on", "Oil deal signed", "Talks go on"),  # dotted capital I
        ("Subtitle: Talks go on\nHeadline: Oil deal signed", "Oil deal signed", "Talks go on"),  # any order
    ],
)
def test_title_headline_and_dek_keys(head, title, subtitle):
    article = parse_article(f"{head}\n\nmoscow officials said the talks would go on.\n")
    assert (article.title, article.subtitle, article.title_derived) == (title, subtitle, False)
    assert article.paragraphs == ("moscow officials said the talks would go on.",)  # keys never reach the body


def test_a_dek_key_alone_leaves_the_headline_to_the_text():
    article = parse_article("Dek: Talks go on\n\nOil deal signed\n\nThe body begins here.\n")
    assert (article.title, article.subtitle, article.title_derived) == ("Oil deal signed", "Talks go on", False)
    assert article.paragraphs == ("The body begins here.",)


def test_an_empty_title_key_is_ignored():
    article = parse_article("Title:\n\nOil deal signed\n\nThe body begins here.\n")
    assert (article.title, article.subtitle) == ("Oil deal signed", None)
    assert article.paragraphs == ("The body begins here.",)
