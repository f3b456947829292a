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
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes
from charset_normalizer.md import mess_ratio

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


# HTML pages ---------------------------------------------------------------------------

MESS_THRESHOLD = 0.2  # charset-normalizer's default: above it a decoding is a mess
_MESS_CHUNK = 16_384  # characters per sample: the mess detector is pure Python
_DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_MARKUP = re.compile(r"<(?:!DOCTYPE|!--|[A-Za-z][A-Za-z0-9]*[\s/>])", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class DecodedPage:
    """An HTML page as text, the encoding recorded for it, and how its bytes map back.

    ``codec`` (with ``bom_bytes`` before the text) gives back the page's bytes
    exactly: ``data[bom_bytes:] == text.encode(codec)``. It is ``None`` when no
    codec does (bytes replaced while decoding): then nothing can be located by
    byte in the page, only the page as a whole.
    """

    text: str
    encoding: str
    bom_bytes: int = 0
    codec: str | None = None


def decode_page(data: bytes) -> DecodedPage:
    """Decode an HTML page: a byte-order mark, UTF-16 by its NULs, UTF-8, the declared
    charset if it decodes cleanly to plausible HTML, else charset-normalizer's guess."""
    if data.startswith(codecs.BOM_UTF8):
        decoded = _try(data, 3, "utf-8")
        if decoded is not None:
            return decoded
    for bom, utf16 in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom) and (decoded := _try(data, 2, utf16, check=True)) is not None:
            return decoded
    if b"\x00" in data[:4096] and _looks_like_utf16(data[:4096]):
        zeros_odd = data[1:4096:2].count(0) > data[0:4096:2].count(0)
        decoded = _try(data, 0, "utf-16-le" if zeros_odd else "utf-16-be", check=True)
        if decoded is not None:
            return decoded
    if (decoded := _try(data, 0, "utf-8")) is not None:
        return decoded
    declared = _DECLARED.search(data[:4096])
    if declared:
        try:
            codec = codecs.lookup(declared.group(1).decode("ascii")).name
        except LookupError:
            codec = None
        if codec is not None and (decoded := _try(data, 0, codec, check=True)) is not None:
            return decoded
    return _guess_page(data)


def plausible_page(text: str) -> bool:
    """Text that reads as an HTML page: markup near its start, and not a mess by
    charset-normalizer's mess detector (sampled at its start, middle and end)."""
    if _MARKUP.search(text[:4096]) is None:
        return False
    samples = {0, max(0, len(text) // 2 - _MESS_CHUNK // 2), max(0, len(text) - _MESS_CHUNK)}
    return all(
        mess_ratio(text[start : start + _MESS_CHUNK], MESS_THRESHOLD) < MESS_THRESHOLD
        for start in sorted(samples)
    )


def _try(data: bytes, bom: int, codec: str, *, check: bool = False) -> DecodedPage | None:
    try:
        text = data[bom:].decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None
    if check and not plausible_page(text):
        return None
    name = codecs.lookup(codec).name
    return DecodedPage(text, "utf-16" if name.startswith("utf-16") else name, bom, codec)


def _guess_page(data: bytes) -> DecodedPage:
    results = from_bytes(data)
    best = results.best()
    if best is None:
        strict = _try(data, 0, "cp1252")
        if strict is not None:
            return strict
        return DecodedPage(data.decode("windows-1252", "replace"), "windows-1252")
    tied = [match for match in results if match.chaos == best.chaos]
    western = _try(data, 0, "cp1252")
    if western is not None and any(str(match) == western.text for match in tied):
        return western  # the same text from windows-1252: name it so (WHATWG's default)
    text = str(best)
    try:
        encoded = text.encode(best.encoding)
    except (UnicodeEncodeError, LookupError):
        return DecodedPage(text, best.encoding)
    if codecs.lookup(best.encoding).name in ("utf-16", "utf-32", "utf-8-sig"):
        return DecodedPage(text, best.encoding)  # a codec that writes its own BOM
    bom = len(data) - len(encoded)
    if 0 <= bom <= 4 and data.endswith(encoded):
        return DecodedPage(text, best.encoding, bom, best.encoding)
    return DecodedPage(text, best.encoding)
