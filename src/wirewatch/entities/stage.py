"""The ``entities`` stage: every actor and place in ``record.text``, one entity per referent, with codes."""
from __future__ import annotations

from collections import Counter
from datetime import date

from ..actors.store_kb import kb_for_settings
from ..document import Document
from ..pipeline import stage
from ..record import Entity, Mention
from ..settings import Settings
from .coref import Cluster, cluster_mentions
from .mentions import find_mentions

_PLACE_LABELS = {"GPE", "LOC", "FAC"}


def _document_day(published: str | None) -> date | None:
    if not published or len(published) < 10:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


@stage("entities", requires=["record.text", "annotations.parse"], assigns=["record.entities", "annotations.clusters"])
def make_entities(settings: Settings):
    """Named, titled, described and pronominal mentions grouped into entities with country and sector codes."""
    kb = kb_for_settings(settings)
    from ..places import load_gazetteer

    gazetteer = load_gazetteer()

    def entities(doc: Document) -> Document:
        parse = doc.annotations.get("parse")
        record = doc.record
        if parse is None or not record.text:
            record.entities = []
            return doc
        on = _document_day(record.published)
        mentions = find_mentions(parse, kb, on)
        clusters = cluster_mentions(mentions, parse, kb, on)
        _countries_from_context(clusters)
        countries = [c.country for c in clusters if c.country and c.label in ("GPE", "NORP")]
        out: list[Entity] = []
        for n, cluster in enumerate(clusters, 1):
            entity = _entity(f"e{n}", cluster)
            if cluster.label in _PLACE_LABELS:
                place = gazetteer.lookup(cluster.name, context_countries=countries)
                if place is not None:
                    entity.lat, entity.lon, entity.place = place.lat, place.lon, place.name
                    entity.country = entity.country or place.country
                    entity.evidence.append(f"place: {place.name} ({place.kind}, {place.country}): {place.reason}")
            out.append(entity)
        record.entities = out
        doc.annotations["clusters"] = list(zip((e.id for e in out), clusters))
        return doc

    return entities


_STATE_SECTORS = {"GOV", "MIL", "COP", "JUD", "LEG", "SPY", "OPP", "REB", "PTY", "ELI"}


def _countries_from_context(clusters: list[Cluster]) -> None:
    """A "President Bouteflika" the knowledge base does not know is of the country the text is about.

    A person with a state role and no country takes the one country named in the sentences they are
    mentioned in, else the document's most named country; a group ("the rebels", "refugees") or a coded
    organisation only the one country of its own sentences.
    """
    by_sentence: dict[int, Counter] = {}
    people: dict[int, Counter] = {}       # the nationality of the people in a sentence, for groups only
    overall: Counter = Counter()
    for cluster in clusters:
        if not cluster.country or cluster.country in ("IGO", "NGO"):
            continue
        if cluster.label == "PERSON":
            for mention, _ in cluster.mentions:
                people.setdefault(mention.sentence, Counter())[cluster.country] += 1
            continue
        if cluster.label not in ("GPE", "NORP", "GROUP", "ORG"):
            continue
        for mention, _ in cluster.mentions:
            by_sentence.setdefault(mention.sentence, Counter())[cluster.country] += 1
            overall[cluster.country] += 1
    for cluster in clusters:
        if cluster.country or cluster.label not in ("PERSON", "GROUP", "ORG"):
            continue
        if cluster.label == "PERSON" and cluster.sector not in _STATE_SECTORS:
            continue
        if cluster.label == "ORG" and not cluster.sector:
            continue
        near: Counter = Counter()
        for mention, _ in cluster.mentions:
            near.update(by_sentence.get(mention.sentence, {}))
            if cluster.label != "PERSON":
                near.update(people.get(mention.sentence, {}))
        if len(near) == 1:
            cluster.country = next(iter(near))
            cluster.evidence.append(f"country {cluster.country}: the one country named in its sentence")
        elif cluster.label == "PERSON" and (near or overall):
            ranked = (near or overall).most_common(2)
            if len(ranked) == 1 or ranked[0][1] > ranked[1][1]:
                cluster.country = ranked[0][0]
                cluster.evidence.append(f"country {cluster.country}: the country most named around it")


def _entity(entity_id: str, cluster: Cluster) -> Entity:
    seen = set()
    mentions = []
    for mention, rule in sorted(cluster.mentions, key=lambda item: item[0].start):
        key = (mention.start, mention.end)
        if key in seen:
            continue
        seen.add(key)
        mentions.append(Mention(start=mention.start, end=mention.end, text=mention.text, rule=rule))
    return Entity(id=entity_id, name=cluster.name, type=cluster.label or "GROUP", country=cluster.country,
                  sector=cluster.sector, mentions=mentions, evidence=list(cluster.evidence))
