"""MinHash signatures of a record's `text` over word shingles, and what two signatures say of the texts.

The text is normalised (Unicode NFKC, case-folded, punctuation dropped: only runs of word characters are
kept), cut into overlapping shingles of `shingle_size` words, and the set of shingles is summarised by a
datasketch MinHash of `num_perm` 32-bit values. Two signatures estimate the Jaccard similarity of their
shingle sets (the share of equal values); with the two set sizes, which are kept exactly, that gives the
containment of the smaller set in the larger one: what decides a truncated copy, whose shingles are a
subset of the whole story's.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import numpy as np
from datasketch import LeanMinHash, MinHash

__all__ = ["Signer", "Signature", "words", "shingles", "similarity"]

_WORD = re.compile(r"\w+")
# datasketch's default permutation scheme since 2.0: 32-bit values, stored as 4 little-endian bytes each.
SCHEME = "affine32"
_DTYPE = np.dtype("<u4")


def words(text: str) -> list[str]:
    """The text's words, normalised: NFKC, case-folded, punctuation and spacing dropped."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def shingles(text: str, size: int) -> set[str]:
    """The distinct runs of `size` consecutive words (a shorter text is one shingle, an empty one none)."""
    tokens = words(text)
    if len(tokens) <= size:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


@dataclass(frozen=True)
class Signature:
    """A text's MinHash values and the exact number of distinct shingles they summarise."""

    values: np.ndarray
    size: int

    def to_bytes(self) -> bytes:
        return self.values.astype(_DTYPE).tobytes()

    @classmethod
    def from_bytes(cls, data: bytes, size: int) -> Signature:
        return cls(np.frombuffer(data, dtype=_DTYPE).astype(np.uint32), size)


@dataclass(frozen=True)
class Signer:
    """Makes signatures with one set of parameters; only signatures of the same `scheme` compare."""

    shingle_size: int = 5
    num_perm: int = 128
    seed: int = 1

    @property
    def scheme(self) -> str:
        """The parameters as text, kept beside each stored signature."""
        return f"minhash-{SCHEME}-w{self.shingle_size}-p{self.num_perm}-s{self.seed}"

    def sign(self, text: str) -> Signature | None:
        """The text's signature; None when it has no words at all."""
        grams = shingles(text or "", self.shingle_size)
        if not grams:
            return None
        minhash = MinHash(num_perm=self.num_perm, seed=self.seed, scheme=SCHEME)
        minhash.update_batch([gram.encode("utf-8") for gram in sorted(grams)])
        return Signature(minhash.hashvalues.astype(np.uint32), len(grams))

    def minhash(self, signature: Signature) -> LeanMinHash:
        """The datasketch object for `signature`, as its LSH index takes it."""
        return LeanMinHash(seed=self.seed, hashvalues=signature.values, scheme=SCHEME)


def similarity(a: Signature, b: Signature) -> tuple[float, float]:
    """(estimated Jaccard, estimated containment of the smaller shingle set in the larger), each 0..1.

    |A ∩ B| = J (|A| + |B|) / (1 + J), so the containment is that over min(|A|, |B|).
    """
    jaccard = float(np.count_nonzero(a.values == b.values)) / len(a.values)
    shared = jaccard * (a.size + b.size) / (1.0 + jaccard)
    return jaccard, min(1.0, shared / min(a.size, b.size))
