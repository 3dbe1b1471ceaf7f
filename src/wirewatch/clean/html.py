"""Main text and metadata of an HTML page, with trafilatura.

The page is parsed once into an lxml tree; trafilatura (text and metadata), inscriptis (the visible
text, for the boilerplate list) and our own meta-tag scan all read that one tree. Trafilatura's text
then loses the prompts our chrome lexicon is sure of (data/chrome.toml), which trafilatura keeps
when they sit inside the article's markup.

`HtmlExtraction.text` holds one block (paragraph, list item, table row, heading) per paragraph,
paragraphs separated by a blank line ("\\n\\n"), the same convention as `PlainTextLayout.body`.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field

from lxml.html import HtmlElement

LOGGER = logging.getLogger(__name__)
LOGGER.addHandler(logging.NullHandler())

__all__ = ["HtmlExtraction", "extract_html", "extract_html_tree", "parse_html", "render_text"]

FAVORS = ("balanced", "precision", "recall")
# chrome families of data/chrome.toml applied to trafilatura's text (see _drop_chrome)
HTML_CHROME_FAMILIES = {
    "donation", "subscription", "newsletter", "social", "legal", "copyright", "related", "related_prefix",
    "comments", "interface", "advertising", "postmeta", "caption", "credit",
}
# a news page rarely shows more than a few hundred lines of chrome; beyond that the list is noise
BOILERPLATE_CAP = 400
# trafilatura's own ceiling (settings.cfg MAX_FILE_SIZE); past it, it refuses the page anyway
MAX_HTML_CHARS = 20_000_000

# meta fields a provenance stage can use to tell the carrying site from the original outlet
_PROVENANCE_META = {
    "og:site_name", "og:url", "og:title", "og:type", "og:locale", "article:author", "article:publisher",
    "article:section", "article:published_time", "article:modified_time", "og:article:published_time",
    "author", "publisher", "copyright", "source", "original-source", "syndication-source",
    "dc.source", "dc.publisher", "dc.creator", "dc.rights", "dc.date", "dc.date.issued",
    "dcterms.source", "dcterms.publisher", "dcterms.creator", "dcterms.created", "dcterms.date",
    "twitter:site", "twitter:creator", "application-name", "citation_publisher", "byl",
    "parsely-pub-date", "sailthru.date", "date", "pubdate", "publishdate", "news_keywords",
}
_MULTI_VALUED = {"article:author", "article:tag", "dc.creator", "author"}
# where a page states its own publication time, most specific first
_TIME_META = (
    "article:published_time", "og:article:published_time", "ld:datePublished", "itemprop:datePublished",
    "time:datetime", "parsely-pub-date", "sailthru.date", "dc.date.issued", "dcterms.created",
    "dc.date", "date", "pubdate", "publishdate",
)
_ISO_DATETIME = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2}))?")
_LANG_CODE = re.compile(r"^\s*([a-zA-Z]{2})(?:[-_][a-zA-Z0-9]+)*\s*$")
_SPACES = re.compile(r"\s+")
# kept in the split so the title's own separators survive when only the site name is cut off
_TITLE_SEPARATOR = re.compile(r"(\s+(?:\||-|–|—|·|›|»|::|//)\s+)")
_AUTHOR_PREFIX = re.compile(
    r"^\s*(?:view all posts by|all posts by|posted by|written by|by|von|autor(?:in)?:?)\s+", re.IGNORECASE
)
_COMPANY = re.compile(r"\b(?:GmbH|AG|Inc|LLC|Ltd|S\.A|KG|Verlag)\b\.?")
# list markers: inscriptis' bullets and numbers, trafilatura's "- "
_BULLET = re.compile(r"^(?:[*+o-]|\d{1,3}[.)])(?: |$)")


@dataclass
class HtmlExtraction:
    """What one HTML page yields.

    text (str): main text, paragraphs separated by "\\n\\n"; "" when nothing could be extracted.
    published (str | None): ISO 8601, "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM" (the page's local time,
        offset dropped) when the page's metadata states a time on the same day htmldate found.
    boilerplate (list[str]): visible lines of the page that are not in `text`, at most BOILERPLATE_CAP.
    meta (dict[str, str]): raw provenance evidence, lower-cased meta names ("og:site_name"),
        "link:canonical", and "ld:..." fields from JSON-LD; repeated values joined with "; ".
    """

    text: str = ""
    title: str | None = None
    published: str | None = None
    authors: list[str] = field(default_factory=list)
    site_name: str | None = None
    url: str | None = None
    hostname: str | None = None
    section: str | None = None
    language: str | None = None
    description: str | None = None
    boilerplate: list[str] = field(default_factory=list)
    meta: dict = field(default_factory=dict)


def parse_html(html: str | bytes) -> HtmlElement | None:
    """Parse a page once, for every reader of it; None when it is not HTML at all.

    html (str | bytes): the page; bytes are decoded with trafilatura's charset detection.
    """
    import trafilatura

    if not html or len(html) > MAX_HTML_CHARS:
        return None
    try:
        return trafilatura.load_html(html)
    except Exception as err:  # a parser failure on junk input is a missing page, not a crash
        LOGGER.debug("HTML parse failed: %s", err)
        return None


def render_text(tree: HtmlElement | None) -> str:
    """Visible text of the whole page, one block a line, blank lines collapsed, no indentation.

    This is the page as a reader would save it as text (chrome included), the input the
    plain-text classifier is built for. List items keep inscriptis' bullet ("* ", "+ ", "o ").
    """
    if tree is None:
        return ""
    from inscriptis import Inscriptis
    from inscriptis.model.config import ParserConfig

    try:
        raw = Inscriptis(tree, ParserConfig(display_links=False, display_images=False)).get_text()
    except Exception as err:  # inscriptis chokes on a few malformed trees; the page text is then unknown
        LOGGER.debug("inscriptis failed: %s", err)
        return ""
    lines, blank = [], True
    for line in raw.splitlines():
        line = _SPACES.sub(" ", line).strip()
        if line:
            lines.append(line)
            blank = False
        elif not blank:
            lines.append("")
            blank = True
    return "\n".join(lines).strip()


def extract_html(html: str | bytes, *, url: str | None = None, favor: str = "balanced") -> HtmlExtraction:
    """Main text and metadata of one page; never raises on bad input (empty `text` instead).

    html (str | bytes): the page.
    url (str | None): where it came from, used for dates in URLs and as a fallback canonical URL.
    favor (str): "balanced", "precision" (less text, less chrome) or "recall" (more text).
    """
    _check_favor(favor)
    return extract_html_tree(parse_html(html), url=url, favor=favor)


def extract_html_tree(
    tree: HtmlElement | None, *, url: str | None = None, favor: str = "balanced", rendered: str | None = None
) -> HtmlExtraction:
    """`extract_html` on a tree from `parse_html`, for callers that read the same tree otherwise too.

    rendered (str | None): `render_text(tree)` when the caller already has it (saves a render).
    """
    _check_favor(favor)
    if tree is None:
        return HtmlExtraction()
    try:
        return _extract(tree, url, favor, rendered)
    except Exception as err:  # trafilatura/htmldate bugs on odd pages must cost one page, not the run
        LOGGER.warning("HTML extraction failed for %s: %s", url, err)
        return HtmlExtraction(url=url)


def _check_favor(favor: str) -> None:
    if favor not in FAVORS:
        raise ValueError(f"favor={favor!r} is not one of {', '.join(FAVORS)}: pick one of those")


def _extract(tree: HtmlElement, url: str | None, favor: str, rendered: str | None) -> HtmlExtraction:
    import trafilatura

    doc = trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=True,
        # reader comments are not the article: the record's text is what the outlet published
        include_comments=False,
        favor_precision=favor == "precision",
        favor_recall=favor == "recall",
    )
    meta = _scan_meta(tree)
    result = HtmlExtraction(meta=meta, language=_page_language(tree, meta))
    if doc is None:
        # trafilatura found no main text, but the page's metadata is still evidence
        doc_meta = trafilatura.extract_metadata(tree, default_url=url)
        _fill_metadata(result, doc_meta, meta, url)
    else:
        result.text = _drop_chrome(_paragraphs(doc.text or ""))
        _fill_metadata(result, doc, meta, url)
    result.boilerplate = _boilerplate(rendered if rendered is not None else block_lines(tree), result.text)
    return result


_BLOCK_TAGS = frozenset("""address article aside blockquote body br dd details dialog div dl dt fieldset
figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table
tbody td tfoot th thead tr ul title option""".split())
_SKIP_TAGS = frozenset("script style noscript template svg iframe object head".split())


def block_lines(tree: HtmlElement | None) -> str:
    """The page's visible text, one block a line: a plain walk of the tree.

    `render_text` (inscriptis) lays the page out as a reader would see it, and costs as much as
    trafilatura itself; the boilerplate list only needs each block's words, so this walk gives them
    at a tenth of the cost.
    """
    if tree is None:
        return ""
    from lxml import etree

    lines: list[str] = []
    buffer: list[str] = []

    def flush() -> None:
        line = " ".join("".join(buffer).split())
        if line:
            lines.append(line)
        buffer.clear()

    walker = etree.iterwalk(tree, events=("start", "end"))
    for event, element in walker:
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in _SKIP_TAGS:
                walker.skip_subtree()  # its "end" event still comes, and adds the tail
                continue
            if tag in _BLOCK_TAGS:
                flush()
            if element.text and tag:
                buffer.append(element.text)
        else:
            if tag in _BLOCK_TAGS:
                flush()
            if element.tail and element is not tree:
                buffer.append(element.tail)
    flush()
    return "\n".join(lines)


def _paragraphs(text: str) -> str:
    return "\n\n".join(p for p in (_SPACES.sub(" ", line).strip() for line in text.splitlines()) if p)


def _drop_chrome(text: str) -> str:
    """Remove the prompts trafilatura lets through ("Related articles", "Subscribe now", "© 2021 ...").

    These are lines our chrome lexicon is sure of; navigation, cookie and share wording also
    names things articles talk about, so those families are left to trafilatura here.
    """
    from wirewatch.clean.lexicon import load_lexicon

    lex = load_lexicon()
    kept = []
    for paragraph in text.split("\n\n"):
        family = lex.chrome_family(paragraph, len(paragraph.split()))
        if family is not None and family.name in HTML_CHROME_FAMILIES:
            continue
        if lex.label_kind(paragraph) == "nav":
            continue
        kept.append(paragraph)
    return "\n\n".join(kept)


def _fill_metadata(result: HtmlExtraction, doc, meta: dict, url: str | None) -> None:
    result.site_name = meta.get("og:site_name") or doc.sitename or None
    result.url = meta.get("og:url") or meta.get("link:canonical") or doc.url or url
    result.hostname = doc.hostname or None
    result.title = _clean_title(meta.get("og:title") or doc.title, result.site_name, result.hostname)
    result.authors = _clean_authors(doc.author)
    categories = [c.strip(" ›»>|/") for c in (doc.categories or []) if c.strip(" ›»>|/")]
    result.section = meta.get("article:section") or (categories[0] if categories else None)
    result.description = doc.description or None
    result.published = _published(doc.date, meta)


def _clean_title(title: str | None, site_name: str | None, hostname: str | None) -> str | None:
    """The page title without the site's name around it ("Story title | Example Courier")."""
    if not title:
        return None
    title = _SPACES.sub(" ", title).strip()
    parts = _TITLE_SEPARATOR.split(title)
    if len(parts) < 2:
        return title
    site_keys = {_site_key(site_name), _site_key(hostname)} - {""}
    while len(parts) > 1 and _site_key(parts[-1]) in site_keys:
        parts = parts[:-2]
    while len(parts) > 1 and _site_key(parts[0]) in site_keys:
        parts = parts[2:]
    return "".join(parts).strip() or title


def _site_key(name: str | None) -> str:
    """"www.Example-Courier.co.uk" and "Example Courier" both give "examplecourier"."""
    name = (name or "").lower().removeprefix("www.")
    name = re.sub(r"\.(?:co\.)?[a-z]{2,6}$", "", name)
    return re.sub(r"[\W_]+", "", name)


def _clean_authors(author: str | None) -> list[str]:
    authors = []
    for name in (author or "").split(";"):
        name = _AUTHOR_PREFIX.sub("", name).strip(" ,.-–")
        # a publisher in the author field ("Example Media GmbH") is provenance, not a person
        if name and not _COMPANY.search(name) and name not in authors:
            authors.append(name)
    return authors


def _published(date: str | None, meta: dict) -> str | None:
    """htmldate's day, with the time of day from the page's own metadata when it agrees on the day."""
    for key in _TIME_META:
        found = _ISO_DATETIME.search(meta.get(key, ""))
        if not found:
            continue
        day, hour, minute = found.groups()
        if date and day != date:
            continue
        # "T00:00" is what CMSs write when they only know the day
        if hour is not None and (hour, minute) != ("00", "00"):
            return f"{day}T{hour}:{minute}"
        if date is None:
            return day
    return date


def _scan_meta(tree: HtmlElement) -> dict:
    meta: dict[str, str] = {}

    def put(key: str, value: str | None) -> None:
        value = _SPACES.sub(" ", value or "").strip()
        if not value:
            return
        if key not in meta:
            meta[key] = value
        elif key in _MULTI_VALUED and value not in meta[key].split("; "):
            meta[key] = f"{meta[key]}; {value}"

    for elem in tree.iterfind(".//meta"):
        name = (elem.get("property") or elem.get("name") or elem.get("itemprop") or "").strip().lower()
        if name in _PROVENANCE_META:
            put(name, elem.get("content"))
        elif elem.get("itemprop") == "datePublished":
            put("itemprop:datePublished", elem.get("content") or elem.get("datetime"))
    for elem in tree.iterfind(".//link[@rel]"):
        rel = elem.get("rel", "").lower()
        if rel in ("canonical", "publisher", "author", "original-source"):
            put(f"link:{rel}", elem.get("href"))
    for elem in tree.iterfind(".//*[@itemprop='datePublished']"):
        put("itemprop:datePublished", elem.get("datetime") or elem.get("content"))
    for elem in tree.iterfind(".//time[@datetime]"):
        put("time:datetime", elem.get("datetime"))
        break
    for script in tree.iterfind(".//script[@type='application/ld+json']"):
        _scan_json_ld(script.text or "", put)
    return meta


def _scan_json_ld(source: str, put) -> None:
    try:
        data = json.loads(source)
    except ValueError:
        return
    stack, seen = [data], 0
    while stack and seen < 200:  # some pages embed whole product catalogues in JSON-LD
        item = stack.pop()
        seen += 1
        if isinstance(item, list):
            stack.extend(item)
            continue
        if not isinstance(item, dict):
            continue
        for key in ("publisher", "author", "sourceOrganization", "provider", "creator"):
            for value in item.get(key) if isinstance(item.get(key), list) else [item.get(key)]:
                name = value.get("name") if isinstance(value, dict) else value
                if isinstance(name, str):
                    put(f"ld:{key}", name)
        for key in ("datePublished", "isBasedOn", "articleSection"):
            if isinstance(item.get(key), str):
                put(f"ld:{key}", item[key])
        if "@graph" in item:
            stack.append(item["@graph"])


def _page_language(tree: HtmlElement, meta: dict) -> str | None:
    candidates = [tree.get("lang"), tree.get("{http://www.w3.org/XML/1998/namespace}lang")]
    candidates += [e.get("content") for e in tree.iterfind(".//meta[@http-equiv]")
                   if e.get("http-equiv", "").lower() == "content-language"]
    candidates.append(meta.get("og:locale"))
    for value in candidates:
        found = _LANG_CODE.match(value or "")
        if found:
            return found[1].lower()
    return None


def _boilerplate(rendered: str, text: str) -> list[str]:
    if not rendered:
        return []
    kept_lines = {_BULLET.sub("", p) for p in text.split("\n\n")}
    kept = "\n".join(kept_lines)
    lines = []
    for line in rendered.splitlines():
        line_text = _BULLET.sub("", line).strip()
        if not line_text:
            continue
        # inscriptis and trafilatura split some blocks differently: a rendered line inside a
        # kept paragraph is main text; a short one ("Home") would match any word, so it must be whole
        if line_text in kept_lines or (len(line_text) >= 30 and line_text in kept):
            continue
        lines.append(line)
        if len(lines) >= BOILERPLATE_CAP:
            break
    return lines
