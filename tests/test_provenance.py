"""Publisher and original source from HTML metadata and from text cues, on documents written here."""
import pytest

from wirewatch import read

WIRE = ("Home | News | Sport\n\nWorld\n\nMinisters agree emergency grain deal\n\n"
        "Tuesday, 4 October 2022 11:20 AM\n\n"
        "GENEVA (AP) — Ministers from twelve countries agreed on Tuesday to release emergency grain "
        "stocks, a negotiator said, after a week of talks that nearly collapsed.\n\n"
        "The deal still needs the approval of three parliaments, and aid groups said it came too late for "
        "the worst-hit regions.\n\n"
        "Sign up for the Valleyvoice.net newsletter\n")

LABEL = ("Donate now to keep our reporting free\n\nOpinion\n\nHarbour Channel News\n\n"
         "Striking nurses reject new offer from health board\n\nHarbour Channel News\n\n"
         "Friday, 3 March 2023 6:05 PM\n\n"
         "Nurses at the city's three hospitals rejected a new pay offer on Friday, saying it did not keep "
         "up with rents, and called a further strike for next week.\n\n"
         "The health board said the offer was the most it could afford without closing wards.\n\n"
         "Follow us on Facebook and Twitter\n\nJoin the dailyharbourview.com mailing list\n")

HTML = """<html><head><title>Drought deepens | Plainsview</title>
<meta property="og:site_name" content="Plainsview">
<meta name="dc.source" content="Prairie Farm Journal">
<meta property="article:published_time" content="2022-07-02T09:00:00Z"></head>
<body><article><h1>Drought deepens across the plains</h1>
<p>Farmers across the plains said on Saturday that their wells had run dry for the first time in a generation, and that the wheat harvest would be the smallest in twenty years.</p>
<p>The state agriculture department said it would ask the federal government for emergency aid to buy feed for cattle.</p>
</article></body></html>"""

CREDIT = ("The river authority said on Monday that it would open the floodgates, sending water to the "
          "farms downstream for the first time this summer.\n\n"
          "Residents near the dam were told to keep away from the banks while the water level rose.\n\n"
          "This article originally appeared in The Lowland Gazette.\n")


def test_provenance_wire_dateline_names_the_agency():
    record = read(WIRE)
    assert record.original_source["name"] == "Associated Press"
    assert record.original_source["evidence"][0]["rule"] == "text: wire dateline"
    assert record.publisher["name"].lower() == "valleyvoice.net"


def test_provenance_outlet_label_beside_headline_and_site_in_chrome():
    record = read(LABEL)
    assert record.title == "Striking nurses reject new offer from health board"
    assert record.original_source["name"] == "Harbour Channel News"
    assert record.publisher["name"].lower() == "dailyharbourview.com"
    assert record.published == "2023-03-03T18:05"
    assert "mailing list" not in record.text and "Donate" not in record.text


def test_provenance_html_site_name_and_dc_source():
    record = read(HTML, format="html", url="https://www.plainsview.example/drought")
    assert record.publisher["name"] == "Plainsview"
    assert record.publisher["domain"] == "plainsview.example"
    assert record.original_source["name"] == "Prairie Farm Journal"


def test_provenance_credit_line():
    record = read(CREDIT, url="https://riverside.example/floodgates")
    assert record.publisher["name"] == "riverside.example"
    assert record.original_source["name"] == "The Lowland Gazette"


def test_provenance_no_repost_means_no_original_source():
    record = read(HTML.replace('<meta name="dc.source" content="Prairie Farm Journal">', ""), format="html")
    assert record.original_source is None
