"""The catalogue of bad and hostile input: each class has a test, a reason code and a message.

Every case is one build of a folder holding a good article and the bad input.
The bad input ends in ``rejects.jsonl`` with its reason code and a one-line
message naming the file (and line), or, where the rule is to keep the text and
say so, in the release with the flag or recorded fallback named here. Either
way the good article goes through and ``inputs = accepted + rejected`` holds.
The "Bad input" section of docs/guarantees.md states the rules these cases pin.
"""

from __future__ import annotations

import ctypes
import gzip
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from packager.build import build_release
from packager.cli import app
from packager.labeling.importing import import_annotations
from packager.settings import BuildSettings

from .tool_exports import SHAPES, span_row, write_export

GOOD = "A real paragraph about the harbour ferry.\nAnother paragraph.\n"
MB = 1024 * 1024
PAGE = (
    "<html><head><title>Ferry vote</title></head><body><article>"
    "<p>The Gullhaven harbour council voted on Tuesday to keep the winter ferry running "
    "until the new pier opens, after a long evening of questions from residents.</p>"
    "<p>Councillor Ana Ruiz said the timetable would be published next week and that "
    "fares would not rise before the spring, whatever the fuel bills bring.</p>"
    "</article></body></html>"
)


def jsonl(*records: Any) -> str:
    return "".join(json.dumps(record) + "\n" for record in records)


def record(**fields: Any) -> str:
    return jsonl({"text": "A made-up paragraph about the tram depot in Oxlow.", **fields})


def gz(data: str | bytes) -> bytes:
    return gzip.compress(data.encode() if isinstance(data, str) else data, mtime=0)


def deep_page(depth: int) -> str:
    paragraph = "<p>Buried text about the harbour ferry that nobody will ever read here.</p>"
    return "<html><body>" + "<div>" * depth + paragraph + "</div>" * depth + "</body></html>"


@dataclass(frozen=True)
class Case:
    """One class of bad input and what must become of it.

    ``reason``: the reject reason code, or None when the rule keeps the text;
    ``message``: the start of the one-line message (or of the flag's detail);
    ``flag``/``extra``: what an accepted text must carry instead.
    """

    files: dict[str, str | bytes] = field(default_factory=dict)
    reason: str | None = None
    message: str = ""
    flag: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    fields: dict[str, Any] = field(default_factory=dict)  # of the accepted article
    setup: Callable[[Path, Path], None] | None = None  # (input root, outside folder)
    settings: dict[str, Any] = field(default_factory=dict)
    rejected: int = 1


def _symlink_loop(root: Path, outside: Path) -> None:
    (root / "loop-a.txt").symlink_to(root / "loop-b.txt")
    (root / "loop-b.txt").symlink_to(root / "loop-a.txt")


def _link_out(root: Path, outside: Path) -> None:
    (outside / "secret.txt").write_text("A private note that is not part of the corpus.\n")
    (root / "escape.txt").symlink_to(outside / "secret.txt")


def _dangling(root: Path, outside: Path) -> None:
    (root / "gone.txt").symlink_to(root / "nowhere.txt")


def _fifo(root: Path, outside: Path) -> None:
    os.mkfifo(root / "pipe.txt")  # reading it would block the build forever


def _unreadable(root: Path, outside: Path) -> None:
    (root / "locked.txt").write_text(GOOD)
    (root / "locked.txt").chmod(0)


def _unlistable_folder(root: Path, outside: Path) -> None:
    (root / "locked").mkdir()
    (root / "locked" / "story.txt").write_text(GOOD)
    (root / "locked").chmod(0)


LONG_NAME = "d" * 200


def _past_path_max(root: Path, outside: Path) -> None:
    """Folders nested past PATH_MAX (4,096 bytes), made one level at a time by descriptor."""
    folder = os.open(root, os.O_RDONLY)
    try:
        for _ in range(os.pathconf(root, "PC_PATH_MAX") // len(LONG_NAME) + 1):
            os.mkdir(LONG_NAME, dir_fd=folder)
            inner = os.open(LONG_NAME, os.O_RDONLY, dir_fd=folder)
            os.close(folder)
            folder = inner
        story = os.open("deep.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=folder)
        os.write(story, GOOD.encode())
        os.close(story)
    finally:
        os.close(folder)


def _bytes_name(root: Path, outside: Path) -> None:
    with open(os.path.join(os.fsencode(root), b"caf\xe9.txt"), "wb") as stream:
        stream.write(GOOD.encode())


def _sidecar_out(root: Path, outside: Path) -> None:
    (root / "story.txt").write_text("The tram depot reopened on Monday morning.\n")
    (outside / "story.meta.json").write_text('{"title": "Depot"}')
    (root / "story.meta.json").symlink_to(outside / "story.meta.json")


CASES: dict[str, Case] = {
    # --- bytes and encodings of .txt files ---
    "empty file": Case({"bad.txt": b""}, "empty-file", "bad.txt: the file is empty"),
    "whitespace-only file": Case(
        {"bad.txt": " \n\t\r\n\u00a0\n"}, "empty-article", "bad.txt: the article has no text"
    ),
    "latin-1 text": Case(
        {"bad.txt": "Line one\nCaf\u00e9 au lait\n".encode("latin-1")},
        "invalid-utf8",
        "bad.txt:2: not valid UTF-8 (byte offset 12: e9 20 61 75); re-encode the file as UTF-8",
    ),
    "invalid utf-8 at the first byte": Case(
        {"bad.txt": b"\xc3(harbour news\n"},
        "invalid-utf8",
        "bad.txt:1: not valid UTF-8 (byte offset 0: c3 28 68 61)",
    ),
    "utf-8 cut in the middle of a character": Case(
        {"bad.txt": "Fares in \u20ac".encode()[:-1]},
        "invalid-utf8",
        "bad.txt:1: not valid UTF-8 (byte offset 9: e2 82)",
    ),
    "utf-8-encoded surrogate": Case(
        {"bad.txt": b"Before \xed\xa0\x80 after\n"},
        "invalid-utf8",
        "bad.txt:1: not valid UTF-8 (byte offset 7: ed a0 80 20)",
    ),
    "windows-1252 without a fallback": Case(
        {"bad.txt": "The \u201cnew\u201d ferry \u2013 at last.\n".encode("cp1252")},
        "invalid-utf8",
        "bad.txt:1: not valid UTF-8 (byte offset 4: 93 6e 65 77); re-encode the file as UTF-8 "
        "(e.g. iconv -f WINDOWS-1252 -t UTF-8), or pass --text-fallback-encoding windows-1252",
    ),
    "windows-1252 with the fallback": Case(
        {"ok.txt": "The \u201cnew\u201d ferry \u2013 at last.\n".encode("cp1252")},
        extra={"source_encoding": "cp1252"},
        settings={"text_fallback_encoding": "windows-1252"},
        rejected=0,
    ),
    "bytes no fallback can decode": Case(
        {"bad.txt": b"Undefined in cp1252: \x81\x8d\n"},
        "invalid-utf8",
        "bad.txt:1: not valid UTF-8 (byte offset 21: 81 8d 0a); it does not decode as cp1252 "
        "either; re-encode the file as UTF-8",
        settings={"text_fallback_encoding": "windows-1252"},
    ),
    "utf-16 with a bom": Case(
        {"bad.txt": "Hello".encode("utf-16")},
        "binary-file",
        "bad.txt:1: contains NUL bytes: it looks like UTF-16; re-encode it as UTF-8",
    ),
    "utf-16 without a bom": Case(
        {"bad.txt": "Harbour news in UTF-16".encode("utf-16-le")},
        "binary-file",
        "bad.txt:1: contains NUL bytes: it looks like UTF-16 without a byte-order mark",
    ),
    "binary file with a text extension": Case(
        {"bad.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"},
        "binary-file",
        "bad.txt:3: contains NUL bytes: it is binary, not text; remove it from the input",
    ),
    "mojibake": Case(
        {"ok.txt": "The caf\u00c3\u00a9 on the quay reopened after the storm.\n"},
        flag="mojibake",
        message="reads as: The caf\u00e9 on the quay",
        rejected=0,
    ),
    "control characters": Case(
        {"ok.txt": "The vote passed \x1b[1mtoday\x1b[0m after a long night.\n"},
        flag="control-characters",
        message="U+001B",
        rejected=0,
    ),
    "a single 50 MB line": Case(
        {"bad.txt": b"x" * (50 * MB)},
        "too-large",
        "bad.txt: the file holds 52,428,800 bytes, more than one article may (33,554,432)",
    ),
    "a very long paragraph": Case(
        {"ok.txt": "word " * 6000 + "\nA short closing line.\n"},
        flag="very-long",
        rejected=0,
    ),
    # --- JSON Lines ---
    "broken json line": Case(
        {"bad.jsonl": record(id="broken-1") + '{"text": "unterminated\n' + record(id="broken-3")},
        "invalid-json",
        "bad.jsonl:2: not valid JSON",
    ),
    "json line that is not an object": Case(
        {"bad.jsonl": '"just a string"\n'},
        "not-an-object",
        "bad.jsonl:1: a line must hold one JSON object, found str",
    ),
    "json array instead of json lines": Case(
        {"bad.jsonl": json.dumps([{"text": "one"}, {"text": "two"}], indent=2)},
        "json-array",
        "bad.jsonl:1: the file is a JSON array, not JSON Lines (one object per line); "
        "convert it, e.g. jq -c '.[]' bad.jsonl > fixed.jsonl",
    ),
    "trailing partial line": Case(
        {"bad.jsonl": record(id="partial-1") + '{"id": "partial-2", "text": "the writer was kil'},
        "truncated-line",
        "bad.jsonl:2: the last line is cut short (not valid JSON, no line break at the end)",
    ),
    "lone surrogate": Case(
        {"bad.jsonl": '{"text": "\\ud800 alone"}\n'},
        "invalid-json",
        "bad.jsonl:1: not valid JSON: a \\uD800-\\uDFFF escape without its pair",
    ),
    "json nested a thousand levels deep": Case(
        {"bad.jsonl": '{"text": "Ferry news.", "tags": ' + "[" * 1000 + "]" * 1000 + "}\n"},
        "too-deeply-nested",
        "bad.jsonl:1: JSON nested more than 64 levels deep; flatten the record",
    ),
    "invalid utf-8 inside a json line": Case(
        {"bad.jsonl": b'{"text": "Caf\xe9"}\n'},
        "invalid-utf8",
        "bad.jsonl:1: not valid UTF-8 (byte 13 of the line: e9 22 7d)",
    ),
    "utf-16 json lines": Case(
        {"bad.jsonl": record().encode("utf-16")},
        "binary-file",
        "bad.jsonl:1: contains NUL bytes: it looks like UTF-16",
    ),
    "nul escape in a json string": Case(
        {"ok.jsonl": record(text="The depot\u0000 reopened on Monday after the repairs.")},
        flag="control-characters",
        message="U+0000",
        rejected=0,
    ),
    "empty jsonl": Case({"bad.jsonl": b"\n\n"}, "empty-file", "bad.jsonl: no JSON records"),
    "missing text": Case(
        {"bad.jsonl": '{"id": "x1", "title": "T"}\n'},
        "missing-text",
        'bad.jsonl:1: the record has no "text" field',
    ),
    "text not a string": Case(
        {"bad.jsonl": '{"text": ["a"]}\n'},
        "invalid-field",
        'bad.jsonl:1: "text" must be a string, found list',
    ),
    "title of the wrong type": Case(
        {"bad.jsonl": record(title=5)},
        "schema-invalid",
        "bad.jsonl:1: article: 5 is not of type 'string' at /title",
    ),
    "authors as an object": Case(
        {"bad.jsonl": record(authors={"name": "Ana"})},
        "schema-invalid",
        'bad.jsonl:1: article: {"name": "Ana"} is not of type \'array\' at /authors',
    ),
    "date that is not a date": Case(
        {"bad.jsonl": record(published_at="last Tuesday")},
        "schema-invalid",
        'bad.jsonl:1: article: "last Tuesday" is not valid here, expected: ISO 8601 date or '
        "datetime at /published_at",
    ),
    "empty id": Case(
        {"bad.jsonl": record(id="")},
        "schema-invalid",
        'bad.jsonl:1: article: "" should be non-empty at /external_id',
    ),
    "id 10,000 characters long": Case(
        {"bad.jsonl": record(id="k" * 10_000)},
        "schema-invalid",
        'bad.jsonl:1: article: "kkkkk',
    ),
    "id of the wrong type": Case(
        {"bad.jsonl": record(id=True)},
        "schema-invalid",
        "bad.jsonl:1: article: true is not of type 'string' at /external_id",
    ),
    "a 50 MB json line": Case(
        {
            "bad.jsonl": record(id="big-1")
            + record(id="big-2", text="y" * (50 * MB))
            + record(id="big-3")
        },
        "too-large",
        "bad.jsonl:2: the line holds 52,428,",
    ),
    "duplicate ids across files": Case(
        {
            "a.jsonl": '{"id": "same", "text": "one"}\n',
            "b.jsonl": '{"id": "same", "text": "two"}\n',
        },
        "duplicate-id",
        "b.jsonl:1: article ID 872ee32528de6c9110af is already used by a.jsonl:1",
    ),
    "json lines that start with a byte-order mark": Case(
        {"ok.jsonl": b"\xef\xbb\xbf" + record(id="bom-1").encode()}, rejected=0
    ),
    "a first line that is a list, not a json array": Case(
        {"bad.jsonl": '["harbour", "ferry"]\n' + record(id="after-the-list")},
        "not-an-object",
        "bad.jsonl:1: a line must hold one JSON object, found list; fix or remove the line",
    ),
    "a json array on one line": Case(
        {"bad.jsonl": json.dumps([{"text": "one"}, {"text": "two"}]) + "\n"},
        "json-array",
        "bad.jsonl:1: the file is a JSON array, not JSON Lines",
    ),
    "json lines ending in a carriage return only": Case(
        {
            "bad.jsonl": record(id="cr-1").replace("\n", "\r")
            + record(id="cr-2").replace("\n", "\r")
        },
        "invalid-json",
        "bad.jsonl:1: the lines end in a carriage return only (old Mac style), so the file reads "
        "as one line; convert the line ends, e.g. tr '\\r' '\\n' < old > new",
    ),
    "integers past 64 bits": Case(
        {
            "ok.jsonl": record(
                text="Ticket counts at the Oxlow depot passed all records this year.",
                reads=123456789012345678901234567890,
                floor=-(2**63) - 1,
            )
        },
        extra={"reads": 123456789012345678901234567890, "floor": -(2**63) - 1},
        rejected=0,
    ),
    "a date that is not on the calendar": Case(
        {"bad.jsonl": record(published_at="2024-13-45")},
        "schema-invalid",
        'bad.jsonl:1: article: "2024-13-45" is not valid here, expected: ISO 8601 date or '
        "datetime at /published_at",
    ),
    "an id of spaces": Case(
        {"bad.jsonl": record(id="   ")},
        "schema-invalid",
        'bad.jsonl:1: article: "   " is not valid here, expected: The input record\'s own `id`',
    ),
    "text of invisible characters": Case(
        {"bad.jsonl": record(text="\u200b\ufeff\u00ad\u2060")},
        "empty-article",
        "bad.jsonl:1: the article has no visible text (only invisible characters); remove it",
    ),
    "duplicate ids in one file": Case(
        {"bad.jsonl": record(id="twice") + record(id="twice", text="Another made-up story.")},
        "duplicate-id",
        "bad.jsonl:2: article ID",
    ),
    "a url that does not parse": Case(
        {"ok.jsonl": record(url="https://gullhaven.example:99999/ferry")}, rejected=0
    ),
    "the same text twice without id or url": Case(
        {"bad.jsonl": record() + record()},
        "duplicate-id",
        "bad.jsonl:2: article ID 9db8b9c62be824c1bc7d is already used by bad.jsonl:1 (the same "
        "text, and no id or URL); give each article its own id, or remove the copy",
    ),
    # --- metadata sidecars ---
    "broken sidecar": Case(
        {"bad.txt": GOOD, "bad.meta.json": "{title: no quotes}"},
        "invalid-metadata",
        "bad.meta.json: not valid JSON",
    ),
    "sidecar nested a thousand levels deep": Case(
        {"bad.txt": GOOD, "bad.meta.json": '{"notes": ' + "[" * 1000 + "]" * 1000 + "}"},
        "too-deeply-nested",
        "bad.meta.json: JSON nested more than 64 levels deep; flatten the metadata",
    ),
    "sidecar not an object": Case(
        {"bad.txt": GOOD, "bad.meta.json": "[1, 2]"},
        "invalid-metadata",
        "bad.meta.json: must be a JSON object of metadata, found list",
    ),
    "sidecar with a byte-order mark": Case(
        {"ok.txt": GOOD.upper(), "ok.meta.json": "\ufeff" + json.dumps({"desk": "harbour"})},
        extra={"desk": "harbour"},
        rejected=0,
    ),
    "utf-16 sidecar": Case(
        {"bad.txt": GOOD, "bad.meta.json": json.dumps({"title": "Ferry"}).encode("utf-16")},
        "binary-file",
        "bad.meta.json:1: contains NUL bytes: it looks like UTF-16; re-encode it as UTF-8",
    ),
    "sidecar over the size limit": Case(
        {"bad.txt": GOOD, "bad.meta.json": json.dumps({"notes": "n" * 2 * MB})},
        "too-large",
        "bad.meta.json: the file holds 2,097,165 bytes, more than one article may (1,048,576)",
        settings={"max_article_bytes": 1 * MB},
    ),
    "sidecar linked from outside the input": Case(
        setup=_sidecar_out,
        reason="link-outside-input",
        message="story.meta.json: a symbolic link to ",
    ),
    # --- HTML ---
    "html with a lying charset": Case(
        {
            "ok.html": PAGE.replace("<head>", '<head><meta charset="utf-8">')
            .replace("Tuesday", "Tuesday \u2013 at the caf\u00e9 \u2013")
            .encode("cp1252")
        },
        extra={"html_encoding": "cp1252"},
        rejected=0,
    ),
    "html that nests 100,000 deep": Case(
        {"bad.html": deep_page(100_000)},
        "too-deeply-nested",
        "bad.html: the page nests its elements 100,003 levels deep",
    ),
    "html without an article": Case(
        {"bad.html": "<html><body><nav><a href='/'>Home</a></nav></body></html>"},
        "no-content",
        "bad.html: no article text found in the page: it holds 4 characters of text",
    ),
    "html shell that loads its article by script": Case(
        {
            "bad.html": "<html><body><div id='app'></div><script>"
            + "render('The ferry vote story, loaded later.');" * 50
            + "</script></body></html>"
        },
        "no-content",
        "bad.html: no article text found in the page: it holds 0 characters of text outside "
        "markup, scripts and styles; if it is an article, save the page with its text",
    ),
    "html of links only, no prose": Case(
        {
            "bad.html": "<html><body><ul>"
            + "".join(f"<li><a href='/{i}'>Ferry story {i}</a></li>" for i in range(60))
            + "</ul></body></html>"
        },
        "no-content",
        "bad.html: no article text found in the page: none of its ",
    ),
    "html article followed by a 150-row table": Case(
        {
            "ok.html": PAGE.replace(
                "</article>",
                "</article><table>"
                + "".join(
                    f"<tr><td>{i}</td><td>Polling station {i} in the north ward</td></tr>"
                    for i in range(150)
                )
                + "</table>",
            )
        },
        extra={"html_encoding": "utf-8"},
        rejected=0,
    ),
    "html falsely declaring utf-16 (even length)": Case(
        {
            "ok.html": PAGE.replace("<head>", '<head><meta charset="utf-16">')
            .replace("Tuesday", "Tuesday \u2013 at the caf\u00e9 \u2013")
            .encode("cp1252")
        },
        extra={"html_encoding": "cp1252"},
        rejected=0,
    ),
    "html falsely declaring utf-16 (odd length)": Case(
        {
            "ok.html": PAGE.replace("<head>", '<head><meta charset="utf-16">')
            .replace("Tuesday", "Tuesday \u2013 at the caf\u00e9 \u2013")
            .encode("cp1252")
            + b"\n"
        },
        extra={"html_encoding": "cp1252"},
        rejected=0,
    ),
    "html tag with thousands of attributes": Case(
        {
            "bad.html": PAGE.replace(
                "<article>", "<article " + " ".join(f'a{n}="v"' for n in range(5000)) + ">"
            )
        },
        "oversized-tag",
        "bad.html: one tag holds 5,000 attributes (more than 1,000), which the HTML parser "
        "(libxml2) would take minutes or hours over; fix the page or remove it",
    ),
    "html attribute past ten million characters": Case(
        {
            "bad.html": PAGE.replace(
                "<article>", '<article><img src="data:,' + "A" * 10_000_000 + '">'
            )
        },
        "oversized-tag",
        "bad.html: one tag is 10,000,017 characters long; the HTML parser (libxml2) drops "
        "attribute values past 10,000,000, so its text would be lost",
    ),
    "html with an external entity": Case(
        {
            "ok.html": '<?xml version="1.0"?><!DOCTYPE html [<!ENTITY leak SYSTEM '
            '"file:///etc/passwd">]>' + PAGE.replace("Tuesday", "Tuesday &leak;")
        },
        rejected=0,
    ),
    # --- compressed input ---
    "truncated gzip": Case(
        {"bad.jsonl.gz": gz(record(id="a") + record(id="b"))[:-12]},
        "unreadable",
        "bad.jsonl.gz:",
        rejected=1,
    ),
    "not gzip at all": Case(
        {"bad.jsonl.gz": b"plain text pretending\n"},
        "unreadable",
        "bad.jsonl.gz: not gzip data (Not a gzipped file (b'pl')); rename it without .gz, or "
        "compress it",
    ),
    "gzip bomb of json lines": Case(
        {"bad.jsonl.gz": gz(b" " * 8 * MB + b"\n")},
        "decompression-bomb",
        "bad.jsonl.gz:1: expands past",
        settings={"max_article_bytes": 1 * MB},
    ),
    "gzip bomb of html": Case(
        {"bad.html.gz": gz(PAGE.encode() + b" " * 40 * MB)},
        "decompression-bomb",
        "bad.html.gz: expands past 33,554,432 bytes",
    ),
    # --- the file system ---
    "symlink loop": Case(
        setup=_symlink_loop,
        reason="symlink-loop",
        message="loop-a.txt: a symbolic link that leads back to itself",
        rejected=2,
    ),
    "symlink out of the input tree": Case(
        setup=_link_out,
        reason="link-outside-input",
        message="escape.txt: a symbolic link to ",
    ),
    "dangling symlink": Case(
        setup=_dangling,
        reason="unreadable",
        message="gone.txt: a symbolic link to ",
    ),
    "a pipe with a text extension": Case(
        setup=_fifo,
        reason="not-a-file",
        message="pipe.txt: not a regular file (a pipe, socket or device)",
    ),
    "file name with a line break": Case(
        {"two\nlines.txt": GOOD},
        "invalid-file-name",
        "two\\nlines.txt: the file name is not UTF-8 or holds a control character",
    ),
    "file name that is not utf-8": Case(
        setup=_bytes_name,
        reason="invalid-file-name",
        message="caf\\xe9.txt: the file name is not UTF-8",
    ),
    "unreadable file": Case(
        setup=_unreadable,
        reason="unreadable",
        message="locked.txt: cannot read: Permission denied",
    ),
    "a folder that cannot be listed": Case(
        setup=_unlistable_folder,
        reason="unreadable",
        message="locked/: cannot list the folder: Permission denied; its files were not read "
        "(check its permissions, or shorten the path)",
    ),
    "a path longer than PATH_MAX": Case(
        setup=_past_path_max,
        reason="unreadable",
        message=f"{LONG_NAME}/{LONG_NAME}/",
    ),
    # --- paragraphs: each costs memory while it is built, so an article has a limit ---
    "an article of more paragraphs than the limit": Case(
        {"bad.txt": "".join(f"Ferry note {n}.\n" for n in range(101))},
        "too-many-paragraphs",
        "bad.txt: the article splits into 101 paragraphs, more than one article may (100); "
        "split it, or raise --max-paragraphs-per-article",
        settings={"max_paragraphs_per_article": 100},
    ),
    "a json record of more paragraphs than the limit": Case(
        {"bad.jsonl": record(id="many", text="\n\n".join(f"Note {n}." for n in range(101)))},
        "too-many-paragraphs",
        "bad.jsonl:1: the article splits into 101 paragraphs, more than one article may (100)",
        settings={"max_paragraphs_per_article": 100},
    ),
    "more lines than the limit, in fewer wrapped paragraphs": Case(
        {"ok.txt": "\n\n".join(f"Ferry note {n},\nwrapped here." for n in range(60))},
        settings={"max_paragraphs_per_article": 100},
        rejected=0,
    ),
    # --- metadata that is valid in another spelling: normalised, not rejected ---
    "a url with its scheme and host in capitals": Case(
        {"ok.jsonl": record(url="HTTPS://News.Example.COM/Ferry?Q=1")},
        fields={"url": "https://news.example.com/Ferry?Q=1"},
        rejected=0,
    ),
    "a language tag in capitals": Case(
        {"ok.jsonl": record(id="capital-en", language="EN")}, fields={"language": "en"}, rejected=0
    ),
    "a language tag with its region in lower case": Case(
        {"ok.txt": GOOD, "ok.meta.json": '{"language": "EN-us"}'},
        fields={"language": "en-US"},
        rejected=0,
    ),
    "a numeric id with a fraction": Case(
        {"ok.jsonl": '{"id": 2.0, "text": "The ferry timetable changes in May."}\n'},
        fields={"external_id": "2.0"},
        rejected=0,
    ),
    "a numeric id with an exponent": Case(
        {"ok.txt": GOOD, "ok.meta.json": '{"id": 3e2}'},
        fields={"external_id": "3e2"},
        rejected=0,
    ),
    # --- metadata that a pattern lets through but is not so ---
    "a day past the end of its month": Case(
        {"bad.jsonl": record(published_at="2024-02-30")},
        "schema-invalid",
        'bad.jsonl:1: article: "2024-02-30" is not a calendar date (day is out of range for '
        "month) at /published_at",
    ),
    "the year 0000": Case(
        {"bad.jsonl": record(published_at="0000-01-01T10:00:00Z")},
        "schema-invalid",
        'bad.jsonl:1: article: "0000-01-01T10:00:00Z" is not a calendar date (year 0000 is not '
        "a year) at /published_at",
    ),
    "a title that is false": Case(
        {"bad.jsonl": record(title=False)},
        "schema-invalid",
        "bad.jsonl:1: article: false is not of type 'string' at /title",
    ),
    "a json line past the first that starts with a byte-order mark": Case(
        {"bad.jsonl": record(id="bom-first") + "\ufeff" + record(id="bom-second")},
        "invalid-json",
        "bad.jsonl:2: the line starts with a byte-order mark (U+FEFF, bytes ef bb bf), as when "
        "files with one are concatenated; remove it, e.g. sed 's/^\\xEF\\xBB\\xBF//'",
    ),
}


_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH = 1, 2


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [(name, ctypes.c_uint32) for name in ("effective", "permitted", "inheritable")]


@contextmanager
def _permissions_that_bind_root() -> Iterator[None]:
    """Root reads any file (CAP_DAC_OVERRIDE): for the block, this thread drops that and
    CAP_DAC_READ_SEARCH from its *effective* capabilities (they stay permitted, so they
    come back), and the operating system refuses a mode-000 file as it would anyone."""
    libc = ctypes.CDLL(None, use_errno=True)
    header, data = _CapHeader(0x20080522, 0), (_CapData * 2)()  # _LINUX_CAPABILITY_VERSION_3
    if libc.capget(ctypes.byref(header), data) != 0:
        raise OSError(ctypes.get_errno(), "capget")
    saved = data[0].effective
    data[0].effective &= ~((1 << _CAP_DAC_OVERRIDE) | (1 << _CAP_DAC_READ_SEARCH))
    if libc.capset(ctypes.byref(header), data) != 0:
        raise OSError(ctypes.get_errno(), "capset")
    try:
        yield
    finally:
        data[0].effective = saved
        libc.capset(ctypes.byref(header), data)


def _as_anyone(name: str):
    """The context a case's build runs in: as root, the unreadable file needs root bound."""
    if name in _BOUND_BY_PERMISSIONS and os.geteuid() == 0:
        return _permissions_that_bind_root()
    return nullcontext()


_BOUND_BY_PERMISSIONS = ("unreadable file", "a folder that cannot be listed")


def _needs_skip(name: str) -> str | None:
    if name in _BOUND_BY_PERMISSIONS and os.geteuid() == 0 and not sys.platform.startswith("linux"):
        return "root reads files whatever their permissions"
    return None


def _write_case(case: Case, tmp_path: Path) -> Path:
    root = tmp_path / "in"
    outside = tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    (root / "good.txt").write_text(GOOD)
    for relpath, content in case.files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode() if isinstance(content, str) else content)
    if case.setup is not None:
        case.setup(root, outside)
    return root


def _build(root: Path, tmp_path: Path, case: Case):
    settings = BuildSettings(name="bad-input", version="1.0.0", limits=case.settings)
    return build_release([root], settings, tmp_path / "dist")


def _read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_bytes().split(b"\n") if line]


@pytest.mark.parametrize("name", CASES)
def test_each_bad_input_ends_with_its_reason_and_the_run_goes_on(name, tmp_path):
    if reason := _needs_skip(name):
        pytest.skip(reason)
    case = CASES[name]
    root = _write_case(case, tmp_path)
    with _as_anyone(name):
        result = _build(root, tmp_path, case)
    counts = result.counts
    assert counts["inputs"] == counts["accepted"] + counts["rejected"]
    assert counts["rejected"] == case.rejected, result.reject_messages
    rejects = _read(result.release / "rejects.jsonl")
    articles = _read(result.release / "articles.jsonl")
    assert any(a["source"]["path"] == "good.txt" for a in articles)  # the rest went through
    assert all("\n" not in r["message"] and "Traceback" not in r["message"] for r in rejects)
    if case.reason is not None:
        assert {r["reason"] for r in rejects} == {case.reason}
        assert rejects[0]["message"].startswith(case.message), rejects[0]["message"]
        assert result.reject_messages[0] == rejects[0]["message"]
        return
    others = [a for a in articles if a["source"]["path"] != "good.txt"]
    assert len(others) == 1
    assert json.loads(others[0]["extra"]).items() >= case.extra.items()
    assert {key: others[0][key] for key in case.fields} == case.fields
    if case.flag is not None:
        paragraphs = _read(result.release / "paragraphs.jsonl")
        flags = [
            f
            for p in paragraphs
            if p["article_id"] == others[0]["article_id"]
            for f in p["flags"]
            if f["code"] == case.flag
        ]
        assert flags, f"no {case.flag} flag"
        assert (flags[0]["detail"] or "").startswith(case.message)


def test_an_external_entity_is_neither_resolved_nor_fetched(tmp_path):
    case = CASES["html with an external entity"]
    result = _build(_write_case(case, tmp_path), tmp_path, case)
    texts = [p["text"] for p in _read(result.release / "paragraphs.jsonl")]
    assert any("Tuesday &leak;" in text for text in texts)  # kept as written, never expanded
    assert not any("root:" in text for text in texts)


def test_the_bad_inputs_all_at_once_are_each_accounted_for(tmp_path):
    """One run over every case side by side: nothing lost, nothing double-counted."""
    root = tmp_path / "in"
    root.mkdir()
    (root / "good.txt").write_text(GOOD)
    expected = 0
    for number, (name, case) in enumerate(CASES.items()):
        if _needs_skip(name) or case.settings or case.setup is not None:
            continue
        for relpath, content in case.files.items():
            path = root / f"case{number:02d}" / relpath
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content.encode() if isinstance(content, str) else content)
        expected += case.rejected
    result = build_release([root], BuildSettings(name="all-bad", version="1.0.0"), tmp_path / "d")
    counts = result.counts
    assert counts["inputs"] == counts["accepted"] + counts["rejected"]
    assert counts["rejected"] == expected


def test_records_without_id_or_url_are_each_an_article(write_files, tmp_path, settings):
    texts = [f"Made-up story {n} about the Oxlow tram depot and its night shift." for n in range(5)]
    root = write_files({"feed.jsonl": jsonl(*({"text": text} for text in texts))})
    result = build_release([root], settings, tmp_path / "dist")
    assert (result.counts["accepted"], result.counts["rejected"]) == (5, 0)
    shuffled = write_files({"feed.jsonl": jsonl(*({"text": t} for t in reversed(texts)))}, "again")
    again = build_release([shuffled], settings, tmp_path / "dist2")
    ids = {a["article_id"] for a in _read(result.release / "articles.jsonl")}
    assert ids == {a["article_id"] for a in _read(again.release / "articles.jsonl")}


def test_a_truncated_gzip_keeps_the_records_before_the_break(write_files, tmp_path, settings):
    lines = "".join(
        json.dumps({"id": f"r{n}", "text": f"Paragraph {n} " * 40}) + "\n" for n in range(50)
    )
    whole = gzip.compress(lines.encode())
    root = write_files({"feed.jsonl.gz": whole[: len(whole) // 2]})
    result = build_release([root], settings, tmp_path / "dist")
    counts = result.counts
    assert counts["rejected_by_reason"] == {"unreadable": 1}
    assert counts["accepted"] > 0
    assert counts["inputs"] == counts["accepted"] + 1
    assert "the lines before it were read" in result.reject_messages[0]


def test_a_link_to_a_folder_is_reported_and_followed_only_when_asked(tmp_path):
    root = tmp_path / "in"
    elsewhere = tmp_path / "elsewhere"
    root.mkdir()
    elsewhere.mkdir()
    (root / "good.txt").write_text(GOOD)
    (elsewhere / "linked.txt").write_text("A story kept in another folder.\n")
    (root / "more").symlink_to(elsewhere)
    (root / "loop").symlink_to(root)  # walking it would never end
    plain = build_release([root], BuildSettings(name="links", version="1.0.0"), tmp_path / "a")
    assert plain.counts["accepted"] == 1
    assert plain.ignored == [
        "loop: a link to a folder, not followed (--follow-links)",
        "more: a link to a folder, not followed (--follow-links)",
    ]
    settings = BuildSettings(name="links", version="1.0.0", limits={"follow_links": True})
    followed = build_release([root], settings, tmp_path / "b")
    assert followed.counts["accepted"] == 2
    assert followed.ignored == ["loop: a link to a folder already read, not read again"]


def test_a_release_or_export_folder_given_directly_is_not_read_as_news(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    (root / "good.txt").write_text(GOOD)
    settings = BuildSettings(name="own", version="1.0.0")
    release = build_release([root], settings, tmp_path / "dist").release
    export = tmp_path / "export"
    export.mkdir()
    (export / "export-index.json").write_text("{}")
    (export / "tasks-00000.jsonl").write_text(record(id="task"))
    again = build_release([release, export, root], settings, tmp_path / "again")
    assert again.counts["inputs"] == again.counts["accepted"] == 1
    assert again.ignored[:2] == [
        f"{release}/: written by packager (manifest.json), not read as news (give the folder "
        "of the articles)",
        f"{export}/: written by packager (export-index.json), not read as news (give the "
        "folder of the articles)",
    ]


# --- bad invocations: one "Error:" line, exit 1, nothing written outside --out ---

INVOCATIONS = {
    "release name that climbs out": (
        ["--name", "../../etc"],
        "Error: invalid settings: release name '../../etc' is not allowed",
    ),
    "version that climbs out": (
        ["--version", "../../etc"],
        "Error: invalid settings: version '../../etc' is not a semantic version (SemVer 2.0.0) such as 1.0.0",
    ),
    "version in another script's digits": (
        ["--version", "1.0.\u0661"],
        "Error: invalid settings: version '1.0.\u0661' is not a semantic version (SemVer 2.0.0) such as 1.0.0",
    ),
    "version too long for a folder name": (
        ["--version", "1.0.0-" + "rc" * 200],
        "Error: invalid settings: version '1.0.0-rcrc",
    ),
    "an input that does not exist": (["--", "no-such-folder"], "Error: input "),
    "an unknown fallback encoding": (
        ["--text-fallback-encoding", "klingon-8"],
        "Error: invalid settings: unknown text encoding 'klingon-8'; e.g. windows-1252",
    ),
}


@pytest.mark.parametrize("name", INVOCATIONS)
def test_a_bad_invocation_is_one_clear_error_and_writes_nothing(name, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    root = tmp_path / "in"
    root.mkdir()
    (root / "good.txt").write_text(GOOD)
    options, message = INVOCATIONS[name]
    base = ["build", "--out", "out", "--name", "news", "--version", "1.0.0"]
    args = base + options if options[0] == "--" else base + options + [str(root)]
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1, result.output
    assert result.output.strip().splitlines()[0].startswith(message), result.output
    assert "Traceback" not in result.output
    after = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    assert [p for p in after if p not in before and p.parts[0] != "out"] == []


# --- labeling exports written by other programs, in every tool's shape ---

ANNOTATION_TEXT = "Ana Ruiz opened the Gullhaven ferry office."
UNITS = {
    "label-studio": "codepoint",
    "doccano": "utf16",
    "prodigy": "codepoint",
    "argilla": "utf16",
}


@pytest.fixture(scope="module")
def small_release(tmp_path_factory) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("in")
    (root / "a.jsonl").write_text(record(id="a1", text=ANNOTATION_TEXT))
    settings = BuildSettings(name="spans", version="1.0.0", splits={"train": 1.0})
    release = build_release([root], settings, tmp_path_factory.mktemp("dist")).release
    return release, _read(release / "paragraphs.jsonl")[0]["paragraph_id"]


@dataclass(frozen=True)
class SpanCase:
    """A span on "Gullhaven" (code points 20..29), spoilt in one way; ``{unit}`` in the
    message is the unit the tool counts in."""

    reason: str
    message: str
    start: Any = 20
    end: Any = 29
    label: Any = "PLACE"
    quote: str | None = None
    text: str = ANNOTATION_TEXT
    pid: str | None = None  # None: the release's own paragraph ID
    shapes: tuple[str, ...] = tuple(SHAPES)


SPAN_CASES = {
    "span past the end": SpanCase(
        "span-out-of-range", "span end 900 ({unit}) is outside the paragraph", end=900
    ),
    "negative span": SpanCase(
        "span-out-of-range", "span start -3 ({unit}) is outside the paragraph", start=-3
    ),
    "reversed span": SpanCase(
        "span-out-of-range", "span 29..20 is empty or reversed", start=29, end=20
    ),
    "empty span": SpanCase("span-out-of-range", "span 20..20 is empty", end=20),
    "offsets that are not numbers": SpanCase(
        "invalid-record", 'span start "20" is not an integer', start="20"
    ),
    "span label that is not a name": SpanCase(
        "invalid-record", 'span label "" is not a name', label=""
    ),
    "task text that differs from the release": SpanCase(
        "span-mismatch",
        "the tool's text differs from the release paragraph",
        text="Someone rewrote this paragraph.",
    ),
    "unknown paragraph id": SpanCase(
        "unknown-paragraph",
        'paragraph_id "00000000000000000000" is not in the release',
        pid="0" * 20,
    ),
    "quote that differs from the release": SpanCase(
        "span-mismatch",
        'the tool quotes "Tarrowmere" but the release has "Gullhaven" there',
        quote="Tarrowmere",
        shapes=("label-studio", "label-studio-min"),  # the exports that quote the span
    ),
}
SPAN_PARAMS = [
    pytest.param(name, shape, id=f"{name} ({shape})")
    for name, case in SPAN_CASES.items()
    for shape in case.shapes
]


def _import(release: Path, shape: str, rows: list, tmp_path: Path):
    export = write_export(tmp_path, shape, rows)
    result = import_annotations(export, SHAPES[shape], release, tmp_path / "out")
    return export, result, _read(tmp_path / "out" / "annotation-rejects.jsonl")


@pytest.mark.parametrize(("name", "shape"), SPAN_PARAMS)
def test_a_bad_span_is_rejected_with_its_reason(name, shape, small_release, tmp_path):
    release, pid = small_release
    case = SPAN_CASES[name]
    bad = span_row(
        shape, case.pid or pid, case.text, case.start, case.end, case.label, case.quote, "ana"
    )
    good = span_row(shape, pid, ANNOTATION_TEXT, 20, 29, "PLACE", None, "ana")
    export, result, rejects = _import(release, shape, [bad, good], tmp_path)
    assert result.imported == 1  # the good one still comes back
    assert dict(result.rejected) == {case.reason: 1}
    message = case.message.format(unit=UNITS[SHAPES[shape]])
    assert rejects[0]["message"].startswith(f"{export.name}:1: {message}"), rejects[0]["message"]


def _ls_task(pid: str, annotations: list) -> dict:
    return {
        "id": 1,
        "data": {"text": ANNOTATION_TEXT, "paragraph_id": pid},
        "annotations": annotations,
    }


def _ls_result(kind: str, value: dict) -> dict:
    return {"type": kind, "from_name": "span", "to_name": "paragraph", "value": value}


# Records of a shape the tool's reader does not expect: (shape, record, reason, message).
RECORD_CASES: dict[str, tuple[str, Callable[[str], Any], str, str]] = {
    "a task nobody annotated": (
        "label-studio",
        lambda pid: _ls_task(pid, []),
        "empty",
        "the task has no annotations (not labeled yet)",
    ),
    "a skipped task": (
        "label-studio",
        lambda pid: _ls_task(pid, [{"was_cancelled": True, "result": []}]),
        "cancelled",
        "the annotator skipped this task",
    ),
    "a result packager does not read": (
        "label-studio",
        lambda pid: _ls_task(pid, [{"result": [_ls_result("relation", {"labels": ["x"]})]}]),
        "invalid-record",
        'a "relation" result, which packager does not read (only labels and choices)',
    ),
    "span labels as a string": (
        "label-studio",
        lambda pid: _ls_task(
            pid, [{"result": [_ls_result("labels", {"start": 20, "end": 29, "labels": "PLACE"})]}]
        ),
        "invalid-record",
        "unexpected shape (TypeError: span labels must be a list, found str)",
    ),
    "a task that is not an object": (
        "label-studio",
        lambda pid: pid,
        "invalid-record",
        "not a JSON object",
    ),
    "doccano labels as a string": (
        "doccano",
        lambda pid: {"paragraph_id": pid, "text": ANNOTATION_TEXT, "label": "news"},
        "invalid-record",
        "label must be a list, found str",
    ),
    "doccano span without its label": (
        "doccano",
        lambda pid: {"paragraph_id": pid, "text": ANNOTATION_TEXT, "label": [[20, 29]]},
        "invalid-record",
        "label item [20, 29] is neither a class name nor a [start, end, label] span",
    ),
    "doccano class that is not a name": (
        "doccano",
        lambda pid: {"paragraph_id": pid, "text": ANNOTATION_TEXT, "label": [{"start_offset": 1}]},
        "invalid-record",
        "span label null is not a name",
    ),
    "prodigy answer ignore": (
        "prodigy",
        lambda pid: {"paragraph_id": pid, "text": ANNOTATION_TEXT, "answer": "ignore"},
        "cancelled",
        'answer "ignore" (ignored or missing)',
    ),
    "prodigy accept as a string": (
        "prodigy",
        lambda pid: {
            "paragraph_id": pid,
            "text": ANNOTATION_TEXT,
            "answer": "accept",
            "accept": "news",
        },
        "invalid-record",
        "unexpected shape (TypeError: classes must be a list, found str)",
    ),
    "prodigy class that is not a name": (
        "prodigy",
        lambda pid: {
            "paragraph_id": pid,
            "text": ANNOTATION_TEXT,
            "answer": "accept",
            "accept": [7],
        },
        "invalid-record",
        "class 7 is not a name",
    ),
    "argilla response discarded": (
        "argilla",
        lambda pid: {
            "id": pid,
            "label.responses": ["news"],
            "label.responses.status": ["discarded"],
        },
        "cancelled",
        "label response discarded",
    ),
    "argilla record with no responses": (
        "argilla",
        lambda pid: {"id": pid, "text": ANNOTATION_TEXT},
        "empty",
        "no submitted responses",
    ),
    "argilla responses that are not a list": (
        "argilla-nested",
        lambda pid: {
            "id": pid,
            "fields": {"text": ANNOTATION_TEXT},
            "responses": {"label": "news"},
        },
        "invalid-record",
        "unexpected shape (TypeError: expected a list, found str)",
    ),
    "argilla response still pending": (
        "argilla",
        lambda pid: {
            "id": pid,
            "label.responses": ["news"],
            "label.responses.status": ["pending"],
        },
        "invalid-record",
        'label response status "pending" is not submitted, draft or discarded; not imported',
    ),
    "argilla response with a null status": (
        "argilla-nested",
        lambda pid: {
            "id": pid,
            "fields": {"text": ANNOTATION_TEXT},
            "responses": {"label": [{"value": "news", "user_id": "ana", "status": None}]},
        },
        "invalid-record",
        "label response status null is not submitted, draft or discarded; not imported",
    ),
}


@pytest.mark.parametrize("name", RECORD_CASES)
def test_a_record_of_the_wrong_shape_is_rejected_with_its_reason(name, small_release, tmp_path):
    release, pid = small_release
    shape, bad, reason, message = RECORD_CASES[name]
    good = span_row(shape, pid, ANNOTATION_TEXT, 20, 29, "PLACE", None, "ana")
    export, result, rejects = _import(release, shape, [bad(pid), good], tmp_path)
    assert result.imported == 1
    assert dict(result.rejected) == {reason: 1}
    assert rejects[0]["message"] == f"{export.name}:1: {message}"
    assert rejects[0]["source"]["record"] == 1


def test_argilla_responses_with_fewer_users_than_values_all_come_back(small_release, tmp_path):
    """Flattened records keep values, users and statuses in parallel lists: none is lost."""
    release, pid = small_release
    row = {"id": pid, "text": ANNOTATION_TEXT, "label.responses": ["news", "other"]}
    row["label.responses.users"] = ["ana"]  # one user for two responses
    _, result, _ = _import(release, "argilla", [row], tmp_path)
    assert (result.imported, dict(result.rejected)) == (2, {})


@pytest.mark.parametrize("shape", ["argilla", "argilla-nested"])
def test_a_null_argilla_span_is_rejected_and_the_good_span_beside_it_imported(
    shape, small_release, tmp_path
):
    release, pid = small_release
    row = span_row(shape, pid, ANNOTATION_TEXT, 20, 29, "PLACE", None, "ana")
    spans = row["spans.responses"][0] if shape == "argilla" else row["responses"]["spans"][0]
    (spans if shape == "argilla" else spans["value"]).append(None)
    export, result, rejects = _import(release, shape, [row], tmp_path)
    assert (result.imported, dict(result.rejected)) == (1, {"invalid-record": 1})
    assert rejects[0]["message"] == (
        f"{export.name}:1: span null is not an object with label, start and end"
    )


def test_a_label_studio_annotation_by_nobody_named_has_an_unknown_annotator(
    small_release, tmp_path
):
    release, pid = small_release
    who = [{}, None, {"id": None, "email": ""}, {"id": 7}]
    rows = [
        span_row("label-studio", pid, ANNOTATION_TEXT, 20 + n, 29, "PLACE", None, annotator)
        for n, annotator in enumerate(who)
    ]
    _, result, _ = _import(release, "label-studio", rows, tmp_path)
    assert (result.imported, dict(result.rejected)) == (4, {})
    records = _read(tmp_path / "out" / "annotations.jsonl")
    annotators = [r["annotator"] for r in sorted(records, key=lambda r: r["start"])]
    assert annotators == [None, None, None, "7"]  # null, never the text "None"


def test_a_broken_line_in_a_jsonl_export_is_rejected_and_the_rest_imported(small_release, tmp_path):
    release, pid = small_release
    row = {"text": ANNOTATION_TEXT, "paragraph_id": pid, "label": [[20, 29, "PLACE"]]}
    export = tmp_path / "doccano.jsonl"
    export.write_text(json.dumps(row) + "\n" + '{"text": "cut' + "\n" + json.dumps(row) + "\n")
    result = import_annotations(export, "doccano", release, tmp_path / "out")
    assert result.imported == 1
    assert result.rejected["invalid-record"] == 1


def test_the_catalogue_covers_at_least_forty_classes():
    annotations = len(SPAN_CASES) + len(RECORD_CASES) + 1  # + the broken line
    classes = len(CASES) + len(INVOCATIONS) + annotations  # each span case runs in every shape
    assert classes >= 40
    guarantees = (Path(__file__).parents[1] / "docs" / "guarantees.md").read_text(encoding="utf-8")
    assert f"({classes} classes of bad input" in guarantees  # the guarantees table says how many
