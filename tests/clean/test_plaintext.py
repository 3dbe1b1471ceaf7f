"""The plain-text line classifier, on pages written for these tests (and on the seed when present)."""

import json
from pathlib import Path

import pytest

from wirewatch.clean.header import byline_authors, date_line, find_date, source_label, wire_dateline
from wirewatch.clean.lexicon import detect_language, load_lexicon
from wirewatch.clean.plaintext import LABELS, classify_lines

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SEED = SHARED / "seed" / "000_38f5dc2e7397f804.txt"
SEED_EXPECTED = SHARED / "spec" / "seed-expected.json"

WIRE_STORY = """\
Skip to main content
World
Business
Markets
Sign In
Subscribe

World News

Ministers agree on new fisheries pact after all-night talks

By Jane Doe and John Roe

4 Min Read

March 3, 2021 10:15 AM

BRUSSELS (Reuters) - European Union fisheries ministers agreed on Wednesday to cut catch limits for cod in the Baltic Sea by a quarter, ending two days of talks that ran through the night.

The deal, which still needs the formal approval of the member states, sets quotas for more than a hundred fish stocks and gives coastal communities a year to adjust to the lower limits.

"This was not an easy night, but we now have a package that protects the stocks and the people who depend on them," the minister chairing the talks told reporters after the meeting.

Environmental groups said the cuts did not go far enough and that several stocks would remain overfished for years to come, while industry groups warned of job losses in smaller ports.

Reporting by Jane Doe; Editing by John Roe

Read more
Related Coverage
* Fishing fleets brace for lower quotas
* Baltic cod stocks near record low

© 2021 Example Media. All rights reserved.
"""

COOKIE_BLOG = """\
We use cookies to give you the best experience on our website. By continuing to browse the site you agree to our use of cookies. Accept

Home
About
Recipes
Contact

My sourdough journey: lessons from a year of baking

Posted on 12 May 2019 by Anna

When I started baking bread a year ago, I had no idea how much patience a simple loaf of sourdough would demand from me.

The first weeks were a string of flat, dense loaves, and I almost gave up before I learned to read the starter rather than the clock.

What finally worked was a longer, colder proof in the fridge overnight, which gave the dough the structure it had been missing all along.

Share this:
Twitter
Facebook
Like this:
Related
Leave a Reply
Your email address will not be published. Required fields are marked *
© 2019 Anna's Kitchen. Powered by WordPress.
"""

BYLINE_PAGE = """\
Menu
Search

Local council approves plan for new riverside park

By Jane Doe

The city council voted on Tuesday evening to approve a plan that turns a disused industrial site along the river into a public park with playgrounds and sports fields.

Construction is expected to begin next spring, and the first section of the park should open to the public by the end of the following year, according to the council.

Follow us on Twitter
Sign up for our daily newsletter
"""

GERMAN_PAGE = """\
Zum Inhalt springen
Startseite
Politik
Wirtschaft
Newsletter abonnieren

Politik

Bundesrat billigt neues Gesetz für mehr Klimaschutz in Gebäuden

Von Max Mustermann

Donnerstag, 31. Mai 2012, 15:37 Uhr

Der Bundesrat hat am Freitag ein Gesetz gebilligt, das Eigentümer älterer Gebäude zu einer besseren Dämmung verpflichtet und den Einbau neuer Ölheizungen ab dem kommenden Jahr verbietet.

Die Länder hatten zuvor in mehreren Punkten Änderungen verlangt, die der Bundestag in der vergangenen Woche zum großen Teil übernommen hatte.

Kritik kam von den Verbänden der Hauseigentümer, die vor hohen Kosten für Mieter und Vermieter warnen und eine stärkere Förderung durch den Bund fordern.

Mehr zum Thema
Weitere Artikel
Teilen
Datenschutzerklärung
Impressum
"""


def _labels(layout):
    return {line.text.strip(): line.label for line in layout.lines if line.label != "blank"}


def test_plaintext_wire_story_reads_header_and_strips_wire_dateline():
    layout = classify_lines(WIRE_STORY)
    assert layout.title == "Ministers agree on new fisheries pact after all-night talks"
    assert layout.authors == ["Jane Doe", "John Roe"]
    assert "Reuters" in layout.source_labels
    assert layout.published == "2021-03-03T10:15"
    assert layout.section == "World News"
    assert layout.body.startswith("European Union fisheries ministers agreed on Wednesday")
    assert "BRUSSELS (Reuters) -" in layout.boilerplate
    assert layout.body.endswith("warned of job losses in smaller ports.")
    for chrome in ("Subscribe", "Read more", "Related Coverage", "All rights reserved", "Baltic cod stocks"):
        assert chrome not in layout.body
    assert _labels(layout)["Reporting by Jane Doe; Editing by John Roe"] == "byline"
    assert "Example Media" in layout.site_names


def test_plaintext_blog_drops_cookie_banner_and_share_lines():
    layout = classify_lines(COOKIE_BLOG)
    labels = _labels(layout)
    assert layout.title == "My sourdough journey: lessons from a year of baking"
    assert layout.published == "2019-05-12"
    assert layout.body.startswith("When I started baking bread")
    assert layout.body.endswith("missing all along.")
    assert layout.body.count("\n\n") == 2
    cookie = next(line for line in layout.lines if line.text.startswith("We use cookies"))
    assert (cookie.label, cookie.reason) == ("chrome", "cookie notice")
    for line in ("Share this:", "Twitter", "Facebook", "Leave a Reply", "Home", "Recipes"):
        assert labels[line] == "chrome", line
    assert not any(word in layout.body for word in ("cookies", "Share", "Reply", "WordPress"))


def test_plaintext_byline_gives_authors():
    layout = classify_lines(BYLINE_PAGE)
    assert layout.title == "Local council approves plan for new riverside park"
    assert layout.authors == ["Jane Doe"]
    assert _labels(layout)["By Jane Doe"] == "byline"
    assert "newsletter" not in layout.body and "Follow us" not in layout.body
    assert layout.body.startswith("The city council voted")


def test_plaintext_german_page_dateline_byline_section():
    layout = classify_lines(GERMAN_PAGE, language="de")
    assert layout.title == "Bundesrat billigt neues Gesetz für mehr Klimaschutz in Gebäuden"
    assert layout.section == "Politik"
    assert layout.authors == ["Max Mustermann"]
    assert layout.dateline == "Donnerstag, 31. Mai 2012, 15:37 Uhr"
    assert layout.published == "2012-05-31T15:37"
    assert layout.body.startswith("Der Bundesrat hat am Freitag")
    assert layout.body.endswith("durch den Bund fordern.")
    for chrome in ("Mehr zum Thema", "Teilen", "Impressum", "Newsletter"):
        assert chrome not in layout.body


def test_plaintext_german_page_detected_without_hint():
    assert classify_lines(GERMAN_PAGE).published == "2012-05-31T15:37"
    assert detect_language(GERMAN_PAGE, "en") == "de"


@pytest.mark.parametrize("document", [WIRE_STORY, COOKIE_BLOG, BYLINE_PAGE, GERMAN_PAGE, "one line", "\n\n", "a\r\nb\r\n"])
def test_plaintext_lines_cover_input_with_exact_offsets(document):
    layout = classify_lines(document)
    assert len(layout.lines) == len(document.split("\n"))
    for line in layout.lines:
        assert document[line.start : line.end] == line.text
        assert line.label in LABELS and line.reason
    assert all((line.label == "blank") == (not line.text.strip()) for line in layout.lines)


def test_plaintext_boilerplate_holds_removed_lines_not_headline():
    layout = classify_lines(BYLINE_PAGE)
    assert "By Jane Doe" in layout.boilerplate
    assert "Sign up for our daily newsletter" in layout.boilerplate
    assert layout.title not in layout.boilerplate
    assert not set(layout.boilerplate) & set(layout.body.split("\n\n"))


@pytest.mark.parametrize("document", ["", "   ", "\n", "© 2020", "* Home\n* About\n* Contact"])
def test_plaintext_junk_yields_empty_body(document):
    layout = classify_lines(document)
    assert layout.body == ""
    assert layout.title is None


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Support our journalism: make a donation today", "donation prompt"),
        ("Subscribe now for unlimited access", "subscription prompt"),
        ("Join the Example.org mailing list", "mailing-list or newsletter prompt"),
        ("Sign up for our weekly newsletter", "mailing-list or newsletter prompt"),
        ("Newsletter abonnieren", "subscription prompt"),
        ("Follow us on Instagram", "share or follow line"),
        ("Share on Facebook", "share or follow line"),
        ("© 2020 Example Media. All rights reserved.", "copyright line"),
        ("Alle Rechte vorbehalten", "copyright line"),
        ("Diese Website verwendet Cookies, um Ihnen ein besseres Nutzungserlebnis zu bieten.", "cookie notice"),
        ("Read more: Why the harbour is closing", "read-also prompt with a teaser"),
        ("Lesen Sie auch: Der Hafen schließt", "read-also prompt with a teaser"),
        ("Advertisement", "advertising label"),
        ("Anzeige", "advertising label"),
        ("News | Sport | Weather | Traffic", "menu line (separated links)"),
        ("Foto: Max Mustermann", "image or media credit"),
        ("Faites un don", "donation prompt"),
        ("Suscríbete a nuestro boletín", "subscription prompt"),
    ],
)
def test_plaintext_chrome_line_inside_article_is_dropped(line, reason):
    paragraph = ("The harbour authority said on Monday that the old pier would close for repairs, and that ferries "
                 "would use the new terminal on the east side of the bay until the work is finished.")
    document = f"A headline about the harbour\n\n{paragraph}\n\n{line}\n\n{paragraph.replace('Monday', 'Friday')}\n"
    layout = classify_lines(document)
    found = next(label for label in layout.lines if label.text == line)
    assert (found.label, found.reason) == ("chrome", reason)
    assert line not in layout.body
    assert layout.body.count("harbour authority") == 2


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Related articles", "related-articles or read-more line"),
        ("À lire aussi", "related-articles or read-more line"),
        ("Mehr zum Thema", "related-articles or read-more line"),
        ("Leave a comment", "comments prompt"),
        ("3 Kommentare", "comments prompt"),
    ],
)
def test_plaintext_boundary_line_ends_the_article(line, reason):
    paragraph = ("The harbour authority said on Monday that the old pier would close for repairs, and that ferries "
                 "would use the new terminal on the east side of the bay until the work is finished.")
    teaser = "Ferry operators fear a summer of delays as the pier closes for repairs and the new terminal fills up."
    layout = classify_lines(f"A headline about the harbour\n\n{paragraph}\n\n{paragraph}\n\n{line}\n\n{teaser}\n")
    found = next(label for label in layout.lines if label.text == line)
    assert (found.label, found.reason) == ("chrome", reason)
    assert layout.body == f"{paragraph}\n\n{paragraph}"


def test_plaintext_long_paragraph_mentioning_chrome_words_stays_body():
    paragraph = ("Readers who subscribe to the newsletter or follow the paper on Facebook were the first to learn that "
                 "the charity had raised more donations this year than in any of the ten years before.")
    other = "The mayor thanked the volunteers and said the money would go to the new shelter on the river road."
    layout = classify_lines(f"Charity breaks its record\n\n{paragraph}\n\n{other}\n")
    assert paragraph in layout.body and other in layout.body


def test_plaintext_subheading_between_paragraphs():
    paragraph = "The committee met for the third time this month and again failed to agree on a budget for the coming year."
    document = f"Budget talks stall again\n\n{paragraph}\n\nWhat happens next\n\n{paragraph.replace('third', 'fourth')}\n"
    layout = classify_lines(document)
    assert layout.subheadings == ["What happens next"]
    assert "What happens next" in layout.body


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("Monday, 31 August 2020 3:37 PM", "2020-08-31T15:37"),
        ("August 31, 2020", "2020-08-31"),
        ("Aug. 31, 2020 at 9:05 a.m.", "2020-08-31T09:05"),
        ("31.08.2020", "2020-08-31"),
        ("Donnerstag, 31. Mai 2012, 15:37 Uhr", "2012-05-31T15:37"),
        ("Publié le 31 août 2020 à 15h37", "2020-08-31T15:37"),
        ("31 de agosto de 2020", "2020-08-31"),
        ("2020-08-31T15:37:00+02:00", "2020-08-31T15:37"),
        ("Updated: January 16, 2020", "2020-01-16"),
    ],
)
def test_header_date_line_parses_to_own_precision(line, iso):
    match = date_line(line, load_lexicon())
    assert match is not None and match.iso == iso


@pytest.mark.parametrize("line", ["The vote on 31 August 2020 was the first since the war began in the region.", "Page 3 of 10", ""])
def test_header_date_line_rejects_sentences(line):
    assert date_line(line, load_lexicon()) is None


def test_header_find_date_month_first_for_english():
    assert find_date("08/31/2020", load_lexicon(), day_first=False).iso == "2020-08-31"
    assert find_date("03/04/2020", load_lexicon(), day_first=True).iso == "2020-04-03"


@pytest.mark.parametrize(
    ("line", "authors", "outlets"),
    [
        ("By Jane Doe", ["Jane Doe"], []),
        ("By Jane Doe and John Roe, Reuters", ["Jane Doe", "John Roe"], ["Reuters"]),
        ("Von Max Mustermann und Erika Musterfrau", ["Max Mustermann", "Erika Musterfrau"], []),
        ("Par Jean Dupont", ["Jean Dupont"], []),
        ("By Jane Doe, Staff Writer", ["Jane Doe"], []),
    ],
)
def test_header_byline_authors(line, authors, outlets):
    assert byline_authors(line, load_lexicon()) == (authors, outlets)


@pytest.mark.parametrize("line", ["By the way, the road is closed.", "Von der Leyen sagte am Montag, sie sei zuversichtlich.", "Bye"])
def test_header_byline_rejects_sentences(line):
    assert byline_authors(line, load_lexicon()) is None


@pytest.mark.parametrize(
    ("line", "label"),
    [("Capital Radio News", "Capital Radio News"), ("Daily Herald", "Daily Herald"),
     ("Source: Example Times", "Example Times"), ("Reuters", "Reuters"), ("World News", None),
     ("Coastal Towns and Fisheries (CTF)", None),
     ("The news is grim.", None)],
)
def test_header_source_label(line, label):
    assert source_label(line, load_lexicon()) == label


def test_header_wire_dateline():
    prefix, agency, _ = wire_dateline("WASHINGTON (AP) — The Senate voted on Tuesday.", load_lexicon())
    assert (prefix, agency) == ("WASHINGTON (AP) —", "AP")
    assert wire_dateline("Washington is a city (really) - yes.", load_lexicon()) is None


def test_plaintext_seed_document():
    if not SEED.is_file() or not SEED_EXPECTED.is_file():
        pytest.skip(f"the seed document is not at {SEED}")
    expected = json.loads(SEED_EXPECTED.read_text(encoding="utf-8"))["document"]
    layout = classify_lines(SEED.read_text(encoding="utf-8"))
    assert layout.title == expected["title"]
    assert layout.published == expected["published"]
    assert layout.source_labels == [expected["original_source"]]
    assert expected["republished_by"] in layout.site_names
    assert layout.section == expected["section"]
    assert layout.subheadings == expected["subheadings"]
    body = layout.body.lower()
    assert not any(s.lower() in body for s in expected["body_must_not_contain"])
    assert all(s.lower() in body for s in expected["body_must_contain"])
    assert layout.title not in layout.body
    assert layout.dateline not in layout.body
