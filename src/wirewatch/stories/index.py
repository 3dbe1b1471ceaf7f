"""Groups records into stories as they come, batch by batch: `StoryIndex.add_many(records)`.

Each record's `text` gets a MinHash signature (`signature.Signer`); a datasketch `MinHashLSH` finds the
copies already indexed that may share it, and each candidate is kept only when the two signatures show the
same story: an estimated Jaccard of at least `min_jaccard` and an estimated containment of the smaller text
in the larger of at least `min_containment` (a truncated copy is a subset of the whole). The matched copies'
stories and the new record become one story (union-find by relabelling); a record whose text changed leaves
its story, which is then split again into what still holds together. Which copy is the original, and the
merged quotes and events, come from the copies alone (`merge.build_story`), so the stories do not depend
on the order records arrive in.

With a store (`StoryIndex(store)`), the index is read back from the story tables when it is made, without
signing any text again, and each `add_many` writes what it changed in one transaction; without one it lives
in memory. The LSH index, the signatures and each document's story are held in memory (about 3 kB a
document); copies' details and built stories are read from the store when a story changes.
"""
from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from datasketch import MinHashLSH

from wirewatch.stories.merge import Copy, Story, build_story
from wirewatch.stories.signature import Signature, Signer, similarity
from wirewatch.store.store import _short, content_hash

__all__ = ["StoryIndex", "StoryIndexError", "Member", "Change"]


class StoryIndexError(Exception):
    """The stored story index cannot be used as it is (made with other parameters): rebuild it."""


@dataclass
class Member:
    """One document as the index holds it."""

    document_id: str
    story_id: str
    content_hash: str
    size: int                       # distinct shingles of its text
    signature: Signature | None     # None: too short to be matched, a story of its own


@dataclass
class Change:
    """What one `add_many` changed, for a backend to write in one go."""

    members: list[tuple[Member, Copy]] = field(default_factory=list)   # new or changed documents
    moved: dict[str, str] = field(default_factory=dict)                # document id -> its new story id
    stories: list[Story] = field(default_factory=list)                 # stories built anew
    removed: set[str] = field(default_factory=set)                     # story ids that are no more

    def __bool__(self) -> bool:
        return bool(self.members or self.moved or self.stories or self.removed)


class Backend(Protocol):
    def load(self) -> Iterator[tuple[Member, str]]: ...          # each member with its signature's scheme
    def copies(self, document_ids: list[str]) -> dict[str, Copy]: ...
    def write(self, change: Change) -> None: ...
    def story(self, story_id: str) -> Story | None: ...
    def stories(self) -> Iterator[Story]: ...


class MemoryBackend:
    """Keeps members, copies and stories in dicts: an index with no store."""

    def __init__(self, scheme: str = "") -> None:
        self.scheme = scheme
        self._members: dict[str, Member] = {}
        self._copies: dict[str, Copy] = {}
        self._stories: dict[str, Story] = {}

    def load(self) -> Iterator[tuple[Member, str]]:
        return ((replace(member), self.scheme) for member in self._members.values())

    def copies(self, document_ids: list[str]) -> dict[str, Copy]:
        return {doc_id: self._copies[doc_id] for doc_id in document_ids if doc_id in self._copies}

    def write(self, change: Change) -> None:
        for member, copy in change.members:
            self._members[member.document_id] = replace(member)
            self._copies[member.document_id] = copy
        for doc_id, story_id in change.moved.items():
            self._members[doc_id].story_id = story_id
        for story_id in change.removed:
            self._stories.pop(story_id, None)
        for story in change.stories:
            self._stories[story.id] = story

    def story(self, story_id: str) -> Story | None:
        return self._stories.get(story_id)

    def stories(self) -> Iterator[Story]:
        return iter(sorted(self._stories.values(), key=lambda story: story.id))


_TEMPORARY = "~"      # prefix of a story id while a batch is being grouped; no final id starts with it


class StoryIndex:
    """Stories of the records added so far; `add_many` adds a batch and returns each record's story id.

    store: a `wirewatch.store.Store` whose story tables hold the index (read back here, written by each
        `add_many`), or None for an index in memory.
    signer: the signature parameters (`Signer()`: 5-word shingles, 128 permutations).
    threshold: the LSH index's Jaccard threshold: pairs above it are found as candidates.
    min_jaccard, min_containment: what a candidate's signature must show to be taken as the same story.
    min_shingles: texts with fewer distinct shingles are never matched (each is a story of its own).
    """

    def __init__(self, store: Any = None, *, signer: Signer | None = None, threshold: float = 0.3,
                 min_jaccard: float = 0.2, min_containment: float = 0.5, min_shingles: int = 20):
        self.signer = signer or Signer()
        self.threshold = threshold
        self.min_jaccard = min_jaccard
        self.min_containment = min_containment
        self.min_shingles = min_shingles
        if store is None:
            self._backend: Backend = MemoryBackend(self.signer.scheme)
        else:
            from wirewatch.stories.store import StoreBackend

            self._backend = StoreBackend(store, self.signer.scheme)
        self._load()

    # ------------------------------------------------------------------------------------------ reading

    def __len__(self) -> int:
        """How many documents the index holds."""
        return len(self._members)

    def __contains__(self, document_id: object) -> bool:
        return document_id in self._members

    def story_of(self, document_id: str) -> str | None:
        """The id of the story the document belongs to; None if it was never added."""
        member = self._members.get(document_id)
        return member.story_id if member else None

    def members(self, story_id: str) -> list[str]:
        """The document ids of a story, sorted; [] for an unknown id."""
        return sorted(self._stories.get(story_id, ()))

    def story(self, story_id: str) -> Story | None:
        return self._backend.story(story_id)

    def stories(self) -> Iterator[Story]:
        """Every story, by id."""
        return self._backend.stories()

    def groups(self) -> dict[str, str]:
        """Every document id with its story id."""
        return {doc_id: member.story_id for doc_id, member in self._members.items()}

    # ------------------------------------------------------------------------------------------ adding

    def add(self, record: dict[str, Any]) -> str:
        """Add one record (the contract's dict); returns its story's id."""
        return self.add_many([record])[0]

    def add_many(self, records: Iterable[dict[str, Any]]) -> list[str]:
        """Add a batch of records; returns their story ids, in order. Adding a record again changes nothing.

        A story's id follows its original, so adding an earlier copy renames the story: the ids returned
        are those after the whole batch. With a store, the batch is written in one transaction; if that
        fails, the index is read back from the store and the error raised.
        """
        records = list(records)
        for record in records:
            doc_id = record.get("id") if isinstance(record, dict) else None
            if not isinstance(doc_id, str) or not doc_id:
                raise ValueError(f"a record must be a dict with a non-empty string id, got {_short(record)}")
        batch = _Batch()
        try:
            for record in records:
                self._add_one(record, batch)
            if batch.touched or batch.removed:
                self._backend.write(self._finish(batch))
        except BaseException:
            self._load()          # back to what the backend holds: nothing of this batch
            raise
        return [self._members[record["id"]].story_id for record in records]

    def _add_one(self, record: dict[str, Any], batch: _Batch) -> None:
        doc_id = record["id"]
        digest = content_hash(record)
        old = self._members.get(doc_id)
        if old is not None and old.content_hash == digest:
            return
        signature = self.signer.sign(record.get("text") or "")
        size = signature.size if signature else 0
        if signature is not None and signature.size < self.min_shingles:
            signature = None
        if old is not None:
            self._detach(old, batch)
        matches = self._matches(signature) if signature is not None else []
        merged = {self._members[doc_id_].story_id for doc_id_ in matches}
        group = {doc_id}
        for story_id in merged:
            group |= self._stories.pop(story_id)
            batch.touched.discard(story_id)
            if not story_id.startswith(_TEMPORARY):
                batch.removed.add(story_id)
        label = f"{_TEMPORARY}{next(batch.labels)}"
        batch.before.setdefault(doc_id, old.story_id if old is not None else None)
        member = Member(doc_id, label, digest, size, signature)
        self._members[doc_id] = member
        for other in group:
            batch.before.setdefault(other, self._members[other].story_id)
            self._members[other].story_id = label
        self._stories[label] = group
        batch.touched.add(label)
        batch.copies[doc_id] = Copy.from_record(record)
        batch.changed[doc_id] = member
        if signature is not None:
            self._lsh.insert(doc_id, self.signer.minhash(signature))

    def _detach(self, member: Member, batch: _Batch) -> None:
        """Take a changed document out of its story, whose other copies are then grouped anew."""
        if member.signature is not None:
            self._lsh.remove(member.document_id)
        story = self._stories[member.story_id]
        story.discard(member.document_id)
        rest = set(story)
        if not story:
            del self._stories[member.story_id]
            batch.touched.discard(member.story_id)
        if not member.story_id.startswith(_TEMPORARY):
            batch.removed.add(member.story_id)
        if rest:
            batch.touched.add(member.story_id)
            batch.split |= rest
            for doc_id in rest:
                batch.before.setdefault(doc_id, member.story_id)

    def _matches(self, signature: Signature, among: set[str] | None = None) -> list[str]:
        found = []
        for candidate in self._lsh.query(self.signer.minhash(signature)):
            if among is not None and candidate not in among:
                continue
            other = self._members[candidate].signature
            jaccard, containment = similarity(signature, other)
            if jaccard >= self.min_jaccard and containment >= self.min_containment:
                found.append(candidate)
        return sorted(found)

    def _components(self, group: set[str]) -> list[set[str]]:
        """The parts of `group` that still hold together (union-find over verified LSH pairs)."""
        parent = {doc_id: doc_id for doc_id in group}

        def root(doc_id: str) -> str:
            while parent[doc_id] != doc_id:
                parent[doc_id] = parent[parent[doc_id]]
                doc_id = parent[doc_id]
            return doc_id

        for doc_id in sorted(group):
            signature = self._members[doc_id].signature
            if signature is None:
                continue
            for other in self._matches(signature, group):
                a, b = root(doc_id), root(other)
                if a != b:
                    parent[max(a, b)] = min(a, b)
        parts: dict[str, set[str]] = {}
        for doc_id in group:
            parts.setdefault(root(doc_id), set()).add(doc_id)
        return list(parts.values())

    def _finish(self, batch: _Batch) -> Change:
        """Split what lost a link, build every touched story, give it its final id; what to write."""
        groups: list[set[str]] = []
        for label in sorted(batch.touched):
            group = self._stories.pop(label)
            groups.extend(self._components(group) if group & batch.split else [group])
        needed = sorted(set().union(*groups) - batch.copies.keys())
        copies = {**self._backend.copies(needed), **batch.copies}
        missing = [doc_id for doc_id in needed if doc_id not in copies]
        if missing:
            raise StoryIndexError(f"the story tables lack documents {missing[:5]}: rebuild the stories")
        change = Change()
        for group in groups:
            story = build_story(copies[doc_id] for doc_id in group)
            self._stories[story.id] = group
            change.stories.append(story)
            for doc_id in group:
                self._members[doc_id].story_id = story.id
                if doc_id not in batch.changed and batch.before.get(doc_id) != story.id:
                    change.moved[doc_id] = story.id
        built = {story.id for story in change.stories}
        change.removed = batch.removed - built
        change.members = [(member, batch.copies[doc_id]) for doc_id, member in batch.changed.items()]
        return change

    # ------------------------------------------------------------------------------------------ state

    def _load(self) -> None:
        self._lsh = MinHashLSH(threshold=self.threshold, num_perm=self.signer.num_perm)
        self._members: dict[str, Member] = {}
        self._stories: dict[str, set[str]] = {}
        with self._lsh.insertion_session() as session:
            for member, scheme in self._backend.load():
                if member.signature is not None:
                    if scheme != self.signer.scheme:
                        raise StoryIndexError(
                            f"the stored story index was made with {scheme}, not {self.signer.scheme}: "
                            "rebuild it (wirewatch.stories.rebuild_stories)")
                    session.insert(member.document_id, self.signer.minhash(member.signature))
                self._members[member.document_id] = member
                self._stories.setdefault(member.story_id, set()).add(member.document_id)


@dataclass
class _Batch:
    """What one `add_many` has done so far."""

    touched: set[str] = field(default_factory=set)      # story labels whose members changed
    removed: set[str] = field(default_factory=set)      # stored story ids merged away or split
    split: set[str] = field(default_factory=set)        # documents whose story lost a member
    before: dict[str, str | None] = field(default_factory=dict)   # document -> its story id before
    copies: dict[str, Copy] = field(default_factory=dict)
    changed: dict[str, Member] = field(default_factory=dict)
    labels: Iterator[int] = field(default_factory=itertools.count)
