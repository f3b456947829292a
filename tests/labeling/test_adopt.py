"""``annotations adopt``: exports made without packager, matched to the release by text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from packager.build import build_release
from packager.cli import app
from packager.labeling.adopt import adopt_annotations
from packager.labeling.stats import annotation_stats
from packager.settings import BuildSettings

from ..tool_exports import SHAPES, span_row, write_export

runner = CliRunner()

# The documents, as the newsroom's feed had them; the release is built from these.
PILOTS = "Harbour pilots 👩🏽‍✈️ guided the ferry into Gullhaven at dawn."
MAYOR = "Mayor Ana Lind thanked the crew."
WIRE = "Storms closed the Tarrowmere road, the wire service reported."
COUNCIL = "Saltmarsh council met on Tuesday."
ZOE = "Zoë 👍🏽 met Renée in Oxlow Green."
DOCUMENTS = [
    {"id": "doc-a", "url": "https://gullhaven.example/a", "text": "\n".join([PILOTS, MAYOR, WIRE])},
    {"id": "doc-b", "url": "https://saltmarsh.example/b", "text": "\n".join([COUNCIL, WIRE])},
    {"id": "doc-c", "url": "https://oxlow.example/c", "text": ZOE},
]
# The annotation tool's copies: CRLF line ends, a blank line between paragraphs, doubled
# spaces and a tab, NFD accents, and an editor's note the release does not have.
NOTE = "Editor's note: the crew's names were corrected."
TOOL_A = "\r\n\r\n".join([PILOTS, "Mayor Ana  Lind\tthanked the crew. ", WIRE, NOTE]) + "\r\n"
TOOL_C = "Zoë 👍🏽 met Rene\u0301e in  Oxlow Green."


def utf16(text: str, index: int) -> int:
    return len(text[:index].encode("utf-16-le")) // 2


def at(text: str, quoted: str, label: str, after: int = 0) -> list:
    """A Doccano span [start, end, label] in UTF-16 units of ``text``."""
    start = text.index(quoted, after)
    return [utf16(text, start), utf16(text, start + len(quoted)), label]


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("in")
    (root / "feed.jsonl").write_text(
        "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in DOCUMENTS), encoding="utf-8"
    )
    settings = BuildSettings(name="adopt-fixture", version="1.0.0", splits={"train": 1.0})
    return build_release([root], settings, tmp_path_factory.mktemp("dist")).release


def paragraphs(release: Path) -> dict[str, dict]:
    rows = (release / "paragraphs.jsonl").read_text(encoding="utf-8").splitlines()
    return {p["paragraph_id"]: p for p in map(json.loads, rows)}


def doccano_exports(folder: Path) -> Path:
    """Doccano Intent Detection and Slot Filling JSONL, one file per annotator (ana, ben,
    cai), records ``{"id", "text", "entities": [[start, end, label]], "cats"}`` with the
    project's metadata as top-level keys, offsets in UTF-16 code units."""
    crossing = [utf16(TOOL_A, TOOL_A.index("dawn")), utf16(TOOL_A, TOOL_A.index("Ana")), "PLACE"]
    people = {
        "ana": [at(TOOL_A, "Ana  Lind", "PERSON")],
        "ben": [at(TOOL_A, "Lind", "PERSON")],
        "cai": [at(TOOL_A, "Ana  Lind", "PERSON"), crossing, at(TOOL_A, "crew's", "PERSON")],
    }
    cats = {"ana": ["news"], "ben": ["news"], "cai": ["opinion"]}
    folder.mkdir()
    for number, who in enumerate(("ana", "ben", "cai")):
        rows = [
            {
                "id": 10 + number,
                "text": TOOL_A,
                "entities": [at(TOOL_A, "Gullhaven", "PLACE"), *people[who]],
                "cats": cats[who],
            },
            {
                "id": 20 + number,
                "text": TOOL_C,
                "entities": [at(TOOL_C, "Rene\u0301e", "PERSON"), at(TOOL_C, "Oxlow", "PLACE")],
                "cats": ["news"],
            },
        ]
        if who == "ana":  # the wire paragraph alone: in two articles
            rows.append({"id": 30, "text": WIRE, "entities": [at(WIRE, "Storms", "PLACE")]})
            rows.append(
                {"id": 31, "text": "Nothing like this is in the release.", "cats": ["news"]}
            )
        if who == "ben":  # the same, but the record's url says which article
            url = {"url": "https://saltmarsh.example/b"}
            rows.append(
                {"id": 32, "text": WIRE, "entities": [at(WIRE, "Tarrowmere", "PLACE")], **url}
            )
        with (folder / f"{who}.jsonl").open("w", encoding="utf-8", newline="") as stream:
            stream.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    return folder


def test_three_annotators_whole_documents_land_on_paragraphs(release, tmp_path):
    exports = doccano_exports(tmp_path / "doccano")
    out = tmp_path / "adopted"
    result = adopt_annotations(exports, "doccano", release, out)
    assert dict(result.rejected) == {
        "span-crosses-paragraphs": 1,
        "span-outside-release": 1,
        "ambiguous-match": 1,
        "no-match": 1,
    }
    by_pid = paragraphs(release)
    rows = [json.loads(x) for x in (out / "annotations.jsonl").read_text().splitlines()]
    spans = {(r["annotator"], r["text"], r["label"]): r for r in rows if r["task"] == "span"}
    expected = {
        "Gullhaven": PILOTS,
        "Ana Lind": MAYOR,  # "Ana  Lind" in the tool's copy
        "Lind": MAYOR,
        "Renée": ZOE,  # NFD in the tool's copy
        "Oxlow": ZOE,
        "Tarrowmere": WIRE,
    }
    for (who, text, _), row in spans.items():
        paragraph = by_pid[row["paragraph_id"]]
        assert paragraph["text"] == expected[text], (who, text)
        assert paragraph["text"][row["start"] : row["end"]] == text
    assert set(spans) == {
        *((who, "Gullhaven", "PLACE") for who in ("ana", "ben", "cai")),
        *((who, "Renée", "PERSON") for who in ("ana", "ben", "cai")),
        *((who, "Oxlow", "PLACE") for who in ("ana", "ben", "cai")),
        ("ana", "Ana Lind", "PERSON"),
        ("cai", "Ana Lind", "PERSON"),
        ("ben", "Lind", "PERSON"),
        ("ben", "Tarrowmere", "PLACE"),
    }
    wire = spans[("ben", "Tarrowmere", "PLACE")]
    assert by_pid[wire["paragraph_id"]]["index"] == 1  # doc-b's copy, as its url says
    classes = [r for r in rows if r["task"] == "classification"]
    assert {(r["annotator"], r["paragraph_id"], tuple(r["labels"])) for r in classes} >= {
        ("ana", None, ("news",)),
        ("cai", None, ("opinion",)),
    }
    doc_c = {r["paragraph_id"] for r in classes if r["paragraph_id"] is not None}
    assert [by_pid[pid]["text"] for pid in doc_c] == [ZOE]  # one paragraph: on the paragraph
    rejects = [json.loads(x) for x in (out / "annotation-rejects.jsonl").read_text().splitlines()]
    assert {(r["reason"], r["source"]["file"]) for r in rejects} == {
        ("span-crosses-paragraphs", "cai.jsonl"),
        ("span-outside-release", "cai.jsonl"),
        ("ambiguous-match", "ana.jsonl"),
        ("no-match", "ana.jsonl"),
    }
    stats = annotation_stats(out)
    assert stats.annotators == ["ana", "ben", "cai"]
    # spans, pairwise exact match: Gullhaven, Renée and Oxlow agree in all three pairs;
    # in the mayor's paragraph only ana and cai agree: (3*6 + 2) / (3*6 + 6)
    assert stats.span_f1 == round(20 / 24, 4)
    assert stats.classification_labels == {"news": 5, "opinion": 1}
    assert stats.alpha is not None and stats.kappa is not None


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_each_tool_shape_without_ids_is_adopted(shape, release, tmp_path):
    text = ZOE.replace("  ", " ") + "\r\n"  # a trailing CRLF the release does not have
    quoted = "Oxlow Green"
    start = text.index(quoted)
    end = start + len(quoted)
    if SHAPES[shape] in ("doccano", "argilla"):
        start, end = utf16(text, start), utf16(text, end)
    row = span_row(shape, None, text, start, end, "PLACE", quote=quoted, annotator="ana")
    export = write_export(tmp_path, shape, [row])
    result = adopt_annotations(export, SHAPES[shape], release, tmp_path / "out")
    assert not result.rejected and result.imported == 1
    [adopted] = [
        json.loads(x) for x in (tmp_path / "out" / "annotations.jsonl").read_text().splitlines()
    ]
    assert adopted["text"] == quoted and paragraphs(release)[adopted["paragraph_id"]]["text"] == ZOE


def test_older_doccano_shape_data_and_labels(release, tmp_path):
    """Doccano 1.x: ``{"id", "data": text, "label": [[start, end, "TAG"]]}``."""
    rows = [
        {"id": 1, "data": TOOL_C, "label": [at(TOOL_C, "Oxlow", "PLACE")]},
        {"id": 2, "text": TOOL_C, "labels": [at(TOOL_C, "Rene\u0301e", "PERSON")], "meta": {}},
    ]
    (tmp_path / "all.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    result = adopt_annotations(tmp_path / "all.jsonl", "doccano", release, tmp_path / "out")
    assert not result.rejected and result.imported == 2


def test_adopt_cli_options(release, tmp_path):
    exports = doccano_exports(tmp_path / "doccano")
    base = ["annotations", "adopt", str(exports), "--from", "doccano", "--release", str(release)]
    result = runner.invoke(app, [*base, "--out", str(tmp_path / "o"), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["rejected"]["no-match"] == 1 and summary["files"] == [
        "ana.jsonl",
        "ben.jsonl",
        "cai.jsonl",
    ]
    again = runner.invoke(app, [*base, "--out", str(tmp_path / "o")])
    assert again.exit_code == 0 and "0 annotations adopted" in again.output  # all duplicates
    codepoints = runner.invoke(
        app, [*base, "--out", str(tmp_path / "cp"), "--offsets", "codepoint", "--json"]
    )  # UTF-16 offsets read as code points: after an emoji, every span slides
    assert codepoints.exit_code == 0, codepoints.output
    texts = {
        json.loads(x)["text"]
        for x in (tmp_path / "cp" / "annotations.jsonl").read_text().splitlines()
    }
    assert "Gullhaven" not in texts and "Oxlow" not in texts
    stats = runner.invoke(app, ["annotations", "stats", str(tmp_path / "o"), "--json"])
    assert json.loads(stats.stdout)["span_f1"] == round(20 / 24, 4)
    merge = ["annotations", "merge", str(tmp_path / "o"), "--release", str(release)]
    merged = runner.invoke(app, [*merge, "--out", str(tmp_path / "merged")])
    assert merged.exit_code == 0, merged.output
    missing = runner.invoke(app, [*base[:-4], "--release", str(tmp_path), "--from", "doccano"])
    assert missing.exit_code != 0
