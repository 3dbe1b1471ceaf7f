"""One entity per referent: a deterministic multi-pass sieve over the mentions (after Lee et al. 2013).

Passes, most precise first; each link records the pass that made it (the mention's ``rule``):
  exact        the same name, or the same knowledge-base actor
  title        role words glued to a name, and appositions ("Karoline Leavitt, the White House press secretary")
  head         a surname or a shorter form of a name seen before ("Leavitt" -> "Karoline Leavitt")
  role         a definite role description ("the French president", "the White House press secretary") -> the
               person already known in that role and country, else the knowledge base's holder of that
               role on the document's date
  pronoun      he/she/his/her -> the nearest person mentioned before, preferring subjects of the
               same or the previous sentence; they/their -> the nearest group or organisation
Mentions left over become entities of their own when they carry a code (a group of "Moldovan security
forces", a country), so that events and quotes can still name them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..actors import KnowledgeBase, name_key
from .mentions import ActorMention

__all__ = ["Cluster", "cluster_mentions"]

_ROLE_FAMILIES = [
    {"president", "leader", "head of state", "strongman", "ruler"},
    {"prime minister", "premier", "leader", "head of government", "chancellor"},
    {"spokesman", "spokeswoman", "spokesperson", "press secretary"},
    {"foreign minister", "top diplomat", "minister"},
]


def _compatible(role_a: str | None, role_b: str | None) -> bool:
    if not role_a or not role_b:
        return False
    a, b = role_a.lower().replace("former ", ""), role_b.lower().replace("former ", "")
    if a == b or a.endswith(" " + b) or b.endswith(" " + a):
        return True
    return any(a in family and b in family for family in _ROLE_FAMILIES)


@dataclass
class Cluster:
    mentions: list[tuple[ActorMention, str]] = field(default_factory=list)   # (mention, rule)
    label: str = ""
    name: str = ""
    kb_id: str | None = None
    country: str | None = None
    sector: str | None = None
    role: str | None = None
    evidence: list[str] = field(default_factory=list)

    def add(self, mention: ActorMention, rule: str) -> None:
        self.mentions.append((mention, rule))
        if mention.kind == "name" and (not self.label or self.label in ("GROUP", "NORP")):
            self.label = mention.label
        elif not self.label:
            self.label = mention.label
        if mention.kb_id and not self.kb_id:
            self.kb_id, self.name = mention.kb_id, mention.kb_name or self.name
        if mention.kind == "name" and not self.kb_id and len(mention.text) > len(self.name):
            self.name = mention.text
        if not self.name:
            self.name = mention.text
        for attribute in ("country", "sector", "role"):
            value = getattr(mention, attribute)
            # what the text says of a person ("President X") outranks what the knowledge base remembers
            explicit = mention.kind == "title" and self.label == "PERSON"
            if value and (not getattr(self, attribute) or explicit and getattr(self, attribute) != value):
                setattr(self, attribute, value)
                self.evidence.append(f"{attribute} {value} from '{mention.text}': "
                                     + "; ".join(mention.evidence))

    @property
    def first(self) -> int:
        return min(m.start for m, _ in self.mentions)

    def surnames(self) -> set[str]:
        out = set()
        for m, _ in self.mentions:
            if m.kind == "name" and m.label == "PERSON":
                words = name_key(m.text).split()
                if words:
                    out.add(words[-1])
        if self.name:
            words = name_key(self.name).split()
            if words:
                out.add(words[-1])
        return out


def cluster_mentions(mentions: list[ActorMention], parse, kb: KnowledgeBase, on: date | None) -> list[Cluster]:
    clusters: list[Cluster] = []
    of: dict[int, Cluster] = {}            # id(mention) -> cluster
    names = [m for m in mentions if m.kind == "name" and m.owner is None]

    # exact: same KB referent or same name
    keyed: dict[str, Cluster] = {}
    for m in names:
        key = m.kb_id or f"{m.label}:{name_key(m.text)}"
        cluster = keyed.get(key)
        if cluster is None and m.label in ("GPE", "ORG", "NORP", "LOC", "FAC"):
            cluster = keyed.get(f"{'ORG' if m.label == 'GPE' else 'GPE'}:{name_key(m.text)}")
        if cluster is None:
            cluster = Cluster()
            clusters.append(cluster)
            keyed[key] = cluster
            cluster.add(m, "name")
        else:
            cluster.add(m, "exact")
        of[id(m)] = cluster

    # head: "Macron" after "Emmanuel Macron" (and the reverse order, a surname first)
    persons = [c for c in clusters if c.label == "PERSON"]
    # a surname spaCy took for an organisation ("Kowalska met ...") is still the person's
    candidates = persons + [c for c in clusters if c.label == "ORG" and not c.kb_id and not c.country
                            and len(name_key(c.name).split()) == 1]
    for short in candidates:
        words = name_key(short.name).split()
        if len(words) != 1:
            continue
        for full in persons:
            if full is short or len(name_key(full.name).split()) < 2:
                continue
            if words[0] in full.surnames() and (not short.kb_id or short.kb_id == full.kb_id):
                for m, _ in short.mentions:
                    full.add(m, "head")
                    of[id(m)] = full
                short.mentions.clear()
                break
    clusters = [c for c in clusters if c.mentions]

    # title and apposition: role words attached to a name
    for m in mentions:
        if m.kind in ("title", "nominal") and m.owner is not None:
            target = of.get(id(m.owner))
            if target is not None:
                target.add(m, "title" if m.kind == "title" else "apposition")
                of[id(m)] = target

    # role: "the French president" -> the person known in that role and country
    for m in mentions:
        if m.kind != "nominal" or id(m) in of or m.plural or not m.role:
            continue
        if not m.definite and not m.text[:1].isupper():
            continue
        target = None
        # the person most recently mentioned before this description, within a few sentences
        recent = []
        for cluster in clusters:
            if cluster.label != "PERSON":
                continue
            before = [x for x, _ in cluster.mentions if x.start < m.start]
            if before and (m.country or m.sentence - max(x.sentence for x in before) <= 3):
                recent.append((max(x.start for x in before), cluster))
        for _, cluster in sorted(recent, key=lambda item: -item[0]):
            if m.country and cluster.country and cluster.country != m.country:
                continue
            if _compatible(m.role, cluster.role):
                target = cluster
                break
        if target is None and m.country:
            target = _holder_from_kb(m, clusters, kb, on)
        if target is not None:
            target.add(m, "role")
            of[id(m)] = target

    # pronouns
    for m in mentions:
        if m.kind != "pronoun" or id(m) in of:
            continue
        target = _antecedent(m, mentions, of, parse)
        if target is not None:
            target.add(m, "pronoun")
            of[id(m)] = target

    # leftovers with a code become entities of their own; the same group said twice is one entity
    groups: dict[tuple, Cluster] = {}
    for m in mentions:
        if id(m) in of or m.kind == "pronoun" or m.owner is not None and m.kind == "name":
            continue
        if m.kind in ("nominal", "title") and not (m.country or m.sector):
            continue
        key = (name_key(m.text), m.country, m.sector)
        cluster = groups.get(key)
        if cluster is None:
            cluster = groups[key] = Cluster()
            clusters.append(cluster)
            cluster.add(m, "nominal" if m.kind == "nominal" else m.kind)
        else:
            cluster.add(m, "exact")
        of[id(m)] = cluster
    clusters = [c for c in clusters if c.mentions]
    clusters.sort(key=lambda c: c.first)
    return clusters


def _holder_from_kb(m: ActorMention, clusters: list[Cluster], kb: KnowledgeBase, on: date | None) -> Cluster | None:
    """The knowledge base's holder of a role in a country on the document's date ("the French president")."""
    holders = []
    for actor in kb.actors():
        if actor.kind != "person" or actor.country != m.country or not actor.applies_on(on) or actor.fallback:
            continue
        if on is None and actor.end is not None:
            continue
        if actor.sector == "ELI" or (actor.role or "").startswith("former "):
            continue  # "the Iraqi president" is the one in office, not a former one
        if not _compatible(m.role, actor.role):
            continue
        holders.append(actor)
    # the latest to take office first; an exact role before a compatible one ("president" before "leader")
    holders.sort(key=lambda a: (a.role != m.role, -(a.start.toordinal() if a.start else 0)))
    for actor in holders[:1]:
        for cluster in clusters:
            if cluster.kb_id == actor.id:
                return cluster
        cluster = Cluster(name=actor.name, kb_id=actor.id, label="PERSON", country=actor.country,
                          sector=actor.sector, role=actor.role,
                          evidence=[f"{actor.role} of {actor.country} on {on or 'the document date'}: "
                                    f"{actor.name} ({actor.source})"])
        clusters.append(cluster)
        return cluster
    return None


def _antecedent(m: ActorMention, mentions: list[ActorMention], of: dict[int, Cluster], parse) -> Cluster | None:
    wanted_person = not m.plural
    best, best_score = None, None
    for other in mentions:
        if other.start >= m.start or id(other) not in of:
            continue
        if m.sentence - other.sentence > 2:
            continue
        cluster = of[id(other)]
        if wanted_person and cluster.label != "PERSON":
            continue
        if not wanted_person and not (other.plural or cluster.label == "GROUP"):
            continue
        token = parse[other.head]
        subject = token.dep_ in ("nsubj", "nsubjpass")
        # nearer sentences first, then subjects, then the nearest
        score = (m.sentence - other.sentence, 0 if subject else 1, m.start - other.start)
        if best_score is None or score < best_score:
            best, best_score = cluster, score
    return best
