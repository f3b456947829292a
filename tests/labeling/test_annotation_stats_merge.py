"""Agreement figures against hand-worked values, and the labeled dataset through load_dataset."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import datasets
import pyarrow.parquet as pq
import pytest
from click.testing import Result
from typer.testing import CliRunner

from packager.build import build_release
from packager.cli import app
from packager.labeling.agreement import cohen_kappa, krippendorff_alpha, masi_distance
from packager.labeling.importing import import_annotations
from packager.labeling.merge import merge_annotations
from packager.labeling.models import TOOLS, ToolName
from packager.labeling.scheme import load_scheme
from packager.labeling.stats import annotation_stats
from packager.settings import BuildSettings

from ..conftest import REPO

TEXTS = [
    "Ana Ruiz opened the Gullhaven ferry office.",
    "The council backed the new harbour wall.",
    "Critics say the plan is far too expensive.",
    "In my view the town deserves better buses.",
]
# Annotator A and B classes per paragraph: p_o = 3/4, p_e = 1/2 -> kappa 0.5;
# nominal alpha = 1 - D_o/D_e = 1 - 0.25 / (30/56) = 0.5333.
CLASSES = {
    "ana@example.org": ["news", "news", "opinion", "opinion"],
    "bo@example.org": ["news", "opinion", "opinion", "opinion"],
}


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("in")
    (root / "a.jsonl").write_text(json.dumps({"id": "a1", "text": "\n".join(TEXTS)}) + "\n")
    settings = BuildSettings(name="agreement", version="1.0.0", splits={"train": 1.0})
    return build_release([root], settings, tmp_path_factory.mktemp("dist")).release


@pytest.fixture(scope="module")
def annotations(release, tmp_path_factory) -> Path:
    paragraphs = [json.loads(x) for x in (release / "paragraphs.jsonl").read_text().splitlines()]
    tasks = []
    for number, paragraph in enumerate(paragraphs):
        annotations = []
        for user, classes in CLASSES.items():
            result = [
                {
                    "type": "choices",
                    "from_name": "label",
                    "to_name": "paragraph",
                    "value": {"choices": [classes[number]]},
                }
            ]
            if number == 0:  # both mark "Ana Ruiz"; only bo marks "Gullhaven"
                result.append(
                    {"type": "labels", "value": {"start": 0, "end": 8, "labels": ["PERSON"]}}
                )
                if user.startswith("bo"):
                    result.append(
                        {"type": "labels", "value": {"start": 20, "end": 29, "labels": ["PLACE"]}}
                    )
            annotations.append(
                {
                    "completed_by": {"email": user},
                    "was_cancelled": False,
                    "created_at": "2026-11-21T09:00:00Z",
                    "result": result,
                }
            )
        tasks.append(
            {
                "data": {"paragraph_id": paragraph["paragraph_id"], "text": paragraph["text"]},
                "annotations": annotations,
            }
        )
    folder = tmp_path_factory.mktemp("ann")
    (folder / "export.json").write_text(json.dumps(tasks))
    import_annotations(folder / "export.json", "label-studio", release, folder / "out")
    return folder / "out"


def test_agreement_matches_the_hand_worked_values(annotations):
    stats = annotation_stats(annotations)
    assert stats.annotators == ["ana@example.org", "bo@example.org"]
    assert stats.classification_labels == {"news": 3, "opinion": 5}
    assert stats.span_labels == {"PERSON": 2, "PLACE": 1}
    assert stats.paragraphs_with_two_or_more == 4
    assert stats.kappa == 0.5
    assert stats.alpha == pytest.approx(1 - 0.25 / (30 / 56), abs=1e-4)
    assert stats.span_f1 == pytest.approx(2 / 3, abs=1e-4)


def test_stats_cli_json_equals_the_library(annotations):
    result = CliRunner().invoke(app, ["annotations", "stats", str(annotations), "--json"])
    assert result.exit_code == 0
    assert json.loads(result.output) == annotation_stats(annotations).to_dict()
    table = CliRunner().invoke(app, ["annotations", "stats", str(annotations)])
    assert "Krippendorff's alpha" in table.output and "0.533" in table.output


def test_merge_gives_a_labeled_dataset_that_load_dataset_reads(annotations, release, tmp_path):
    scheme = load_scheme(REPO / "tests" / "data" / "labeling" / "scheme.yaml")
    out = tmp_path / "labeled"
    result = merge_annotations(annotations, release, out, scheme)
    assert result.rows == {"train": 4}
    loaded = datasets.load_dataset(str(out), cache_dir=str(tmp_path / "cache"))["train"]
    label = loaded.features["label"]
    assert isinstance(label, datasets.ClassLabel) and label.names == ["news", "opinion", "other"]
    # ties (news vs opinion on paragraph 2) go to the scheme's first class
    assert [label.int2str(x) for x in loaded["label"]] == ["news", "news", "opinion", "opinion"]
    assert loaded[0]["spans"] == [
        {"start": 0, "end": 8, "label": "PERSON"},
        {"start": 20, "end": 29, "label": "PLACE"},
    ]
    assert loaded[0]["text"][0:8] == "Ana Ruiz"
    assert loaded["n_annotators"] == [2, 2, 2, 2]


def test_the_merged_card_names_the_task_the_way_the_hub_reads_it(annotations, release, tmp_path):
    from huggingface_hub import DatasetCard

    scheme = load_scheme(REPO / "tests" / "data" / "labeling" / "scheme.yaml")
    merge_annotations(annotations, release, tmp_path / "labeled", scheme)
    data = DatasetCard.load(tmp_path / "labeled" / "README.md").data
    assert data.task_categories == ["text-classification", "token-classification"]
    assert data.task_ids == ["multi-class-classification"]
    assert isinstance(data.language, list) and all(isinstance(c, str) for c in data.language)
    assert isinstance(data.license, str) and data.size_categories == ["n<1K"]


def test_merge_counts_and_lists_the_annotations_on_paragraphs_not_in_the_release(
    annotations, tmp_path
):
    root = tmp_path / "in"
    root.mkdir()
    (root / "a.jsonl").write_text(json.dumps({"id": "a1", "text": "\n".join(TEXTS[:2])}) + "\n")
    settings = BuildSettings(name="fewer", version="1.0.0", splits={"train": 1.0})
    smaller = build_release([root], settings, tmp_path / "dist").release
    out = tmp_path / "labeled"
    merged = invoke("annotations", "merge", annotations, "--release", smaller, "--out", out)
    assert merged.exit_code == 0, merged.output
    assert merged.stdout.splitlines()[-1] == (
        f"4 annotations on 2 paragraphs not in {smaller} left out; each is listed in "
        f"{out / 'merge-rejects.jsonl'}"
    )
    result = merge_annotations(annotations, smaller, tmp_path / "again")
    assert (result.rows, result.dropped, result.dropped_paragraphs) == ({"train": 2}, 4, 2)
    rejects = [json.loads(line) for line in result.rejects.read_text().splitlines()]
    assert {r["reason"] for r in rejects} == {"unknown-paragraph"}
    assert len(rejects) == 4 and len({r["paragraph_id"] for r in rejects}) == 2
    first = rejects[0]
    assert first["message"] == (
        f"annotations.jsonl:{first['source']['record']}: paragraph_id "
        f'"{first["paragraph_id"]}" is not in {smaller}; left out of the labeled dataset'
    )


# --- agreement worked by hand -------------------------------------------------------------


def test_krippendorff_alpha_matches_the_2011_paper():
    """Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", nominal example.

    Four observers, twelve units, values 1-5, blanks missing. Unit 12 has one value and
    cannot be paired, so n = 40 pairable values: n_1..n_5 = 9, 13, 10, 5, 3. The
    coincidence matrix's diagonal holds o_11..o_55 = 7, 10, 8, 4, 3 (sum 32), so 8 of the
    40 pairable values sit off it. Nominal alpha = 1 - (n - 1) * 8 / (n^2 - sum n_c^2)
    = 1 - 39 * 8 / (1600 - 384) = 1 - 312 / 1216 = 0.743.
    """
    observers = {
        "A": [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
        "B": [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
        "C": [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
        "D": [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
    }
    units = {
        f"u{n}": {who: values[n] for who, values in observers.items() if values[n] is not None}
        for n in range(12)
    }
    assert krippendorff_alpha(units) == pytest.approx(1 - 312 / 1216)
    assert round(krippendorff_alpha(units), 3) == 0.743


def test_masi_alpha_and_kappa_worked_by_hand():
    """Two annotators, label sets. MASI distance = 1 - |A&B|/|A|B| x M (M: 1 equal, 2/3
    subset, 1/3 overlap, 0 disjoint): d({a,b},{b}) = 1 - 1/2 * 2/3 = 2/3, d({a},{b}) = 1.

    Units: u1 {a} / {a}, u2 {a,b} / {b}. Values n = 4: {a} 2, {a,b} 1, {b} 1.
    Observed: the pair ({a,b},{b}) both ways, sum o*d = 2 * 2/3 = 4/3.
    Expected: sum n_c n_k d = 2 * (2*1*2/3 + 2*1*1 + 1*1*2/3) = 8.
    alpha = 1 - (n - 1) * (4/3) / 8 = 1 - 3 * (4/3) / 8 = 0.5.
    Cohen's kappa when both say "x" throughout: p_e = 1, undefined (None, not 1 or 0).
    """
    a, b, ab = frozenset("a"), frozenset("b"), frozenset("ab")
    assert masi_distance(ab, b) == pytest.approx(2 / 3)
    assert masi_distance(a, b) == 1 and masi_distance(ab, ab) == 0
    assert masi_distance(ab, frozenset("bc")) == pytest.approx(1 - 1 / 3 * 1 / 3)
    units = {"u1": {"x": a, "y": a}, "u2": {"x": ab, "y": b}}
    assert krippendorff_alpha(units, sets=True) == pytest.approx(0.5)
    same = {"u1": {"x": "news", "y": "news"}, "u2": {"x": "news", "y": "news"}}
    assert cohen_kappa(same, "x", "y") is None and krippendorff_alpha(same) is None


def test_the_cli_does_not_load_the_agreement_library():
    code = "import sys, packager.cli; print('krippendorff' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr


# --- import, stats, merge and carry through the CLI ---------------------------------------


def invoke(*args) -> Result:
    return CliRunner().invoke(app, [str(a) for a in args])


def _doccano_file(path: Path, release: Path, labels: list[str]) -> Path:
    """A Doccano per-user export (``<user>.jsonl``): no annotator field, classes as labels."""
    paragraphs = [json.loads(x) for x in (release / "paragraphs.jsonl").read_text().splitlines()]
    rows = [
        {"id": n, "text": p["text"], "paragraph_id": p["paragraph_id"], "label": [label]}
        for n, (p, label) in enumerate(zip(paragraphs, labels, strict=True), start=1)
    ]
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    return path


def test_a_folder_of_per_annotator_files_comes_in_one_import(release, tmp_path):
    exports = tmp_path / "doccano"
    exports.mkdir()
    for user, classes in CLASSES.items():
        _doccano_file(exports / f"{user}.jsonl", release, classes)
    out = tmp_path / "ann"
    result = invoke("annotations", "import", exports, "--from", "doccano", "--release", release,
                    "--out", out, "--json")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "out": str(out),
        "files": ["ana@example.org.jsonl", "bo@example.org.jsonl"],
        "imported": 8,
        "by_task": {"classification": 8},
        "rejected": {},
        "kept": 0,
        "total": 8,
    }
    stats = json.loads(invoke("annotations", "stats", out, "--json").stdout)
    assert stats["annotators"] == ["ana@example.org", "bo@example.org"]  # the files' stems
    assert (stats["kappa"], stats["paragraphs_with_two_or_more"]) == (0.5, 4)


def test_a_second_import_adds_to_the_folder_and_repeats_are_duplicates(release, tmp_path):
    ana = _doccano_file(tmp_path / "ana.jsonl", release, CLASSES["ana@example.org"])
    bo = _doccano_file(tmp_path / "bo.jsonl", release, CLASSES["bo@example.org"])
    out = tmp_path / "ann"
    first = invoke("annotations", "import", ana, "--from", "doccano", "--release", release,
                   "--out", out)  # fmt: skip
    assert first.exit_code == 0, first.output
    (out / "notes.txt").write_text("round 1")
    second = invoke("annotations", "import", ana, bo, "--from", "doccano", "--release", release,
                    "--out", out)  # fmt: skip
    assert second.exit_code == 0, second.output
    assert second.stdout.strip() == (
        f"4 annotations imported from 2 file(s) (classification 4); 4 rejected (duplicate 4), "
        f"see {out / 'annotation-rejects.jsonl'}; 4 already there kept; "
        f"8 in {out / 'annotations.jsonl'}"
    )
    rows = [json.loads(x) for x in (out / "annotations.jsonl").read_text().splitlines()]
    assert Counter(r["annotator"] for r in rows) == {"ana": 4, "bo": 4}
    rejects = [json.loads(x) for x in (out / "annotation-rejects.jsonl").read_text().splitlines()]
    assert {(r["reason"], r["source"]["file"]) for r in rejects} == {("duplicate", "ana.jsonl")}
    assert (out / "notes.txt").read_text() == "round 1"  # what packager did not write stays
    assert pq.read_table(out / "annotations.parquet").num_rows == 8
    assert not [p for p in tmp_path.iterdir() if ".import-" in p.name]  # no staging left


def test_stats_count_paragraphs_with_two_annotators_of_any_task(release, tmp_path):
    """Only spans here: two annotators on one paragraph is one paragraph with 2+."""
    first = json.loads((release / "paragraphs.jsonl").read_text().splitlines()[0])
    rows = [
        {"data": {"paragraph_id": first["paragraph_id"], "text": first["text"]},
         "annotations": [{"completed_by": {"email": who}, "result": [
             {"type": "labels", "value": {"start": 0, "end": 8, "labels": ["PERSON"]}}]}
             for who in ("ana", "bo")]}
    ]  # fmt: skip
    (tmp_path / "ls.json").write_text(json.dumps(rows))
    out = tmp_path / "ann"
    result = invoke("annotations", "import", tmp_path / "ls.json", "--from", "label-studio",
                    "--release", release, "--out", out)  # fmt: skip
    assert result.exit_code == 0, result.output
    table = invoke("annotations", "stats", out)
    assert "paragraphs with 2+ annotators │ 1" in table.stdout.replace("  ", "")
    stats = json.loads(invoke("annotations", "stats", out, "--json").stdout)
    assert (stats["paragraphs_with_two_or_more"], stats["span_pairs"], stats["span_f1"]) == (
        1,
        1,
        1.0,
    )


def test_stats_on_the_parquet_table_says_what_it_reads(annotations):
    result = invoke("annotations", "stats", annotations / "annotations.parquet")
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"Error: {annotations / 'annotations.parquet'} is Parquet; packager annotations stats "
        f"reads the JSON Lines table: pass {annotations / 'annotations.jsonl'} or the folder "
        f"{annotations} that holds it"
    )


def test_merge_and_carry_print_their_result_as_json(annotations, release, tmp_path):
    merged = invoke("annotations", "merge", annotations, "--release", release,
                    "--out", tmp_path / "labeled", "--json")  # fmt: skip
    assert merged.exit_code == 0, merged.output
    assert json.loads(merged.stdout) == {
        "out": str(tmp_path / "labeled"),
        "rows": {"train": 4},
        "unknown_labels": {},
        "dropped": 0,
        "dropped_paragraphs": 0,
        "article_classes": 0,
        "rejects": str(tmp_path / "labeled" / "merge-rejects.jsonl"),
    }
    carried = invoke("annotations", "carry", annotations, release, "--from-release", release,
                     "--out", tmp_path / "carried", "--json")  # fmt: skip
    assert carried.exit_code == 0, carried.output
    assert json.loads(carried.stdout) == {
        "out": str(tmp_path / "carried"),
        "counts": {"carried": 11, "reanchored": 0, "needs-review": 0, "orphaned": 0},
    }


def test_choices_and_boolean_flags_show_in_help():
    help_text = CliRunner().invoke(app, ["annotations", "import", "--help"], env={"COLUMNS": "200"})
    text = help_text.stdout
    assert "label-studio|doccano|prodigy|argilla" in text
    assert "codepoint|utf16|grapheme" in text and "--json" in text and "--no-json" in text
    assert set(ToolName) == set(TOOLS)
