"""spaCy for the stages that need tokens, tags, sentences and parses.

The model is an installed Python package (the ``model`` setting, else ``model_fallback``); nothing is
downloaded at run time. The ``parse`` stage puts the spaCy ``Doc`` of ``record.text`` in
``doc.annotations["parse"]``: it is made from exactly that string, so every ``token.idx`` and
``span.start_char`` is an offset into ``record.text``.
"""
from __future__ import annotations

import functools
import logging
from typing import TYPE_CHECKING

from .document import Document
from .errors import Errors, WirewatchError
from .pipeline import stage
from .settings import Settings

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["load_model", "model_label", "make_parse"]

log = logging.getLogger(__name__)


@functools.lru_cache(maxsize=None)
def load_model(name: str, fallback: str | None = None) -> "Language":
    """The spaCy pipeline installed as package ``name``, else ``fallback``; loaded once per process.

    Raises ``WirewatchError`` (E007) when neither can be loaded. Failures are not cached, so installing
    the package and calling again works.
    """
    import spacy  # imported here: importing the stages must stay cheap for commands that never parse

    failures: list[str] = []
    for candidate in dict.fromkeys(n for n in (name, fallback) if n):  # each once, in order
        try:
            nlp = spacy.load(candidate)
        except (OSError, ImportError) as exc:  # not installed (E050), or installed but broken
            failures.append(f"{candidate}: {_first_line(exc)}")
            continue
        if candidate != name:
            log.info("spaCy model %s is not installed; using %s", name, candidate)
        return nlp
    raise WirewatchError(Errors.E007.format(name=name, fallback=fallback or "none set",
                                            detail="; ".join(failures)))


def model_label(nlp: "Language") -> dict[str, str]:
    """Which model this is, from its meta: ``{"name": "en_core_web_sm", "version": "3.8.0"}``."""
    meta = nlp.meta
    lang, name = meta.get("lang", ""), meta.get("name", "")
    return {"name": f"{lang}_{name}" if lang and name else name or lang, "version": meta.get("version", "")}


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


@stage("parse", requires=["record.text"],
       assigns=["annotations.parse", "annotations.title_parse", "annotations.parse_model"],
       help="spaCy over record.text (tokens, POS tags, lemmas, sentences, dependencies, entities): "
            "annotations.parse is the Doc, with offsets into record.text; annotations.title_parse is "
            "the headline's.")
def make_parse(settings: Settings):
    """spaCy over the clean text: tokens, tags, sentences and dependency parses for later stages."""
    nlp = load_model(settings.model, settings.model_fallback)
    # The reader cuts inputs to max_input_bytes, and a decoded text has no more characters than bytes.
    # The model is shared (cached), so the limit only ever grows.
    nlp.max_length = max(nlp.max_length, settings.max_input_bytes)
    label = model_label(nlp)

    limit = settings.max_parse_chars

    def text_of(doc: Document) -> str:
        text = doc.record.text or ""
        if len(text) > limit:
            # a prefix keeps every offset valid; cut where a paragraph or sentence ends if one is near
            cut = max(text.rfind("\n", 0, limit), text.rfind(". ", 0, limit) + 1)
            cut = cut if cut > limit // 2 else limit
            doc.error("parse", Errors.W017.format(size=len(text), limit=cut))
            text = text[:cut]
        return text

    def title_of(doc: Document) -> str:
        # headlines attribute quotes too (`... : spokesman`); a title is a line, its parse is cheap
        return (doc.record.title or "")[:1000]

    def parse(doc: Document) -> Document:
        doc.annotations["parse"] = nlp(text_of(doc))
        title = title_of(doc)
        doc.annotations["title_parse"] = nlp(title) if title.strip() else None
        doc.annotations["parse_model"] = dict(label)
        return doc

    def parse_batch(docs: list[Document]) -> list[Document]:
        """The same as ``parse`` for each document, through ``nlp.pipe`` (one batch through the model's
        layers at once: the cost of the whole pipeline is mostly here)."""
        texts = [text_of(doc) for doc in docs]
        titles = [title_of(doc) for doc in docs]
        parsed = list(nlp.pipe(texts, batch_size=len(texts)))
        wanted = [i for i, title in enumerate(titles) if title.strip()]
        headlines = dict(zip(wanted, nlp.pipe([titles[i] for i in wanted], batch_size=max(1, len(wanted)))))
        for i, doc in enumerate(docs):
            doc.annotations["parse"] = parsed[i]
            doc.annotations["title_parse"] = headlines.get(i)
            doc.annotations["parse_model"] = dict(label)
        return docs

    parse.pipe = parse_batch  # type: ignore[attr-defined]  (Pipeline.run_batch uses it)
    return parse
