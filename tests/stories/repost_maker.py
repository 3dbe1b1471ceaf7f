"""Reposts of real articles, as other sites carry them: other chrome, a tweaked headline, a cut body, a
credit line, the paragraphs split or joined anew (not hard-wrapped: the plain-text cleaner drops
hard-wrapped body lines as chrome, which no grouping can undo). Deterministic for a given seed.

The articles are PolNeAR's dev texts (US politics, 2016: many articles on one topic), read from
../shared/data and never copied into this repository. The sites that repost are made up here.
"""
from __future__ import annotations

import datetime
import random
import re
from dataclasses import dataclass
from pathlib import Path

from support import SHARED

DEV_TEXTS = SHARED / "data" / "polnear" / "dev" / "text"

SITES = [
    ("Lakeside Courier", "lakesidecourier.example"),
    ("Harbour Daily", "harbourdaily.example"),
    ("Riverside Gazette", "riversidegazette.example"),
    ("Metro Ledger", "metroledger.example"),
    ("Valley Post Online", "valleypost.example"),
    ("Northfield Chronicle", "northfieldchronicle.example"),
]
NAV = [
    "Home | News | Politics | World | Opinion | Video",
    "Skip to content",
    "Menu Search Subscribe Log in",
    "Home > Politics > Elections",
    "Trending: Debates | Polls | Campaign trail",
]
FOOTERS = [
    ["Share this:", "Facebook", "Twitter", "Email"],
    ["Share this article on Facebook Twitter LinkedIn"],
    ["Related stories"],
    ["Comments are closed."],
]
HEADLINE_TWEAKS = [
    lambda h, site: h,
    lambda h, site: f"{h} | {site}",
    lambda h, site: f"REPORT: {h}",
    lambda h, site: h.upper(),
    lambda h, site: f"{h} (updated)",
    lambda h, site: re.sub(r"[.!]+$", "", h) + " - " + site,
]


@dataclass(frozen=True)
class Article:
    name: str           # the file's stem
    outlet: str         # the outlet that wrote it, as the file name says ("wash-post" -> "Wash Post")
    domain: str
    date: str           # YYYY-MM-DD
    headline: str
    paragraphs: list[str]


@dataclass(frozen=True)
class Copy:
    article: str        # which Article it is a copy of
    url: str
    text: str           # the page's plain text, chrome and all
    date: str
    publisher: str      # the site's name
    credit: str | None  # the outlet a "Source:" line names


def load_articles(limit: int | None = None, directory: Path = DEV_TEXTS) -> list[Article]:
    articles = []
    for path in sorted(directory.glob("*.txt")):
        outlet_slug, date, _ = path.stem.split("_", 2)
        lines = path.read_text("utf-8").strip().split("\n")
        paragraphs = [p.strip() for p in "\n".join(lines[1:]).split("\n\n") if p.strip()]
        articles.append(Article(path.stem, outlet_slug.replace("-", " ").title(), f"{outlet_slug}.example",
                                date, lines[0].strip(), paragraphs))
    return articles[:limit] if limit else articles


def original_copy(article: Article) -> Copy:
    """The article as its own outlet published it."""
    text = "\n".join([f"{article.outlet} | Home | Politics", "", article.headline, "", article.date, "",
                      "\n\n".join(article.paragraphs), "", f"© 2016 {article.outlet}. All rights reserved."])
    return Copy(article.name, f"https://www.{article.domain}/{article.date.replace('-', '/')}/{article.name}",
                text, article.date, article.outlet, None)


def repost(article: Article, rng: random.Random, site: tuple[str, str], *, other_headline: str) -> Copy:
    """One other site's copy: its own chrome, the headline changed, 60-80% of the body, maybe a credit."""
    name, domain = site
    words_total = sum(len(p.split()) for p in article.paragraphs)
    keep = int(words_total * rng.uniform(0.6, 0.8))
    body: list[str] = []
    count = 0
    for paragraph in article.paragraphs:
        tokens = paragraph.split()
        if count + len(tokens) > keep:
            cut = max(keep - count, 0)
            if cut > 5:
                body.append(" ".join(tokens[:cut]) + " ...")
            break
        body.append(paragraph)
        count += len(tokens)
    style = rng.randrange(3)
    if style == 1:          # a paragraph to each sentence
        body = [sentence for p in body for sentence in re.split(r"(?<=[.!?”\"])\s+(?=[A-Z“\"])", p)]
    elif style == 2:        # paragraphs run together in pairs
        body = [" ".join(body[i : i + 2]) for i in range(0, len(body), 2)]
    credit = article.outlet if rng.random() < 0.6 else None
    lines = [rng.choice(NAV), "", HEADLINE_TWEAKS[rng.randrange(len(HEADLINE_TWEAKS))](article.headline, name), ""]
    date = (datetime.date.fromisoformat(article.date) + datetime.timedelta(days=rng.randint(1, 2))).isoformat()
    lines += [f"Posted {date} by {name} staff", "", "\n\n".join(body), ""]
    if credit:
        lines += [rng.choice([f"Source: {credit}", f"This article originally appeared in {credit}."]), ""]
    lines += rng.choice(FOOTERS)
    if rng.random() < 0.5:
        lines += ["", "Most read", other_headline]
    lines += ["", f"© 2016 {name}. All rights reserved."]
    slug = re.sub(r"[^a-z0-9]+", "-", article.headline.lower()).strip("-")[:40]
    return Copy(article.name, f"https://{domain}/politics/{slug}-{rng.randrange(10**6)}", "\n".join(lines),
                date, name, credit)


def make_copies(articles: list[Article], seed: int = 7, *, min_copies: int = 2, max_copies: int = 4) -> list[Copy]:
    """For each article its original and 1-3 reposts (2-4 copies in all), each on a different site."""
    rng = random.Random(seed)
    copies = []
    for index, article in enumerate(articles):
        copies.append(original_copy(article))
        other = articles[(index + 1) % len(articles)].headline
        for site in rng.sample(SITES, rng.randint(min_copies, max_copies) - 1):
            copies.append(repost(article, rng, site, other_headline=other))
    return copies


def pairwise_scores(truth: dict[str, str], found: dict[str, str]) -> tuple[float, float, float]:
    """Pairwise precision, recall and F1 of a clustering `found` (item -> cluster) against `truth`."""
    def pairs(labels: dict[str, str]) -> set[tuple[str, str]]:
        groups: dict[str, list[str]] = {}
        for item, label in labels.items():
            groups.setdefault(label, []).append(item)
        return {(a, b) for members in groups.values() for a in members for b in members if a < b}

    true_pairs, found_pairs = pairs(truth), pairs(found)
    hit = len(true_pairs & found_pairs)
    precision = hit / len(found_pairs) if found_pairs else 1.0
    recall = hit / len(true_pairs) if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1
