"""Mentions of actors in a parsed text: names, role descriptions and pronouns, each with its codes.

A mention is a span of ``record.text`` that may refer to an actor:
  name      a spaCy named entity (PERSON, ORG, GPE, NORP, LOC, FAC), corrected where spaCy is
            systematically wrong on news (a country tagged ORG, a name broken by a line end, a title
            inside a PERSON span), plus country names and adjectives spaCy missed;
  title     the role words before a name ("State Department spokesman" in "State Department spokesman Ned Price");
  nominal   a noun phrase headed by an agent word ("the French leader", "Moldovan security
            forces", "Hungarian and Romanian officials": one per country modifier);
  pronoun   he, she, his, her, they, them, their.
Each carries the country and sector its own words give, and the evidence for them; the sieve in
``coref`` then groups mentions into entities.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ..actors import KnowledgeBase, name_key

__all__ = ["ActorMention", "find_mentions", "NAMED_LABELS"]

NAMED_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}
PERSON_PRONOUNS = {"he", "him", "his", "she", "her", "hers", "himself", "herself"}
GROUP_PRONOUNS = {"they", "them", "their", "theirs", "themselves"}
_LOCATIVE = {"in", "at", "near", "from", "to", "into", "across", "outside", "inside", "around", "throughout",
             "toward", "towards", "through", "within", "between", "via"}
_ACTING_DEPS = {"nsubj", "nsubjpass", "poss", "agent", "appos"}
_ADDRESSING = {"with", "against", "by", "on", "upon", "toward", "towards"}


@dataclass
class ActorMention:
    start: int
    end: int
    text: str
    kind: str                       # name | title | nominal | pronoun
    label: str                      # PERSON ORG GPE NORP LOC FAC GROUP PRON
    sentence: int
    head: int                       # token index of the head word
    country: str | None = None
    sector: str | None = None
    role: str | None = None         # agent word ("president", "spokesman") from a title or a nominal
    definite: bool = False          # "the French leader": refers back to someone known
    plural: bool = False
    kb_id: str | None = None
    kb_name: str | None = None
    evidence: list[str] = field(default_factory=list)
    owner: "ActorMention | int | None" = None   # the name (or role noun) this mention is part of
    acting: bool = False            # a place used as an agent ("Paris would ..."), not a location


def _country_of_token(kb: KnowledgeBase, token) -> tuple[str | None, str]:
    """The country a modifier word names: an adjective ("Moldovan"), a country or a seat ("Elysee")."""
    text = token.text
    code = kb.country_for_adjective(text)
    if code:
        return code, f"adjective '{text}'"
    code = kb.country_for_name(text)
    if code:
        return code, f"country '{text}'"
    for actor in kb.lookup(text):
        if actor.kind == "metonym" and actor.plover_country:
            return actor.plover_country, f"seat of power or body '{text}'"
        if actor.kind in ("igo", "ngo") and token.text[:1].isupper():
            return actor.kind.upper(), f"{actor.kind.upper()} '{actor.name}'"
        break
    return None, ""


def _span_country(kb: KnowledgeBase, text: str) -> tuple[str | None, str]:
    code = kb.country_for_name(text) or kb.country_for_adjective(text)
    if code:
        return code, f"'{text}'"
    for actor in kb.lookup(text)[:1]:
        if actor.kind in ("igo", "ngo"):
            return actor.kind.upper(), f"{actor.kind.upper()} '{actor.name}'"
    return None, ""


def _clean_entity_span(ent) -> list[tuple[int, int]]:
    """Token ranges of a spaCy entity: split at line ends, without a leading "the" or a trailing "'s"."""
    pieces, start = [], ent.start
    doc = ent.doc
    for i in range(ent.start, ent.end):
        if "\n" in doc[i].text or (i > ent.start and "\n" in doc[i - 1].whitespace_ + doc[i - 1].text[-1:]
                                   and "\n" in doc[i - 1].whitespace_):
            if i > start:
                pieces.append((start, i))
            start = i + 1 if "\n" in doc[i].text else i
    if start < ent.end:
        pieces.append((start, ent.end))
    out = []
    for s, e in pieces:
        while s < e and doc[s].lower_ in ("the", "a", "an"):
            s += 1
        while e > s and doc[e - 1].tag_ == "POS" or (e > s and doc[e - 1].text in ("'s", "'", "\u2019s", "\u2019")):
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def _relabel(kb: KnowledgeBase, label: str, text: str) -> str:
    if kb.country_for_adjective(text) and label != "GPE":
        return "NORP"
    words = text.split()
    if label == "PERSON" and len(words) > 1 and kb.country_for_adjective(words[-1]) and words[-1].endswith("s"):
        return "NORP"  # "Bosnian Serbs" is a people, not a person
    if kb.country_for_name(text):
        return "GPE"
    for actor in kb.lookup(text):
        if actor.kind == "metonym" and actor.role == "seat":
            return "ORG"
        if actor.kind == "metonym" and actor.role == "capital":
            return "GPE"
        if actor.kind in ("igo", "ngo"):
            return "ORG"
        if actor.kind == "person" and label in ("ORG", "GPE", "NORP"):
            return "PERSON"
        break
    return label


def _agent_phrase(token) -> tuple[int, str]:
    """The head noun with the compounds before it ("security forces", "White House spokesman")."""
    start = token.i
    doc = token.doc
    while start > 0:
        before = doc[start - 1]
        if before.text in ("-", "‐", "‑") and start > 1 and not before.whitespace_:
            start -= 1  # "Secretary-General", "Vice-President": one word in three tokens
            continue
        if before.dep_ in ("compound", "amod") and before.head.i in range(start, token.i + 1) \
                and before.pos_ in ("NOUN", "PROPN", "ADJ"):
            start -= 1
            continue
        break
    return start, doc[start:token.i + 1].text


def find_mentions(parse, kb: KnowledgeBase, on: date | None) -> list[ActorMention]:
    """Every actor mention in the parsed text, in text order."""
    doc = parse
    mentions: list[ActorMention] = []
    in_name = [-1] * len(doc)          # token -> index of the name mention covering it
    sentence_of = [0] * len(doc)
    for s_index, sent in enumerate(doc.sents):
        for t in sent:
            sentence_of[t.i] = s_index

    def add(m: ActorMention) -> int:
        mentions.append(m)
        return len(mentions) - 1

    # -- names
    for ent in doc.ents:
        if ent.label_ not in NAMED_LABELS:
            continue
        for s, e in _clean_entity_span(ent):
            span = doc[s:e]
            label = _relabel(kb, ent.label_, span.text)
            title_end = s
            if label == "PERSON":
                # "President Emmanuel Macron", "Vice-President X" tagged whole: the title is not the name
                for k in range(e - s - 1, 0, -1):
                    if kb.agent_for(doc[s + k - 1].text) is not None and kb.agent_for(doc[s:s + k].text) is not None:
                        title_end = s + k
                        break
            name_span = doc[title_end:e]
            m = ActorMention(name_span.start_char, name_span.end_char, name_span.text, "name", label,
                             sentence_of[s], name_span.root.i, evidence=[f"spaCy {ent.label_}"])
            if label != ent.label_:
                m.evidence.append(f"relabelled {ent.label_} -> {label} by the knowledge base")
            index = add(m)
            for i in range(s, e):
                in_name[i] = index
            if title_end > s:
                _title(kb, doc, s, title_end, index, mentions, sentence_of)

    # -- country names and adjectives of two or three words spaCy cut ("Sierra Leonean" as ORG "Sierra")
    for n in (3, 2):
        for i in range(len(doc) - n + 1):
            window = doc[i:i + n]
            if not window.text[:1].isupper() or "\n" in window.text \
                    or not all(t.is_alpha or t.text == "-" for t in window) or not window[-1].is_alpha:
                continue
            code = kb.country_for_adjective(window.text) or kb.country_for_name(window.text)
            if not code:
                continue
            covering = {in_name[j] for j in range(i, i + n) if in_name[j] >= 0}
            if any(len(mentions[c].text) >= len(window.text) for c in covering):
                continue
            for c in covering:
                mentions[c].owner = -1  # the cut piece gives way to the whole name
            label = "NORP" if kb.country_for_adjective(window.text) else "GPE"
            index = add(ActorMention(window.start_char, window.end_char, window.text, "name", label,
                                     sentence_of[i], window.root.i, evidence=["country words spaCy cut"]))
            for j in range(i, i + n):
                in_name[j] = index

    # -- country names and adjectives spaCy left untagged ("Moldovan side")
    for token in doc:
        if in_name[token.i] >= 0 or not token.text[:1].isupper() or token.ent_type_ in ("DATE", "TIME"):
            continue
        if kb.country_for_adjective(token.text) or kb.country_for_name(token.text):
            label = "NORP" if kb.country_for_adjective(token.text) else "GPE"
            index = add(ActorMention(token.idx, token.idx + len(token.text), token.text, "name", label,
                                     sentence_of[token.i], token.i, evidence=["country word"]))
            in_name[token.i] = index

    # -- codes of names
    for m in mentions:
        _code_name(kb, doc, m, on)
        token = doc[m.head]
        if m.label == "NORP" and token.tag_ in ("NNPS", "NNS") and m.kind == "name":
            # "Algerians", "Palestinians": the people, as PLOVER codes them (civilians of that country)
            m.label, m.plural, m.sector = "GROUP", True, m.sector or "CVL"
            m.evidence.append("a people named by its demonym -> CVL")
            first_word = m.text.split()[0]
            if len(m.text.split()) > 1 and kb.country_for_adjective(first_word):
                m.country = kb.country_for_adjective(first_word)  # "Bosnian Serbs": the state they live in
                m.evidence.append(f"country from adjective '{first_word}'")
            modifier = next((c for c in token.children if c.dep_ in ("amod", "compound")
                             and kb.country_for_adjective(c.text)), None)
            if modifier is not None:
                m.start, m.text = modifier.idx, doc.text[modifier.idx:m.end]
                m.country = kb.country_for_adjective(modifier.text)
                m.evidence.append(f"country from adjective '{modifier.text}'")
                # the adjective's own mention ("Bosnian" in "Bosnian Serbs" when spaCy split them) is
                # part of this one; the mention itself never owns itself (it would be dropped)
                if in_name[modifier.i] >= 0 and mentions[in_name[modifier.i]] is not m:
                    mentions[in_name[modifier.i]].owner = m

    # -- places and peoples named as actors, as PLOVER codes them: a town or a people's adjective on a
    #    thing ("Palestinian homes") stands for the civilians there
    for m in mentions:
        if m.kind != "name" or m.sector or m.owner is not None:
            continue
        token = doc[m.head]
        if m.label in ("GPE", "LOC") and not m.acting and not kb.country_for_name(m.text) \
                and not kb.country_for_adjective(m.text):
            m.sector = "CVL"
            m.evidence.append("a town or region as an actor: its people (CVL)")
        elif m.label == "NORP" and token.dep_ in ("amod", "compound") and kb.agent_for(token.head.text) is None \
                and token.head.pos_ == "NOUN":
            m.sector = "CVL"
            m.evidence.append(f"'{m.text} {token.head.text}': the people of that country (CVL)")

    # -- titles before a name inside one noun phrase, and role nominals
    for token in doc:
        if token.pos_ not in ("NOUN", "PROPN") or in_name[token.i] >= 0 and mentions[in_name[token.i]].label != "NORP":
            continue
        phrase_start, phrase = _agent_phrase(token)
        agent = kb.agent_for(phrase)
        bare = " ".join(t.text for t in doc[phrase_start:token.i + 1] if not _country_of_token(kb, t)[0])
        if bare and bare != phrase:
            # "official Syrian newspaper": the role is "official newspaper", the country aside
            agent = kb.agent_for(bare) or agent
        if agent is None:
            continue
        head = token.head
        if token.dep_ == "compound" and head.i < len(doc) and in_name[head.i] >= 0 \
                and mentions[in_name[head.i]].label == "PERSON":
            # "White House press secretary Karoline Leavitt": the role is the person's title
            while phrase_start > 0 and doc[phrase_start - 1].head.i in (head.i, token.i) \
                    and doc[phrase_start - 1].dep_ in ("amod", "compound"):
                phrase_start -= 1
            _title(kb, doc, phrase_start, token.i + 1, in_name[head.i], mentions, sentence_of)
            for i in range(phrase_start, token.i + 1):
                if in_name[i] >= 0 and mentions[in_name[i]].label in ("NORP", "GPE", "ORG"):
                    mentions[in_name[i]].owner = in_name[head.i]
                    mentions[in_name[i]].evidence.append("part of a title")
            continue
        if token.dep_ == "compound" and in_name[head.i] >= 0 and mentions[in_name[head.i]].label == "ORG":
            # "the opposition newspaper La Prensa": the role noun says what the organisation is
            org = mentions[in_name[head.i]]
            if org.sector in (None, "CVL") and agent.sector:
                org.label = "ORG" if org.label in ("GPE", "LOC") else org.label
                org.sector = agent.sector
                org.evidence.append(f"described as '{phrase}' -> {agent.sector}")
            continue
        if token.dep_ == "compound":
            if kb.agent_for(_agent_phrase(head)[1]) is not None or (in_name[head.i] >= 0):
                continue
            # "Israeli army bulldozers": the army is the actor, its modifiers are the head's; without a
            # country ("government buildings", "court reforms") the noun names no one
            while phrase_start > 0 and doc[phrase_start - 1].head.i == head.i \
                    and doc[phrase_start - 1].dep_ in ("amod", "compound", "nmod"):
                phrase_start -= 1
            if not _modifier_countries(kb, doc, token, phrase_start):
                continue
        _nominals(kb, doc, token, phrase_start, agent, mentions, in_name, sentence_of, add)

    # -- appositions: "Karoline Leavitt, the White House press secretary," gives the person the role
    for m in list(mentions):
        if m.kind != "nominal":
            continue
        head = doc[m.head]
        if head.dep_ == "appos" and in_name[head.head.i] >= 0 and mentions[in_name[head.head.i]].label == "PERSON":
            m.owner = in_name[head.head.i]
            m.evidence.append("apposition")
        elif any(c.dep_ == "appos" and in_name[c.i] >= 0 and mentions[in_name[c.i]].label == "PERSON"
                 for c in head.children):
            target = next(c for c in head.children if c.dep_ == "appos" and in_name[c.i] >= 0)
            m.owner = in_name[target.i]
            m.evidence.append("apposition")

    # -- pronouns
    for token in doc:
        low = token.lower_
        if token.tag_ in ("PRP", "PRP$") and (low in PERSON_PRONOUNS or low in GROUP_PRONOUNS):
            add(ActorMention(token.idx, token.idx + len(token.text), token.text, "pronoun", "PRON",
                             sentence_of[token.i], token.i, plural=low in GROUP_PRONOUNS,
                             evidence=["pronoun"]))
    # owners were list positions while the list grew; from here on they are the mentions themselves
    dropped = [m for m in mentions if m.owner == -1]
    for m in mentions:
        if isinstance(m.owner, int) and m.owner >= 0:
            m.owner = mentions[m.owner]
    mentions = [m for m in mentions if m.owner != -1 and not any(m.owner is d for d in dropped)]
    mentions.sort(key=lambda m: (m.start, -m.end))
    return mentions


def _ents(doc) -> list:
    """``doc.ents`` once per document (spaCy builds new Span objects on every access)."""
    cached = doc.user_data.get("wirewatch_ents")
    if cached is None:
        cached = doc.user_data["wirewatch_ents"] = list(doc.ents)
    return cached


def _ent_at(doc, i: int):
    """The named entity covering token ``i``, or None."""
    index = doc.user_data.get("wirewatch_ent_at")
    if index is None:
        index = {}
        for ent in _ents(doc):
            for j in range(ent.start, ent.end):
                index[j] = ent
        doc.user_data["wirewatch_ent_at"] = index
    return index.get(i)


def _gazetteer_lookup(name: str):
    from ..places import load_gazetteer

    return load_gazetteer().lookup(name)


def _title(kb, doc, start: int, end: int, owner: int, mentions: list, sentence_of) -> None:
    words = doc[start:end]
    agent = kb.agent_for(words.text)
    country, why = None, ""
    for token in words:
        country, why = _country_of_token(kb, token)
        if country:
            break
    if not country:
        # a multi-word body inside the title: "Arab League Secretary-General"
        for ent in _ents(doc):
            if ent.start >= start and ent.end <= end:
                country, why = _span_country(kb, ent.text)
                if country:
                    break
    title = ActorMention(words.start_char, words.end_char, words.text, "title", "PERSON", sentence_of[start],
                         words.root.i, country=country or (agent.country if agent else None),
                         sector=agent.sector if agent else None, role=agent.role if agent else None,
                         owner=owner, evidence=[f"title '{words.text}'"] + ([why] if why else []))
    mentions.append(title)


def _code_name(kb: KnowledgeBase, doc, m: ActorMention, on: date | None) -> None:
    token = doc[m.head]
    if m.label in ("GPE", "NORP", "LOC"):
        code, why = _span_country(kb, m.text)
        if not code:
            rest = _DIRECTION.sub("", m.text)
            if rest != m.text:
                code, why = _span_country(kb, rest)
                why = f"a part of {why}" if code else why
        if code:
            m.country = code
            m.evidence.append(f"country from {why}")
    found = kb.lookup(m.text, on)
    if m.label == "PERSON":
        # "Foreign Minister Anna Kowalska of Poland"
        for prep in token.children:
            if prep.dep_ == "prep" and prep.lower_ in ("of", "from"):
                for obj in prep.children:
                    ent = _ent_at(doc, obj.i)
                    code, why = _span_country(kb, ent.text if ent is not None else obj.text)
                    if code:
                        m.country = code
                        m.evidence.append(f"country from '{prep.text} {why}'")
    if m.label == "GPE" and m.country is None:
        for actor in found:
            if actor.country:
                m.country = actor.country
                m.evidence.append(f"country from the knowledge base ({actor.source})")
                break
    if m.label == "ORG":
        words = doc[doc[m.head].left_edge.i:doc[m.head].i + 1] if False else None
        agent = kb.agent_for(m.text) if not any(a.sector for a in found if a.kind != "agent") else None
        if agent is not None and agent.sector:
            m.sector = agent.sector
            m.evidence.append(f"organisation named as a '{agent.name}' -> {agent.sector}")
        for word in re.findall(r"[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?", m.text) if m.country is None else ():
            code, why = _span_country(kb, word)
            if not code:
                code, why = _span_country(kb, word.split()[0])
            if code:
                m.country = code
                m.evidence.append(f"country from its name: {why}")
                break
        if m.country is None:
            owner = next((c for c in token.children if c.dep_ in ("poss", "compound") and c.i < m.head), None)
            if owner is not None:
                ent = _ent_at(doc, owner.i)
                code, why = _span_country(kb, ent.text if ent is not None else owner.text)
                if code:
                    m.country = code
                    m.evidence.append(f"country from its owner {why}")
    for actor in found:
        if m.label == "PERSON" and actor.kind != "person":
            continue
        if m.label in ("GPE", "LOC", "FAC") and actor.kind == "metonym" and actor.role == "capital":
            # a capital stands for its government only when it acts: "Paris would only intervene if asked"
            prepositional = token.head.lower_ in _LOCATIVE and token.dep_ == "pobj"
            addressed = token.dep_ == "dobj" or (token.dep_ == "pobj" and token.head.lower_ in _ADDRESSING)
            if (token.dep_ in _ACTING_DEPS or addressed) and not prepositional:
                m.acting = True
                m.country = m.country or actor.country
                m.sector = actor.sector
                m.evidence.append(f"capital '{m.text}' acting ({token.dep_}): its government")
            continue
        if actor.kind in ("country", "territory", "region", "agent"):
            continue
        m.kb_id, m.kb_name = actor.id, actor.name
        if actor.kind in ("igo", "ngo"):
            # PLOVER codes a body of no one country by its kind (IGO, NGO), and its people by what they do
            m.country = m.country or actor.kind.upper()
            m.sector = m.sector or ("GOV" if actor.kind == "igo" else None)
        else:
            m.country = m.country or actor.plover_country
            m.sector = m.sector or actor.sector
        m.role = m.role or actor.role
        m.evidence.append(f"knowledge base: {actor.name} ({actor.source})")
        break


def _modifier_countries(kb: KnowledgeBase, doc, head, phrase_start: int) -> list[tuple[int, int, str, str]]:
    """(first token, last token, country, why) of each country word modifying ``head``."""
    found = []
    candidates = [t for t in head.children if t.dep_ in ("amod", "compound", "poss", "nmod", "npadvmod")]
    candidates += [t for t in doc[phrase_start:head.i] if t not in candidates]
    for mod in sorted(set(candidates), key=lambda t: t.i):
        code, why = _country_of_token(kb, mod)
        if not code and mod.ent_type_ in ("GPE", "NORP", "ORG", "LOC"):
            ent = _ent_at(doc, mod.i)
            if ent is not None:
                code, why = _span_country(kb, ent.text)
                if code:
                    found.append((ent.start, ent.end - 1, code, why))
                    continue
        if code:
            found.append((mod.i, mod.i, code, why))
        for conj in mod.conjuncts:
            if conj.i < head.i:
                c2, w2 = _country_of_token(kb, conj)
                if c2:
                    found.append((conj.i, conj.i, c2, w2))
    # "security forces in Guinea", "the government of Sindh province", "a group based in Trinidad"
    based = [p for c in head.children if c.dep_ == "acl" and c.tag_ == "VBN" for p in c.children]
    for prep in list(head.children) + based:
        if prep.dep_ == "prep" and prep.lower_ in ("in", "of", "from", "throughout", "across", "inside"):
            for obj in prep.children:
                if obj.dep_ == "pobj":
                    ent = _ent_at(doc, obj.i)
                    text = ent.text if ent is not None else obj.text
                    code, why = _span_country(kb, text)
                    if not code and ent is not None and ent.label_ in ("GPE", "LOC"):
                        place = _gazetteer_lookup(text)
                        if place is not None and place.country:
                            code, why = place.country, f"place '{text}' ({place.country})"
                    if code:
                        last = (ent.end - 1) if ent is not None else obj.i
                        found.append((head.i, last, code, f"{prep.lower_} {why}"))
    unique, seen = [], set()
    for item in found:
        if item[2] not in seen:
            seen.add(item[2])
            unique.append(item)
    return unique


def _nominals(kb, doc, head, phrase_start: int, agent, mentions, in_name, sentence_of, add) -> None:
    determiner = next((c for c in head.children if c.dep_ == "det"), None)
    definite = determiner is not None and determiner.lower_ in ("the", "this", "that")
    plural = head.tag_ in ("NNS", "NNPS")
    countries = _modifier_countries(kb, doc, head, phrase_start)
    sector, role = agent.sector, agent.role
    if any(t.lower_ == "civilian" for t in doc[phrase_start:head.i]):
        sector = "CVL"  # "Russian civilian advisers": civilians, whatever their job
    if not countries:
        start = doc[phrase_start]
        m = ActorMention(start.idx, head.idx + len(head.text), doc[phrase_start:head.i + 1].text, "nominal", "GROUP",
                         sentence_of[head.i], head.i, country=agent.country, sector=sector, role=role,
                         definite=definite, plural=plural, evidence=[f"agent '{agent.name}' -> {sector}"])
        add(m)
        return
    for first, last, code, why in countries:
        first = min(first, phrase_start) if len(countries) == 1 else first
        start_tok = doc[first]
        # one mention per country modifier: "Hungarian and Romanian officials" is two actors
        end_char = max(head.idx + len(head.text), doc[last].idx + len(doc[last].text))
        text = doc.text[start_tok.idx:end_char]
        if "\n" in text:
            continue
        m = ActorMention(start_tok.idx, end_char, text, "nominal", "GROUP", sentence_of[head.i], head.i,
                         country=code, sector=sector, role=role, definite=definite, plural=plural,
                         evidence=[f"agent '{agent.name}' -> {sector}", f"country from {why}"])
        index = add(m)
        for i in range(first, head.i + 1):
            if in_name[i] >= 0 and mentions[in_name[i]].label in ("NORP", "GPE") and mentions[in_name[i]].kind == "name":
                # the country word is part of this actor, not an actor of its own
                mentions[in_name[i]].owner = index
                mentions[in_name[i]].evidence.append("modifier of a role noun")


_WORD = re.compile(r"\w+")
_DIRECTION = re.compile(r"^(?:(?:north|south|east|west)(?:ern)?|(?:north|south)[- ]?(?:east|west)(?:ern)?|central|"
                        r"upper|lower)\s+", re.IGNORECASE)
