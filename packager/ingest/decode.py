"""Bytes to text, with a reason code when the bytes are not a readable article.

The rule for .txt files: UTF-8 (a BOM is dropped). Bytes that are not UTF-8 are
rejected as ``invalid-utf8``, unless the build names a fallback codec
(``--text-fallback-encoding windows-1252``) that decodes them strictly; the
article then records that codec in ``extra.source_encoding`` so the guess is
never silent. No guessing by default: a Cyrillic or Greek code page decoded as
windows-1252 would give fluent-looking nonsense.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from packager.ingest.raw import Rejection, where

UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    bom_bytes: int  # bytes before the text (a UTF-8 BOM)
    encoding: str  # "utf-8" or the fallback codec that decoded it


def decode_text(data: bytes, path: str, fallback: str | None = None) -> Decoded | Rejection:
    """Decode an article's bytes by the rule in the module docstring."""
    if not data:
        return Rejection("empty-file", f"{path}: the file is empty; remove it or fill it", path)
    if b"\x00" in data:
        return binary_rejection(data, path)
    bom = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        return Decoded(data[bom:].decode("utf-8"), bom, "utf-8")
    except UnicodeDecodeError as exc:
        problem = exc
    if fallback is not None:
        try:
            return Decoded(data[bom:].decode(fallback), bom, fallback)
        except UnicodeDecodeError:
            pass
    position = bom + problem.start
    line = data.count(b"\n", 0, position) + 1
    bad = data[position : position + 4].hex(" ")
    fix = (
        f"it does not decode as {fallback} either; re-encode the file as UTF-8"
        if fallback
        else "re-encode the file as UTF-8 (e.g. iconv -f WINDOWS-1252 -t UTF-8), "
        "or pass --text-fallback-encoding windows-1252"
    )
    return Rejection(
        "invalid-utf8",
        f"{where(path, line)}: not valid UTF-8 (byte offset {position}: {bad}); {fix}",
        path,
        line,
    )


def binary_rejection(data: bytes, path: str) -> Rejection:
    """NUL bytes: UTF-16 text (with or without its BOM) or a binary file."""
    line = data.count(b"\n", 0, data.index(b"\x00")) + 1
    if data[:2] in UTF16_BOMS:
        hint = "it looks like UTF-16; re-encode it as UTF-8"
    elif _looks_like_utf16(data[:4096]):
        hint = "it looks like UTF-16 without a byte-order mark; re-encode it as UTF-8"
    else:
        hint = "it is binary, not text; remove it from the input"
    return Rejection("binary-file", f"{where(path, line)}: contains NUL bytes: {hint}", path, line)


def _looks_like_utf16(head: bytes) -> bool:
    """Mostly-Latin UTF-16 has a NUL in every other byte and few NULs elsewhere."""
    if len(head) < 4:
        return False
    even, odd = head[0::2], head[1::2]
    for zeros, other in ((even, odd), (odd, even)):
        if zeros.count(0) >= 0.9 * len(zeros) and other.count(0) <= 0.1 * len(other):
            return True
    return False
