"""Bad input never stops the run: each gets a reason code and a one-line message."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from packager.build import build_release

GOOD = "A real paragraph about the harbour ferry.\nAnother paragraph.\n"

# name: (files to write, expected reason, text the message must contain)
CASES = {
    "empty file": ({"bad.txt": b""}, "empty-file", "bad.txt: the file is empty"),
    "whitespace only": (
        {"bad.txt": " \n\t\r\n\u00a0\n"},
        "empty-article",
        "bad.txt: the article has no text",
    ),
    "not utf-8": (
        {"bad.txt": "Line one\nCaf\u00e9 au lait\n".encode("latin-1")},
        "invalid-utf8",
        "bad.txt:2: not valid UTF-8 (byte offset 12: e9 20 61 75)",
    ),
    "utf-16 with bom": (
        {"bad.txt": "Hello".encode("utf-16")},
        "binary-file",
        "bad.txt:1: contains NUL bytes: it looks like UTF-16",
    ),
    "binary junk": (
        {"bad.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"},
        "binary-file",
        "bad.txt:3: contains NUL bytes: it is binary",
    ),
    "broken json line": (
        {"bad.jsonl": '{"text": "ok"}\n{"text": "unterminated\n'},
        "invalid-json",
        "bad.jsonl:2: not valid JSON",
    ),
    "json that is not an object": (
        {"bad.jsonl": '["a", "b"]\n'},
        "not-an-object",
        "bad.jsonl:1: a line must hold one JSON object, found list",
    ),
    "missing text": (
        {"bad.jsonl": '{"id": "x1", "title": "T"}\n'},
        "missing-text",
        'bad.jsonl:1: the record has no "text" field',
    ),
    "text not a string": (
        {"bad.jsonl": '{"text": ["a"]}\n'},
        "invalid-field",
        'bad.jsonl:1: "text" must be a string, found list',
    ),
    "empty jsonl": ({"bad.jsonl": b"\n\n"}, "empty-file", "bad.jsonl: no JSON records"),
    "lone surrogate": (
        {"bad.jsonl": '{"text": "\\ud800"}\n'},
        "invalid-json",
        "bad.jsonl:1: not valid JSON",
    ),
    "bad metadata type": (
        {"bad.jsonl": '{"text": "x", "published_at": "last Tuesday"}\n'},
        "schema-invalid",
        "bad.jsonl:1: article: 'last Tuesday' is not valid here, expected: ISO 8601 date or datetime at /published_at",
    ),
    "broken sidecar": (
        {"bad.txt": GOOD, "bad.meta.json": "{title: no quotes}"},
        "invalid-metadata",
        "bad.meta.json: not valid JSON",
    ),
    "sidecar not an object": (
        {"bad.txt": GOOD, "bad.meta.json": "[1, 2]"},
        "invalid-metadata",
        "bad.meta.json: must be a JSON object of metadata, found list",
    ),
    "duplicate ids across files": (
        {
            "a.jsonl": '{"id": "same", "text": "one"}\n',
            "b.jsonl": '{"id": "same", "text": "two"}\n',
        },
        "duplicate-id",
        "b.jsonl:1: article ID 872ee32528de6c9110af is already used by a.jsonl:1",
    ),
}


def _build(root: Path, tmp_path: Path, settings):
    return build_release([root], settings, tmp_path / "dist")


@pytest.mark.parametrize("case", CASES)
def test_bad_input_is_rejected_with_its_reason_and_the_run_goes_on(
    case, write_files, tmp_path, settings
):
    files, reason, message = CASES[case]
    root = write_files({"good.txt": GOOD, **files})
    result = _build(root, tmp_path, settings)
    counts = result.counts
    assert counts["inputs"] == counts["accepted"] + counts["rejected"]
    assert counts["rejected_by_reason"].get(reason) == 1, counts
    assert counts["accepted"] >= 1  # good.txt (and anything else valid) went through
    assert any(m.startswith(message) for m in result.reject_messages), result.reject_messages
    assert all("\n" not in m for m in result.reject_messages)
    rejects = [
        json.loads(line) for line in (result.release / "rejects.jsonl").read_text().splitlines()
    ]
    assert [r["reason"] for r in rejects] == [reason]
    assert rejects[0]["message"].startswith(message)


def test_an_unreadable_file_is_rejected(write_files, tmp_path, settings):
    root = write_files({"good.txt": GOOD})
    (root / "gone.txt").symlink_to(root / "nowhere.txt")  # a dangling link cannot be read
    result = _build(root, tmp_path, settings)
    assert result.counts["rejected_by_reason"] == {"unreadable": 1}
    assert result.reject_messages == [
        "gone.txt: cannot read: No such file or directory; check its permissions"
    ]


def test_a_truncated_gzip_keeps_the_records_before_the_break(write_files, tmp_path, settings):
    lines = "".join(
        json.dumps({"id": f"r{n}", "text": f"Paragraph {n} " * 40}) + "\n" for n in range(50)
    )
    whole = gzip.compress(lines.encode())
    root = write_files({"feed.jsonl.gz": whole[: len(whole) // 2]})
    result = _build(root, tmp_path, settings)
    counts = result.counts
    assert counts["rejected_by_reason"] == {"unreadable": 1}
    assert counts["accepted"] > 0
    assert counts["inputs"] == counts["accepted"] + 1
    assert "feed.jsonl.gz:" in result.reject_messages[0]
    assert "the lines before it were read" in result.reject_messages[0]


def test_many_problems_in_one_run_are_all_accounted_for(write_files, tmp_path, settings):
    files = {"good.txt": GOOD}
    for number, (case_files, _, _) in enumerate(CASES.values()):
        files.update({f"case{number:02d}/{name}": content for name, content in case_files.items()})
    root = write_files(files)
    counts = _build(root, tmp_path, settings).counts
    assert counts["inputs"] == counts["accepted"] + counts["rejected"]
    assert counts["rejected"] == len(CASES)
