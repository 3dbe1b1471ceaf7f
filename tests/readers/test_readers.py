import gzip
import json

import pytest

from support import article_html, warc_record, write_warc
from wirewatch import read, read_many
from wirewatch.readers import ReadOptions, iter_documents


def records(*paths, **options):
    return list(read_many(paths, **options))


def test_readers_text_file(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("Floodwaters rose across the delta on Sunday, forcing thousands of families from "
                    "their homes, officials said.\n\nThe army sent boats to reach villages cut off by the water.\n")
    record = read(path)
    assert "Floodwaters rose" in record.text and record.source == str(path)
    assert record.errors == []


@pytest.mark.parametrize("name", ["page.html", "page.htm", "page.html.gz", "page_without_suffix"])
def test_readers_html_by_name_and_by_content(tmp_path, name):
    html = article_html().encode()
    path = tmp_path / name
    path.write_bytes(gzip.compress(html) if name.endswith(".gz") else html)
    record = read(path)
    assert "regional council voted on Monday" in record.text
    assert "Home" not in record.text.split("\n")[0]
    assert record.title == "Council votes to close rural schools"
    assert record.published.startswith("2021-04-12")


def test_readers_directory_is_recursive_and_ordered(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a.txt").write_text("First story text, long enough to be a paragraph of a news article body.")
    (tmp_path / "b" / "c.html").write_text(article_html())
    (tmp_path / ".hidden.txt").write_text("ignored")
    sources = [r.source for r in records(tmp_path)]
    assert sources == [str(tmp_path / "a.txt"), str(tmp_path / "b" / "c.html")]


def test_readers_jsonl_keeps_ids_dates_and_formats(tmp_path):
    path = tmp_path / "batch.jsonl"
    lines = [{"id": "one", "text": "Plain body text of the first document.", "date": "2020-01-02"},
             {"id": "two", "html": article_html(), "url": "https://lakeside.example/a"}]
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    first, second = records(path, clean=False)
    assert first.id == "one" and first.published == "2020-01-02"
    assert first.text == "Plain body text of the first document."
    assert second.id == "two" and second.url == "https://lakeside.example/a"


def test_readers_no_clean_keeps_text_verbatim(tmp_path):
    raw = "  Odd spacing\r\n“Curly quotes” stay. \n\nSecond para.\n"
    path = tmp_path / "clean.txt"
    path.write_bytes(raw.encode("utf-8"))
    record = read(path, clean=False)
    assert record.text == raw


def test_readers_rss_items_are_documents(tmp_path):
    feed = tmp_path / "feed.xml"
    feed.write_text("""<?xml version="1.0"?><rss version="2.0"><channel><title>Valley Times</title>
    <item><title>Bridge reopens</title><link>https://valley.example/bridge</link>
    <pubDate>Tue, 05 Jan 2021 14:30:00 GMT</pubDate>
    <description>&lt;p&gt;The river bridge reopened to traffic on Tuesday after eight months of repairs, the highways agency said.&lt;/p&gt;</description></item>
    <item><title>Mill closes</title><link>https://valley.example/mill</link>
    <pubDate>Mon, 04 Jan 2021 00:00:00 GMT</pubDate>
    <description>The old paper mill closed its doors after ninety years, leaving two hundred workers without jobs.</description></item>
    </channel></rss>""")
    first, second = records(feed)
    assert first.url == "https://valley.example/bridge" and first.published == "2021-01-05T14:30"
    assert first.title == "Bridge reopens" and "reopened to traffic" in first.text
    assert second.published == "2021-01-04" and "paper mill" in second.text


def test_readers_atom_feed(tmp_path):
    feed = tmp_path / "atom.feed"
    feed.write_text("""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
    <title>Hill Post</title><entry><title>Snow closes pass</title><link href="https://hill.example/snow"/>
    <updated>2022-02-01T06:00:00Z</updated><id>urn:x</id>
    <content type="html">&lt;p&gt;Heavy snow closed the mountain pass overnight, and police advised drivers to use the coast road instead.&lt;/p&gt;</content>
    </entry></feed>""")
    (record,) = records(feed)
    assert record.url == "https://hill.example/snow" and "mountain pass" in record.text


@pytest.mark.parametrize("gzipped", [False, True])
def test_readers_warc_html_responses(tmp_path, gzipped):
    path = write_warc(tmp_path / ("crawl.warc.gz" if gzipped else "crawl.warc"), [
        warc_record("https://lakeside.example/schools", article_html().encode()),
        warc_record("https://lakeside.example/logo.png", b"\x89PNG\r\n\x1a\n....", content_type="image/png"),
        warc_record("https://lakeside.example/other", article_html("Second story").encode(),
                    date="2021-05-01T09:00:00Z"),
    ], gzipped=gzipped)
    first, second = records(path)
    assert first.url == "https://lakeside.example/schools" and "regional council" in first.text
    assert second.title == "Second story"
    assert first.id != second.id


def test_readers_ids_are_stable(tmp_path):
    path = tmp_path / "a.html"
    path.write_text(article_html())
    assert read(path).id == read(path).id
    copy = tmp_path / "copy.html"
    copy.write_text(article_html("Another title"))
    assert read(copy).id != read(path).id


def test_readers_encoding_detected_and_mojibake_repaired(tmp_path):
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("Le président a déclaré que la réforme des retraites serait votée à l'été, "
                      "malgré la grève générale.".encode("cp1252"))
    record = read(latin)
    assert "président a déclaré" in record.text
    assert any("not valid UTF-8" in e.message for e in record.errors)
    mojibake = tmp_path / "mojibake.txt"
    mojibake.write_text("The minister’s office said the talks were â€œconstructiveâ€\x9d and would continue "
                        "next week in the capital.")
    assert "minister’s office" in read(mojibake).text


def test_readers_read_accepts_a_string():
    record = read("Markets fell sharply on Friday after the central bank raised rates again.", date="2023-03-10")
    assert record.text.startswith("Markets fell") and record.published == "2023-03-10"


def test_readers_options_date_is_a_fallback_only(tmp_path):
    path = tmp_path / "a.html"
    path.write_text(article_html())
    docs = list(iter_documents([path], ReadOptions(date="1999-01-01")))
    assert docs[0].hints["date"] == "1999-01-01"
    assert read(path, date="1999-01-01").published.startswith("2021-04-12")


@pytest.mark.parametrize("text,language", [
    ("Die Bundesregierung hat am Montag beschlossen, dass die Steuern für kleine Unternehmen im nächsten "
     "Jahr sinken werden. Das sagte der Finanzminister in Berlin.", "de"),
    ("The government decided on Monday that taxes for small firms will fall next year, the finance "
     "minister said in the capital.", "en"),
])
def test_readers_plain_text_language_is_detected(text, language):
    assert read(text).language == language
