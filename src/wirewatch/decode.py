"""Bytes to text: sniff what the bytes are, detect the encoding, repair mojibake."""
from __future__ import annotations

import gzip
import re
import zlib

import charset_normalizer
import ftfy

from .errors import Errors

__all__ = ["sniff_binary", "gunzip", "decode_bytes", "repair_text", "looks_like_html"]

# Magic numbers of formats people drop into a news folder by mistake (from each format's specification).
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"%PDF", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (or Office document)"),
    (b"RIFF", "RIFF media file"),
    (b"\x7fELF", "ELF executable"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"SQLite format 3\x00", "SQLite database"),
)
_TEXT_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*(<!doctype\s+html|<html|<head|<body|<meta|<title|<div|<p[\s>])",
                         re.IGNORECASE | re.DOTALL)


def sniff_binary(data: bytes) -> str | None:
    """The kind of binary file ``data`` is, or None when it may be text."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    if data.startswith(_TEXT_BOMS):
        return None
    head = data[:8192]
    if b"\x00" in head:
        return "binary data (NUL bytes)"
    controls = sum(1 for byte in head if byte < 9 or 13 < byte < 32)
    if head and controls / len(head) > 0.1:
        return "binary data (control bytes)"
    return None


def gunzip(data: bytes) -> tuple[bytes, str | None]:
    """Decompress gzip data; on a truncated or corrupt stream, return what came out before the damage."""
    try:
        return gzip.decompress(data), None
    except (OSError, EOFError, zlib.error) as exc:
        inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
        out = bytearray()
        for offset in range(0, len(data), 65536):
            try:
                out += inflater.decompress(data[offset:offset + 65536])
            except zlib.error:
                break
        detail = str(exc) or type(exc).__name__
        return bytes(out), Errors.W005.format(detail=detail, size=len(out))


def decode_bytes(data: bytes, *, declared: str | None = None) -> tuple[str, str | None]:
    """Text of ``data`` and an error message when it was not clean UTF-8 (or the declared charset)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        bad_offset = exc.start
    if declared:
        try:
            return data.decode(declared), None
        except (LookupError, UnicodeDecodeError):
            pass
    best = charset_normalizer.from_bytes(data).best()
    if best is not None and best.encoding not in {"utf_8", "utf-8"}:
        return str(best), Errors.W003.format(offset=bad_offset, encoding=best.encoding)
    text = data.decode("utf-8", errors="replace")
    return text, Errors.W003.format(offset=bad_offset, encoding="UTF-8 with bad bytes replaced (U+FFFD)")


def repair_text(text: str) -> str:
    """Repair mojibake and odd control characters; quotes keep their curls (quote detection needs them)."""
    return ftfy.fix_text(text, uncurl_quotes=False, fix_character_width=False, fix_latin_ligatures=False,
                         normalization="NFC")


def looks_like_html(data: bytes | str) -> bool:
    head = data[:4096] if isinstance(data, bytes) else data[:4096].encode("utf-8", "replace")
    if _HTML_START.match(head):
        return True
    lowered = head.lower()
    return lowered.count(b"<p") + lowered.count(b"<div") + lowered.count(b"<br") >= 3
