"""Bytes to text, with a reason code when the bytes are not a UTF-8 article."""

from __future__ import annotations

import codecs

from packager.ingest.raw import Rejection, where


def decode_utf8(data: bytes, path: str) -> tuple[str, int] | Rejection:
    """Decode UTF-8, dropping a leading BOM; returns the text and the BOM's byte length."""
    if not data:
        return Rejection("empty-file", f"{path}: the file is empty; remove it or fill it", path)
    if b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        hint = (
            "it looks like UTF-16; re-encode it as UTF-8"
            if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
            else "it is binary, not text; remove it from the input"
        )
        return Rejection(
            "binary-file", f"{where(path, line)}: contains NUL bytes: {hint}", path, line
        )
    bom = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        return data[bom:].decode("utf-8"), bom
    except UnicodeDecodeError as exc:
        position = bom + exc.start
        line = data.count(b"\n", 0, position) + 1
        bad = data[position : position + 4].hex(" ")
        return Rejection(
            "invalid-utf8",
            f"{where(path, line)}: not valid UTF-8 (byte offset {position}: {bad}); "
            "re-encode the file as UTF-8, e.g. iconv -f WINDOWS-1252 -t UTF-8",
            path,
            line,
        )
