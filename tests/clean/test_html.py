"""HTML extraction with trafilatura, on pages written for these tests."""

import time

import pytest

from wirewatch.clean.html import HtmlExtraction, extract_html, extract_html_tree, parse_html, render_text

PARAGRAPHS = [
    "The regional council voted on Monday to close three rural schools, despite a petition signed by more than "
    "four thousand parents who said the closures would force children onto long bus journeys.",
    '"We cannot keep half-empty buildings open while classrooms in town are overflowing," the council leader '
    "told the meeting, adding that the savings would be spent on hiring teachers.",
    "Parents' groups said they would challenge the decision in court and planned a protest outside the council "
    "offices next week, the second this year.",
]

PAGE = """<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8">
<title>Council votes to close rural schools | Lakeside Courier</title>
<link rel="canonical" href="https://courier.example/news/council-schools">
<meta property="og:site_name" content="Lakeside Courier">
<meta property="og:title" content="Council votes to close rural schools">
<meta property="article:section" content="Education">
<meta property="article:published_time" content="2021-04-12T08:15:00+00:00">
<meta name="author" content="Jane Doe">
<meta name="description" content="Three rural schools will close despite a petition.">
<meta name="dc.source" content="Valley News Agency">
<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Council votes to close rural schools", "datePublished": "2021-04-12T08:15:00+00:00",
 "author": {{"@type": "Person", "name": "Jane Doe"}},
 "publisher": {{"@type": "Organization", "name": "Lakeside Courier"}}}}</script>
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<article><h1>Council votes to close rural schools</h1>
<p class="byline">By Jane Doe</p>
{paragraphs}
</article>
<aside><h2>Sign up for our newsletter</h2><p>Get the day's news in your inbox.</p></aside>
<footer><p>&copy; 2021 Lakeside Courier. All rights reserved.</p></footer>
</body></html>"""


def _page() -> str:
    return PAGE.format(paragraphs="\n".join(f"<p>{p}</p>" for p in PARAGRAPHS))


def test_html_extracts_main_text_as_paragraphs():
    result = extract_html(_page())
    assert result.text.split("\n\n")[-3:] == PARAGRAPHS
    assert "newsletter" not in result.text.lower()
    assert "All rights reserved" not in result.text


def test_html_metadata_fields():
    result = extract_html(_page(), url="https://courier.example/news/council-schools?utm=x")
    assert result.title == "Council votes to close rural schools"
    assert result.published == "2021-04-12T08:15"
    assert result.authors == ["Jane Doe"]
    assert result.site_name == "Lakeside Courier"
    assert result.url == "https://courier.example/news/council-schools"
    assert result.hostname == "courier.example"
    assert result.section == "Education"
    assert result.language == "en"
    assert result.description == "Three rural schools will close despite a petition."


def test_html_meta_keeps_provenance_evidence():
    meta = extract_html(_page()).meta
    assert meta["og:site_name"] == "Lakeside Courier"
    assert meta["dc.source"] == "Valley News Agency"
    assert meta["link:canonical"] == "https://courier.example/news/council-schools"
    assert meta["ld:publisher"] == "Lakeside Courier"
    assert meta["ld:author"] == "Jane Doe"


def test_html_boilerplate_lists_visible_chrome_not_main_text():
    result = extract_html(_page())
    assert "Sign up for our newsletter" in result.boilerplate
    assert any("All rights reserved" in line for line in result.boilerplate)
    assert not any(p in result.boilerplate for p in PARAGRAPHS)


def test_html_date_only_when_metadata_has_no_time():
    page = _page().replace("2021-04-12T08:15:00+00:00", "2021-04-12")
    assert extract_html(page).published == "2021-04-12"


@pytest.mark.parametrize("junk", ["", "   ", b"\x00\x01\x02\xff", "<html></html>", "<p>x</p>", None, b"\x1f\x8b\x08"])
def test_html_junk_yields_empty_text(junk):
    result = extract_html(junk)
    assert isinstance(result, HtmlExtraction)
    assert result.text == ""


@pytest.mark.parametrize("odd", ["just a sentence, no markup", "<html><body><table><tr><td>" * 500, "<?xml version='1.0'?><a/>"])
def test_html_odd_input_never_raises(odd):
    assert isinstance(extract_html(odd), HtmlExtraction)


def test_html_oversized_page_returns_quickly():
    huge = "<html><body>" + "<p>word </p>" * 2_000_000 + "</body></html>"
    started = time.perf_counter()
    result = extract_html(huge)
    assert result.text == ""
    assert time.perf_counter() - started < 2


def test_html_bytes_input_is_decoded():
    result = extract_html(_page().encode("utf-8"))
    assert PARAGRAPHS[0] in result.text


def test_html_unknown_favor_is_an_error_that_says_what_to_do():
    with pytest.raises(ValueError, match="balanced"):
        extract_html(_page(), favor="fast")


def test_html_tree_is_shared_and_left_intact():
    tree = parse_html(_page())
    rendered = render_text(tree)
    first = extract_html_tree(tree, rendered=rendered)
    second = extract_html_tree(tree, favor="precision")
    assert first.text and second.text
    assert render_text(tree) == rendered


def test_html_render_text_one_block_a_line():
    rendered = render_text(parse_html(_page()))
    lines = rendered.split("\n")
    assert PARAGRAPHS[0] in lines
    assert "* Home" in lines
    assert "\n\n\n" not in rendered


def test_html_block_lines_one_block_a_line_without_scripts():
    from wirewatch.clean.html import block_lines, parse_html

    tree = parse_html("<html><head><title>T</title><script>x()</script></head><body><nav><a>Home</a> "
                      "<a>News</a></nav><p>Para <b>one</b> here.</p><script>var a;</script>tail"
                      "<div>Two</div></body></html>")
    assert block_lines(tree).splitlines() == ["Home News", "Para one here.", "tail", "Two"]
