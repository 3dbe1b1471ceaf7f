"""Who said what: direct, mixed and reported quotes from the parse, the quotation marks and the entities.

The text is cut into units: spaCy's sentences, joined where a boundary falls inside a quotation or
just after one (`“...?” Trump asked.`), and never across a line break (a paragraph). In each unit,
every cue outside the quotation marks is found, with its source and its content:

  verbs      a verb of ``data/quotes.toml`` (speech, stance, directive, intention, naming, object and
             preposition lists) with its complement: a clause (`said that ...`), an infinitive
             (`urged both sides to ...`), an object (`denied the allegations`, `called X a “...”`),
             a preposition's object (`called for talks`), the sentence around a parenthetical cue
             (`The plan, he said, is dead.`), or for a few verbs of saying whose complement the parser
             missed, the rest of the sentence. A cue inside another verb's complement (`wants to say`)
             carries only quotations: in PolNeAR train such cues were right two times in ten;
  phrases    "according to X" (source X, content the clause it modifies);
  nouns      a reporting noun with a that-clause (`his claim that ...`), its possessor the source;
  sign-offs  `“...” ― Name` closing a paragraph;
  name-colon a paragraph led by a name and a colon: `PENCE: Well, look, ...` (a transcript: direct),
             `Poll: Clinton and Trump in dead heat` (a headline: reported).

The source is the cue's subject (or passive agent), the subject of the verb a participle or a
coordinated verb hangs from (`..., adding that ...`), a relative pronoun (`X, who said ...`, named by
its noun). The kind comes from the content:

  mixed     the complement holds quoted words and words of the writer's own
            (`said members of the public would be able to "give their opinion"`);
  indirect  the complement holds no quotation;
  direct    a quotation no complement holds, standing next to a cue of saying with only spaces and
            punctuation (or a participle of the cue's) between them (`“...,” she said.`,
            `She said: “...”`, `“...,” he said, referring to X, “...”`); a cue's own words in quotation
            marks (a show's title, `said on “Face the Nation”`) are no quote.

A unit that is a quotation and nothing else, with no cue of its own, goes on with the attribution
before it in the same paragraph (`“...,” she said. “...”`), or with the cue of a colon lead-in
(`She added:`); a whole paragraph of quotation with no cue goes to the speaker of the quote just before
it (news convention for a quote that goes on; its cue and speaker span are null). Quoted words in a
unit with no cue are scare quotes, not quotes.

The speaker is resolved through the entities stage: the entity one of whose mentions covers the source's
head word gives `speaker.name`, that mention (joined with the entity's mentions next to it, as in
"White House press secretary Karoline Leavitt") gives `speaker.start/end/text`; a source no entity covers keeps its
own words as the name (none for a pronoun). The date is a time expression of the cue's own clause, else
the document's date for a cue in the present tense ("The Elysee says"), else the time in force (the
last date before the cue that dates an event: a day, a week, or a date said as an adverb), else null.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from ..record import Entity, Quote, Span, Speaker, Time
from .lexicon import QuoteLexicon, load_quotes_lexicon
from .marks import Quoted, find_quoted, paragraphs

__all__ = ["find_quotes", "Attribution"]

_SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
_RELATIVE = {"who", "that", "which", "whom"}
_UPWARD = {"advcl", "xcomp", "conj", "pcomp", "acl", "relcl", "ccomp", "prep", "dep"}
_EDGE_PUNCT = " \t\n,;:.—–-…"
_OWN = {"nsubj", "nsubjpass", "csubj", "aux", "auxpass", "neg", "advmod", "npadvmod", "prep", "agent",
        "dative", "dobj", "prt", "punct", "cc", "mark", "attr", "acomp", "oprd", "intj", "expl", "advcl"}
_ADJACENT = frozenset(_OWN - {"advcl", "cc", "mark", "punct"})
_OTHER_CLAUSES = {"ccomp", "xcomp", "parataxis", "conj", "advcl", "relcl", "csubj", "dobj"}
_NAME_COLON = re.compile(r"([A-Z][^:\n\"“”.!?]{0,60}?):[ \t]+\S")
_DAY = re.compile(r"^\d{4}-(\d{2}-\d{2}|W\d{2})")


@dataclass
class Attribution:
    """One cue with its source and content, before it becomes record quotes."""
    kind: str                                    # direct | mixed | indirect
    cue: tuple[int, int] | None                  # character span of the cue
    cue_token: object | None                     # the spaCy token the cue hangs on (None: sign-off)
    source: object | None                        # the source's head token
    source_span: tuple[int, int] | None = None   # for a sign-off: the name's span
    content: tuple[int, int] | None = None       # mixed/indirect: the clause
    quotes: list[Quoted] = field(default_factory=list)   # direct: the quotations
    floating: bool = False
    date: str | None = None
    speaker: Speaker | None = None
    unit: int = -1
    rule: str = ""                               # which construction found it (for tuning and tests)


class _Finder:
    def __init__(self, doc, text: str, entities: list[Entity], times: list[Time], published: str | None,
                 lexicon: QuoteLexicon):
        self.doc, self.text, self.lex = doc, text, lexicon
        self.times = sorted(times, key=lambda t: t.start)
        self.published = published
        self.quoted = [q for q in find_quoted(text, lexicon)]
        self.paras = paragraphs(text)
        self._para_starts = [a for a, _ in self.paras]
        n = len(doc)
        # which quotation (index into self.quoted) each token lies in, marks included; -1 outside
        self.in_quote = [-1] * n
        starts = [t.idx for t in doc]
        for qi, q in enumerate(self.quoted):
            lo = bisect_right(starts, q.open - 1)
            for i in range(lo, n):
                if doc[i].idx >= q.close:
                    break
                self.in_quote[i] = qi
        # entity mentions, by start, for resolving a source's head word
        self.mentions: list[tuple[int, int, Entity]] = sorted(
            ((m.start, m.end, e) for e in entities for m in e.mentions), key=lambda m: (m[0], -m[1]))
        self.units = self._units()
        self._scope = (0, len(doc))

    # ------------------------------------------------------------------------------ units
    def para_of(self, offset: int) -> int:
        return max(0, bisect_right(self._para_starts, offset) - 1)

    def _units(self) -> list[tuple[int, int]]:
        doc, text = self.doc, self.text
        if not len(doc):
            return []
        starts = {s.start for s in doc.sents}
        para_first = set()
        for a, _ in self.paras:
            i = self._token_at(a)
            if i is not None:
                para_first.add(i)
        starts |= para_first
        keep = []
        for i in sorted(starts):
            if i in para_first or i == 0:
                keep.append(i)
                continue
            tok = doc[i]
            qi = self.in_quote[i]
            if qi >= 0 and self.quoted[qi].open < tok.idx:
                continue                                     # inside a quotation
            prev = doc[i - 1]
            if self._is_closing_mark(i - 1) or (prev.is_punct and i >= 2 and self._is_closing_mark(i - 2)):
                if tok.text[:1].islower() or self._short_cue_sentence(i):
                    continue                                 # `“...?” Trump asked.`
            keep.append(i)
        units = []
        for k, a in enumerate(keep):
            b = keep[k + 1] if k + 1 < len(keep) else len(doc)
            units.append((a, b))
        return units

    def _token_at(self, offset: int) -> int | None:
        span = self.doc.char_span(offset, offset + 1, alignment_mode="expand")
        return span.start if span is not None and len(span) else None

    def _is_closing_mark(self, i: int) -> bool:
        qi = self.in_quote[i]
        if qi < 0:
            return False
        tok = self.doc[i]
        return tok.idx + len(tok) == self.quoted[qi].close and self.quoted[qi].closed

    def _short_cue_sentence(self, i: int) -> bool:
        words = []
        for tok in self.doc[i:]:
            if tok.is_sent_start and tok.i != i:
                break
            words.append(tok)
            if len(words) > 9:
                return False
        return any(self._is_cue_verb(t) for t in words) and not any(self.in_quote[t.i] >= 0 for t in words)

    # ------------------------------------------------------------------------------ cues
    def _is_cue_verb(self, tok) -> bool:
        if not (tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB")):
            return False
        if tok.dep_ in ("amod", "compound", "aux", "auxpass"):
            return False
        return self.lex.is_verb_cue(tok.lemma_.lower())

    def _quote_tokens(self, tokens) -> list[int]:
        return sorted({self.in_quote[t.i] for t in tokens if self.in_quote[t.i] >= 0})

    def _words_outside(self, tokens) -> list:
        return [t for t in tokens if self.in_quote[t.i] < 0 and (t.is_alpha or t.like_num)]

    def subject(self, tok, depth: int = 0):
        """The source's head token for a cue verb: its subject, the agent of a passive, or the subject
        of the verb it hangs from (a participle, a coordinated verb, a relative clause's noun)."""
        for child in tok.children:
            if child.dep_ in _SUBJECTS:
                # `Will Smith, who joked ...`: the relative pronoun is the mention the cue attaches to
                # (as "he" would be); the resolver names it by the noun it stands for
                if child.dep_ == "nsubjpass" and tok.lemma_ in ("quote", "report"):
                    continue
                return child
        for child in tok.children:
            if child.dep_ == "agent":
                for grandchild in child.children:
                    if grandchild.dep_ == "pobj":
                        return grandchild
        if tok.dep_ == "relcl" and tok.head.pos_ in ("NOUN", "PROPN", "PRON"):
            return tok.head
        if depth < 3 and tok.dep_ in _UPWARD and tok.head.i != tok.i:
            head = tok.head
            if head.dep_ == "prep" and head.head.i != head.i:
                head = head.head
            # `Macron said members ... would be able to ..., while insisting that ...`: a cue
            # participle inside another cue's content shares that cue's source
            if tok.tag_ == "VBG" and tok.dep_ == "advcl":
                for ancestor in tok.ancestors:
                    if self._is_cue_verb(ancestor) and ancestor.lemma_ in self.lex.speech:
                        found = self.subject(ancestor, depth + 1)
                        if found is not None:
                            return found
                        break
            if head.pos_ in ("NOUN", "PROPN") and tok.dep_ in ("acl", "relcl"):
                return head
            return self.subject(head, depth + 1)
        return None

    def complement_heads(self, tok) -> tuple[list, str]:
        """The heads of a cue verb's content and what kind of complement they are."""
        lemma = tok.lemma_.lower()
        lex = self.lex
        clausal = [c for c in tok.children if c.dep_ == "ccomp"]
        if clausal and (lemma in lex.speech or lemma in lex.stance or lemma in lex.directive
                        or lemma in lex.naming):
            # `said the videos were "inconclusive" and that the footage did not show ...`: the parser
            # hangs the second that-clause on the cue; it is said all the same
            last = max(c.i for c in clausal)
            more = [c for c in tok.children if c.dep_ == "conj" and c.i > last
                    and any(g.dep_ == "mark" and g.lower_ == "that" and g.i < c.i for g in c.children)]
            if more:
                joints = [c for c in tok.children if c.dep_ in ("cc", "punct") and last < c.i < more[0].i]
                clausal = clausal + joints + more
            return clausal, "clause"
        preps = lex.prep_content.get(lemma)
        if preps:
            for child in tok.children:
                if child.dep_ in ("prep", "prt") and child.lower_ in preps and child.i > tok.i:
                    objects = [g for g in child.children if g.dep_ in ("pobj", "pcomp")]
                    if objects:
                        return objects, "prep:" + str(child.i)
        infinitive = [c for c in tok.children if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")]
        if infinitive and (lemma in lex.directive or lemma in lex.intention):
            return infinitive, "infinitive"
        if lemma in lex.light_verbs:
            for child in tok.children:
                if child.dep_ == "dobj" and child.lemma_.lower() in lex.light_verbs[lemma]:
                    return [child], "object"
        if lemma in lex.naming:
            # `called Clinton a “champion”`, `described it as a plot`, `accused X of ...`
            parts = [c for c in tok.children if c.i > tok.i and (
                c.dep_ in ("dobj", "oprd", "attr", "ccomp", "xcomp", "dative")
                or c.dep_ == "prep" and c.lower_ in ("as", "of", "for", "to", "with"))]
            if parts and any(c.dep_ in ("dobj", "oprd", "ccomp") for c in parts):
                return parts, "naming"
        if lemma in lex.object_content:
            objects = [c for c in tok.children if c.dep_ == "dobj" and c.pos_ in ("NOUN", "PROPN")]
            if objects:
                return objects, "object"
        if tok.dep_ == "parataxis" and (lemma in lex.speech or lemma in lex.stance):
            return [tok.head], "parataxis"
        return [], ""

    def _parataxis(self, tok) -> list:
        own = set(t.i for t in tok.subtree)
        lo, hi = self._scope
        return [t for t in tok.head.subtree if t.i not in own and lo <= t.i < hi]

    def _subtrees(self, heads, cue) -> list:
        """The tokens under ``heads``, less the clauses of cue participles nested in them (their own
        attributions) and the marks that open them."""
        out = []
        lo, hi = self._scope
        for head in heads:
            nested = set()
            for t in head.subtree:
                if t.i != head.i and self._is_cue_verb(t) and (
                        t.dep_ in ("advcl", "conj") and t.tag_ == "VBG"
                        or t.dep_ == "conj" and any(c.dep_ in _SUBJECTS for c in t.children)
                        # `... and that the footage did not show ...` goes on with what was said
                        and not any(c.dep_ == "mark" and c.lower_ == "that" for c in t.children)):
                    nested.update(x.i for x in t.subtree)     # `..., and the mother replied, “...”`
            # never beyond the cue's own paragraph (the parser's sentences may run over a line break)
            out.extend(t for t in head.subtree if t.i not in nested and lo <= t.i < hi)
        return sorted(out, key=lambda t: t.i)

    # ------------------------------------------------------------------------------ spans
    def _contiguous_span(self, tokens, anchor=None) -> tuple[int, int] | None:
        """The span of the longest run of consecutive tokens (through the anchor when given)."""
        if not tokens:
            return None
        idx = sorted(t.i for t in tokens)
        runs, run = [], [idx[0]]
        for i in idx[1:]:
            if i == run[-1] + 1:
                run.append(i)
            else:
                runs.append(run)
                run = [i]
        runs.append(run)
        best = None
        if anchor is not None:
            best = next((r for r in runs if r[0] <= anchor.i <= r[-1]), None)
        best = best or max(runs, key=len)
        a, b = self.doc[best[0]].idx, self.doc[best[-1]].idx + len(self.doc[best[-1]])
        for q in self.quoted:
            # a quotation opened inside the content and closed after it (its last words or its
            # closing mark hang elsewhere in the parse): the content takes it whole
            if a <= q.open < b < q.close and q.closed and self.para_of(q.close - 1) == self.para_of(a):
                b = q.close
        return self._trim(a, b)

    def _trim(self, a: int, b: int) -> tuple[int, int] | None:
        text = self.text
        while True:
            while a < b and text[a] in _EDGE_PUNCT:
                a += 1
            while b > a and text[b - 1] in _EDGE_PUNCT:
                b -= 1
            changed = False
            # a quotation mark at an edge stays only when its partner is inside
            if a < b and self._mark_at(a) and not self._partner_inside(a, a, b):
                a += 1
                changed = True
            if b > a and self._mark_at(b - 1) and not self._partner_inside(b - 1, a, b):
                b -= 1
                changed = True
            if not changed:
                break
        return (a, b) if b > a else None

    def _mark_at(self, i: int) -> bool:
        return self.text[i] in "\"“”„«»‹›‘’'`"

    def _partner_inside(self, i: int, a: int, b: int) -> bool:
        for q in self.quoted:
            if q.open == i or (q.closed and q.close - 1 == i) or (self.text[i] in "'`" and q.close - 2 == i):
                return a <= q.open and q.close <= b
        return False

    # ------------------------------------------------------------------------------ the finder
    def run(self) -> list[Attribution]:
        found: list[Attribution] = self._name_colon_paragraphs()
        taken = {id(q) for att in found for q in att.quotes}
        leftovers: dict[int, list[Quoted]] = {}
        colon_cue: dict[int, Attribution] = {}
        for number, (a, b) in enumerate(self.units):
            tokens = list(self.doc[a:b])
            unit_quotes = sorted({self.in_quote[t.i] for t in tokens if self.in_quote[t.i] >= 0})
            quotes = [self.quoted[q] for q in unit_quotes if id(self.quoted[q]) not in taken]
            attributions = self._unit_cues(tokens, quotes, number)
            claimed: set[int] = set()
            direct_cues = []
            for att in attributions:
                if att.kind in ("mixed", "indirect") and att.content:
                    for q in quotes:
                        if att.content[0] < q.end and q.start < att.content[1]:
                            claimed.add(id(q))          # quoted words of a reported clause
                elif att.kind == "direct":
                    direct_cues.append(att)
            free = [q for q in quotes if id(q) not in claimed]
            unattached = []
            for q in free:
                # a quotation is a cue's when only spaces and punctuation stand between the two
                near = [att for att in direct_cues if self._adjacent(q, att)]
                if near:
                    min(near, key=lambda att: abs(att.cue[0] - q.start)).quotes.append(q)
                else:
                    unattached.append(q)
            if unattached:
                leftovers[number] = unattached
            for att in attributions:
                if att.kind == "direct" and not att.quotes:
                    # a cue with nothing beside it: `She added:` leads in the next unit's quotation
                    if self.text[att.cue[1]:self.units_end(number)].strip().startswith(":") or \
                            self.text[:self.units_end(number)].rstrip().endswith(":"):
                        colon_cue[number] = att
                    continue
                found.append(att)
        self._attach_leftovers(found, leftovers, colon_cue)
        found.sort(key=lambda att: self._first_offset(att))
        return found

    def _name_colon_paragraphs(self) -> list[Attribution]:
        """`PENCE: Well, look, ...` (a transcript) and `Sanders: Clinton needs to ...` (a headline): a
        paragraph led by a name and a colon is what that name said."""
        out = []
        for number, (a, b) in enumerate(self.paras):
            if self.text[a] in "\"“" and a + 1 < b:
                a += 1                       # a transcript line quoted as a whole
            m = _NAME_COLON.match(self.text, a, b)
            if not m:
                continue
            name = m.group(1).strip()
            if name.lower() in self.lex.colon_labels or len(name.split()) > 5:
                continue
            span = self.doc.char_span(a, a + len(m.group(1).rstrip()), alignment_mode="expand")
            if span is None or any(t.pos_ in ("VERB", "AUX") and not t.is_title and not t.is_upper for t in span):
                continue
            if not (name.isupper() or any(t.pos_ == "PROPN" for t in span)
                    or len(span) == 1 and span[0].pos_ == "NOUN" and span[0].is_title):
                continue
            colon = m.end(1)
            start, end = self._trim(colon + 1, b) or (None, None)
            if start is None:
                continue
            inside = [q for q in self.quoted if start <= q.open and q.close <= end + 1]
            whole = len(inside) == 1 and inside[0].open <= start and inside[0].close >= end
            att = Attribution("direct", (colon, colon + 1), None, None, source_span=(a, a + len(name)),
                              unit=-1, rule="name-colon")
            if whole:
                att.quotes = inside
            else:
                att.content = (start, end)
                att.kind = "direct" if name.isupper() else ("mixed" if inside else "indirect")
                att.quotes = inside
            out.append(att)
        return out

    def _adjacent(self, q: Quoted, att: Attribution) -> bool:
        if att.cue_token is None:                    # a sign-off takes the quotations before it
            return q.close <= att.cue[0]
        if self._argument_of(q, att.cue_token):
            return False                             # `said on “Face the Nation”`: a title, no quote
        if self._adjacent_to(q, att, _ADJACENT):
            return True
        # `“...,” Tester said, referring to the excuse, “...”`: a participle of the cue's in between,
        # so long as it is no cue of its own
        return self._adjacent_to(q, att, _OWN, no_cue_between=True)

    def _argument_of(self, q: Quoted, cue) -> bool:
        """The quotation is the object of a preposition of the cue's own clause (`said on “...”`)."""
        own = self.own_clause(cue, _ADJACENT)
        qi = self.quoted.index(q)
        for t in cue.subtree:
            if self.in_quote[t.i] == qi and t.dep_ == "pobj" and self.in_quote[t.head.i] != qi \
                    and t.head.i in own:
                return True
        return False

    def _adjacent_to(self, q: Quoted, att: Attribution, deps, no_cue_between: bool = False) -> bool:
        own = self.own_clause(att.cue_token, deps)
        if att.source is not None and abs(att.source.i - att.cue_token.i) <= 12:
            own |= {t.i for t in att.source.subtree}
        tokens = [self.doc[i] for i in own if self.in_quote[i] < 0 and not (self.doc[i].is_punct or self.doc[i].is_space)
                  and self.para_of(self.doc[i].idx) == q.paragraph]
        if not tokens:
            return False
        start = min(t.idx for t in tokens)
        end = max(t.idx + len(t) for t in tokens)
        if q.open <= att.cue_token.idx < q.close:
            return True                              # the cue stands inside the quotation's span
        if q.close <= start:
            gap = self.text[q.close:start]
        elif q.open >= end:
            gap = self.text[end:q.open]
        else:
            return False                             # a title or a name in the cue's own clause
        if no_cue_between:
            return not any(t.i != att.cue_token.i and self._is_cue_verb(t) and self.complement_heads(t)[0]
                           for t in tokens
                           if min(q.close, att.cue_token.idx) <= t.idx < max(q.open, att.cue_token.idx))
        gap = gap.strip().lower()
        return not any(ch.isalnum() for ch in gap) or gap in ("that", ": that")

    def units_end(self, number: int) -> int:
        a, b = self.units[number]
        last = self.doc[b - 1]
        return last.idx + len(last)

    def _first_offset(self, att: Attribution) -> int:
        if att.kind == "direct" and att.quotes:
            return att.quotes[0].start
        return att.content[0] if att.content else (att.cue[0] if att.cue else 0)

    def _unit_cues(self, tokens, quotes: list[Quoted], number: int) -> list[Attribution]:
        out: list[Attribution] = []
        self._scope = self.units[number]
        for tok in tokens:
            if self.in_quote[tok.i] >= 0:
                continue
            if self._is_cue_verb(tok):
                out.extend(self._verb_attribution(tok, quotes, number))
                continue
            phrase = self._according(tok)
            if phrase is not None:
                att = self._according_attribution(tok, phrase, number)
                if att is not None:
                    out.append(att)
                continue
            if tok.lemma_.lower() in self.lex.nouns and tok.pos_ == "NOUN":
                att = self._noun_attribution(tok, number)
                if att is not None:
                    out.append(att)
        sign = self._sign_off(tokens, quotes, number)
        if sign is not None:
            out.append(sign)
        return out

    def _verb_attribution(self, tok, quotes: list[Quoted], number: int) -> list[Attribution]:
        lemma = tok.lemma_.lower()
        source = self.subject(tok)
        if source is not None and self.para_of(source.idx) != self.para_of(tok.idx):
            source = None                    # the parse ran over a paragraph break
        cue = (tok.idx, tok.idx + len(tok))
        for child in tok.children:          # "point out", "call for": the particle belongs to the cue
            if child.dep_ == "prt" and child.i == tok.i + 1:
                cue = (tok.idx, child.idx + len(child))
        # a cue inside another verb's complement ("wants to say", "said he would think") is mostly not an
        # attribution of its own in PolNeAR train (two in ten); it may still carry a quotation
        weak = (tok.tag_ == "VB" and tok.dep_ in ("xcomp", "ccomp")) or \
            (tok.tag_ in ("VBG", "VBZ", "VBP", "VBN") and tok.dep_ == "ccomp")
        heads, how = self.complement_heads(tok)
        if how.startswith("prep:"):
            prep = self.doc[int(how[5:])]
            if prep.i <= tok.i + 2:
                cue = (tok.idx, prep.idx + len(prep))
        # complements that are all quotation are the direct quote's; the others are the writer's clauses
        if how == "parataxis":
            clauses = heads if self._words_outside(self._parataxis(tok)) else []
        elif how == "naming":
            # `calling the candidate “extremely fit”`: the quoted description goes with its object
            clauses = heads if self._words_outside(self._subtrees(heads, tok)) else []
        else:
            clauses = [h for h in heads if self._words_outside(self._subtrees([h], tok))]
        out: list[Attribution] = []
        # `Sanders made the following comment:` / `issued this statement:` leads in a quotation: the
        # noun is no content of its own
        light_speech = lemma in self.lex.light_verbs and how == "object" and self._ends_with_colon(tok, number)
        if light_speech:
            clauses = []
        if clauses and not weak:
            content_tokens = self._subtrees(clauses, tok) if how != "parataxis" else self._parataxis(tok)
            span = self._contiguous_span(content_tokens)
            if span is not None and (source is not None or how == "parataxis"):
                kind = "mixed" if any(span[0] < q.end and q.start < span[1] for q in quotes) else "indirect"
                out.append(Attribution(kind, cue, tok, source, content=span, unit=number, rule=how.split(":")[0] or "clause"))
        elif not heads and lemma in self.lex.rest_of_sentence and source is not None and not weak:
            span = self._rest_of_unit(tok, number)
            if span is not None:
                kind = "mixed" if any(span[0] < q.end and q.start < span[1] for q in quotes) else "indirect"
                out.append(Attribution(kind, cue, tok, source, content=span, unit=number, rule="rest"))
                return out
        # the cue of a quotation, if it can carry one: a quotation of the unit that no clause holds and
        # that stands next to the cue becomes its direct quote (`Asked ..., Adelson said, “...”`)
        if (lemma in self.lex.speech or light_speech) and source is not None:
            # `He said:` closing its paragraph: the parser may hang the next paragraph's quotation on
            # the cue as a complement; no clause of its own unit is what was said, so it leads one in
            if quotes or (not clauses and self._ends_with_colon(tok, number)):
                out.append(Attribution("direct", cue, tok, source, unit=number, rule="direct"))
        return out

    def _rest_of_unit(self, tok, number: int) -> tuple[int, int] | None:
        """A verb of saying the parser gave no complement (`Flynn says Trump 'absolutely right' ...`):
        the words after it and its own clause, to the unit's end, are what was said."""
        a, b = self.units[number]
        own = self.own_clause(tok)
        after = [t for t in self.doc[tok.i + 1:b] if t.i not in own or t.dep_ == "dobj"]
        if not after or self.text[tok.idx + len(tok):after[0].idx].strip(" ,") in (":",) \
                or self.in_quote[after[0].i] >= 0:
            return None
        for t in after:
            if t.i != after[0].i and self._is_cue_verb(t) and t.lemma_ in self.lex.speech:
                after = [x for x in after if x.i < t.i]
                break
        if len(self._words_outside(after)) < 3 or after[0].i > tok.i + 4:
            return None
        return self._contiguous_span(after, anchor=after[0])

    def own_clause(self, tok, deps: frozenset | set = frozenset()) -> set[int]:
        """The cue's own words: itself, its source, auxiliaries, adverbs, addressee, prepositions."""
        own = {tok.i}
        for child in tok.children:
            if child.dep_ in (deps or _OWN):
                own.update(t.i for t in child.subtree)
        return own

    def _ends_with_colon(self, tok, number: int) -> bool:
        a, b = self.units[number]
        tail = self.doc[a:b].text.rstrip()
        return tail.endswith(":")

    def _according(self, tok) -> tuple[int, int] | None:
        for phrase in self.lex.according:
            if tok.lower_ != phrase[0] or tok.i + len(phrase) > len(self.doc):
                continue
            if all(self.doc[tok.i + k].lower_ == w for k, w in enumerate(phrase)):
                return tok.i, tok.i + len(phrase)
        return None

    def _according_attribution(self, tok, phrase: tuple[int, int], number: int) -> Attribution | None:
        doc = self.doc
        last = doc[phrase[1] - 1]
        source = next((c for c in last.children if c.dep_ == "pobj"), None)
        if source is None and phrase[1] < len(doc):
            nxt = doc[phrase[1]]
            source = nxt.head if nxt.head.i >= phrase[1] else nxt
            source = next((t for t in doc[phrase[1]:phrase[1] + 6] if t.dep_ == "pobj"), source)
        clause = tok.head
        while clause.pos_ not in ("VERB", "AUX") and clause.head.i != clause.i:
            clause = clause.head
        own = set(t.i for t in tok.subtree) | set(range(*phrase))
        if source is not None:
            own |= set(t.i for t in source.subtree)
        lo, hi = self._scope
        content = [t for t in clause.subtree if t.i not in own and lo <= t.i < hi]
        if not self._words_outside(content) and not self._quote_tokens(content):
            return None
        span = self._contiguous_span(content, anchor=clause if clause.i not in own else None)
        if span is None:
            return None
        inside = [self.quoted[q] for q in self._quote_tokens(content)]
        kind = "indirect"
        if inside:
            kind = "direct" if not self._words_outside(content) else "mixed"
        cue = (tok.idx, last.idx + len(last))
        att = Attribution(kind, cue, tok, source, content=span if kind != "direct" else None, unit=number,
                          rule="according")
        if kind == "direct":
            att.quotes = inside
        return att

    def _noun_attribution(self, tok, number: int) -> Attribution | None:
        clause = next((c for c in tok.children if c.dep_ in ("acl", "ccomp")
                       and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)), None)
        if clause is None:
            return None
        source = next((c for c in tok.children if c.dep_ == "poss"), None)
        if source is None:
            for child in tok.children:
                if child.dep_ == "prep" and child.lower_ in ("from", "by", "of"):
                    source = next((g for g in child.children if g.dep_ == "pobj"), None)
        if source is None and tok.dep_ in ("dobj", "attr"):
            source = self.subject(tok.head)
        if source is None:
            return None
        lo, hi = self._scope
        content = [t for t in clause.subtree if lo <= t.i < hi]
        span = self._contiguous_span(content)
        if span is None:
            return None
        inside = self._quote_tokens(content)
        kind = "mixed" if inside else "indirect"
        return Attribution(kind, (tok.idx, tok.idx + len(tok)), tok, source, content=span, unit=number,
                           rule="noun")

    def _sign_off(self, tokens, quotes: list[Quoted], number: int) -> Attribution | None:
        """`“...” ― Name`: a dash and a name closing the paragraph after a quotation."""
        if not quotes or not quotes[-1].closed:
            return None
        q = quotes[-1]
        para_end = self.paras[q.paragraph][1]
        tail = self.text[q.close:para_end]
        m = re.match(r"\s*([" + re.escape(self.lex.sign_off) + r"]{1,2})\s*(\S.{0,80})$", tail)
        if not m or len(m.group(2).split()) > 8 or not m.group(2)[:1].isupper():
            return None
        dash = q.close + m.start(1)
        name_start = q.close + m.start(2)
        name_end = q.close + len(tail.rstrip())
        while name_end > name_start and self.text[name_end - 1] in ".,;":
            name_end -= 1
        att = Attribution("direct", (dash, q.close + m.end(1)), None, None, source_span=(name_start, name_end),
                          unit=number, rule="sign-off")
        att.quotes = [x for x in quotes if x.paragraph == q.paragraph]
        return att

    # ------------------------------------------------------------------------------ quotes with no cue
    def _attach_leftovers(self, found: list[Attribution], leftovers: dict[int, list[Quoted]],
                          colon_cue: dict[int, Attribution]) -> None:
        by_unit: dict[int, list[Attribution]] = {}
        for att in found:
            by_unit.setdefault(att.unit, []).append(att)
        for number in sorted(leftovers):
            free = leftovers[number]
            a, b = self.units[number]
            tokens = list(self.doc[a:b])
            outside = len(self._words_outside(tokens))
            starts_quoted = self.in_quote[a] >= 0 or (a + 1 < b and self.in_quote[a + 1] >= 0)
            if outside > 2 and not (starts_quoted and outside <= 6):
                continue                      # quoted words inside a sentence of the writer's: scare quotes
            para = self.para_of(self.doc[a].idx)
            previous = self._previous_attribution(by_unit, colon_cue, number, para)
            if previous is None:
                continue
            att, how = previous
            if how == "colon":
                att.quotes.extend(free)
                found.append(att)
                colon_cue.pop(att.unit, None)
                by_unit.setdefault(number, []).append(att)
            elif how == "same":
                if att.kind == "direct":
                    att.quotes.extend(free)
                else:
                    extra = Attribution("direct", att.cue, att.cue_token, att.source, att.source_span,
                                        quotes=list(free), unit=number, rule="same")
                    extra.speaker, extra.date = att.speaker, att.date
                    found.append(extra)
                    by_unit.setdefault(number, []).append(extra)
            else:   # a paragraph of quotation after a quote: the same speaker goes on
                extra = Attribution("direct", None, None, att.source, att.source_span, quotes=list(free),
                                    floating=True, unit=number, rule="floating")
                extra.cue_token = att.cue_token
                extra.speaker = att.speaker
                extra.date = att.date
                extra.previous = att            # type: ignore[attr-defined]
                found.append(extra)
                by_unit.setdefault(number, []).append(extra)

    def _previous_attribution(self, by_unit, colon_cue, number: int, para: int):
        for back in range(number - 1, max(-1, number - 4), -1):
            a, _ = self.units[back]
            back_para = self.para_of(self.doc[a].idx)
            if back in colon_cue and back_para >= para - 1:
                return colon_cue[back], "colon"
            atts = by_unit.get(back)
            if atts:
                if back_para == para:
                    rank = {"direct": 2, "mixed": 1, "indirect": 0}
                    return max(atts, key=lambda att: (rank[att.kind], att.cue[0] if att.cue else 0)), "same"
                if back_para == para - 1 and self._paragraph_is_quote(para):
                    quoted = [att for att in atts if att.kind in ("direct", "mixed")]
                    if quoted:
                        return quoted[-1], "floating"
                return None
            if back_para < para - 1:
                return None
        return None

    def _paragraph_is_quote(self, para: int) -> bool:
        a, b = self.paras[para]
        first = self.text[a]
        return first in "\"“”„«‘'`"


# ---------------------------------------------------------------------------------- speakers, dates
class _Resolver:
    def __init__(self, finder: _Finder):
        self.f = finder

    def speaker(self, att: Attribution) -> Speaker | None:
        f = self.f
        if att.source_span is not None and att.source is None:
            a, b = att.source_span
            entity, span = self._entity_in(a, b)
            if entity is not None:
                return Speaker(entity.id, entity.name, span[0], span[1], f.text[span[0]:span[1]])
            return Speaker(None, f.text[a:b], a, b, f.text[a:b])
        tok = att.source
        if tok is None:
            return None
        if tok.lower_ in _RELATIVE and tok.head.dep_ == "relcl" and tok.head.head.pos_ in ("NOUN", "PROPN", "PRON"):
            named = self.speaker(Attribution(att.kind, att.cue, att.cue_token, tok.head.head))
            if named is not None:
                return Speaker(named.entity_id, named.name, tok.idx, tok.idx + len(tok), tok.text)
        head = (tok.idx, tok.idx + len(tok))
        covering = [m for m in f.mentions if m[0] <= head[0] and head[1] <= m[1]]
        if covering:
            start, end, entity = min(covering, key=lambda m: m[1] - m[0])
            start, end = self._join(entity, start, end, tok)
            return Speaker(entity.id, entity.name, start, end, f.text[start:end])
        a, b = self._noun_phrase(tok)
        entity, span = self._entity_in(a, b, head=head[1])
        if entity is not None and tok.pos_ != "PRON":
            return Speaker(entity.id, entity.name, span[0], span[1], f.text[span[0]:span[1]])
        text = f.text[a:b]
        name = None if tok.pos_ == "PRON" else re.sub(r"^(the|a|an|this|that|these|those)\s+", "", text, flags=re.I)
        return Speaker(None, name, a, b, text)

    def _join(self, entity: Entity, start: int, end: int, tok) -> tuple[int, int]:
        """Widen a mention with the same entity's mentions that touch it inside the source's phrase."""
        a, b = self._noun_phrase(tok)
        spans = sorted((m.start, m.end) for m in entity.mentions if a <= m.start and m.end <= b)
        changed = True
        while changed:
            changed = False
            for s, e in spans:
                if s < start and e <= start and not self.f.text[e:start].strip():
                    start, changed = s, True
                elif e > end and s >= end and not self.f.text[end:s].strip():
                    end, changed = e, True
        return start, end

    def _entity_in(self, a: int, b: int, head: int | None = None):
        inside = [m for m in self.f.mentions if a <= m[0] and m[1] <= b and (head is None or m[1] == head)]
        if not inside:
            return None, None
        start, end, entity = max(inside, key=lambda m: (m[1] - m[0], -m[0]))
        return entity, (start, end)

    def _noun_phrase(self, tok) -> tuple[int, int]:
        """The source's phrase: the head with what precedes it in its subtree and its appositions."""
        left = tok.left_edge
        right = tok
        for child in tok.children:
            if child.i > tok.i and child.dep_ in ("compound", "flat", "appos", "nummod") or \
                    (child.i > tok.i and child.dep_ == "prep" and child.lower_ == "of"):
                right = max(right, child.right_edge, key=lambda t: t.i)
        while left.i < tok.i and (left.is_punct or left.dep_ == "cc"):
            left = self.f.doc[left.i + 1]
        while right.i > tok.i and right.is_punct:
            right = self.f.doc[right.i - 1]
        return left.idx, right.idx + len(right)

    # ----------------------------------------------------------------------------- dates
    def date(self, att: Attribution) -> str | None:
        f = self.f
        tok = att.cue_token
        if tok is None:
            anchor = att.cue[0] if att.cue else self._first(att)
            return self._in_force(anchor)
        while tok.tag_ == "VBG" and tok.dep_ in ("advcl", "xcomp", "conj") and tok.head.i != tok.i \
                and tok.head.pos_ in ("VERB", "AUX"):
            own = self._clause_time(tok, att)
            if own:
                return own
            tok = tok.head
        return self._clause_time(tok, att) or self._tense_date(tok) or self._in_force(tok.idx)

    def _tense_date(self, tok) -> str | None:
        if tok.tag_ in ("VBZ", "VBP") and self.f.published:
            return self.f.published[:10]
        return None

    def _clause_time(self, tok, att: Attribution) -> str | None:
        f = self.f
        excluded = set()
        if att.content:
            excluded |= {t.i for t in tok.subtree if att.content[0] <= t.idx < att.content[1]}
        for child in tok.children:      # the cue's own clause: not what was said, nor other clauses
            if child.dep_ in _OTHER_CLAUSES:
                excluded |= {t.i for t in child.subtree}
        clause = [t for t in tok.subtree if t.i not in excluded and f.in_quote[t.i] < 0]
        for t in clause:
            for time in f.times:
                if time.start <= t.idx < time.end and time.type in ("DATE", "TIME") and time.value:
                    return time.value
        return None

    def _first(self, att: Attribution) -> int:
        return att.quotes[0].start if att.quotes else (att.content[0] if att.content else 0)

    def _in_force(self, offset: int) -> str | None:
        """The last date before ``offset`` that dates an event: a day or a week, or any date said as an
        adverb of a verb ("in March"), not a name's modifier ("the 1994 constitution")."""
        f = self.f
        for time in reversed(f.times):
            if time.start >= offset or time.type != "DATE" or not time.value:
                continue
            if any(q.open <= time.start < q.close for q in f.quoted):
                continue
            if _DAY.match(time.value) or self._adverbial(time):
                return time.value
        return None

    def _adverbial(self, time: Time) -> bool:
        span = self.f.doc.char_span(time.start, time.end, alignment_mode="expand")
        if span is None or not len(span):
            return False
        head = span.root
        if head.dep_ in ("npadvmod", "tmod") and head.head.pos_ in ("VERB", "AUX"):
            return True
        return head.dep_ == "pobj" and head.head.dep_ == "prep" and head.head.head.pos_ in ("VERB", "AUX")


def _direct_piece(text: str, q: Quoted) -> tuple[int, int]:
    """A quotation's content without the comma (or colon) English punctuation puts inside the marks."""
    a, b = q.start, q.end
    while b > a and text[b - 1] in " ,;:":
        b -= 1
    return a, b


def find_quotes(doc, text: str, entities: list[Entity], times: list[Time], published: str | None = None,
                lexicon: QuoteLexicon | None = None) -> list[Quote]:
    """The record's quotes for ``text`` (which ``doc`` parses, offsets alike)."""
    if doc is None or not len(doc):
        return []
    finder = _Finder(doc, text[:len(doc.text)], entities, times, published, lexicon or load_quotes_lexicon())
    resolver = _Resolver(finder)
    out: list[Quote] = []
    seen: set[tuple[int, int]] = set()
    for att in finder.run():
        if not att.floating:
            att.speaker = resolver.speaker(att)
            att.date = resolver.date(att)
        else:
            previous = getattr(att, "previous", None)
            if previous is not None:
                att.speaker = previous.speaker if previous.speaker else None
                att.date = previous.date
            if att.speaker is not None:
                att.speaker = Speaker(att.speaker.entity_id, att.speaker.name, None, None, None)
        cue = Span(att.cue[0], att.cue[1], text[att.cue[0]:att.cue[1]]) if att.cue and not att.floating else None
        if att.kind == "direct" and att.content is None:
            pieces = [_direct_piece(text, q) for q in att.quotes]
        else:
            pieces = [att.content]
        for piece in pieces:
            if piece is None or piece in seen:
                continue
            seen.add(piece)
            speaker = Speaker(**vars(att.speaker)) if att.speaker else None
            out.append(Quote(start=piece[0], end=piece[1], text=text[piece[0]:piece[1]], kind=att.kind,
                             cue=Span(cue.start, cue.end, cue.text) if cue else None, speaker=speaker,
                             date=att.date))
    out.sort(key=lambda q: (q.start, q.end))
    return out
