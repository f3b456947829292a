"""Agreement figures against hand-worked values, and the labeled dataset through load_dataset."""

from __future__ import annotations

import json
from pathlib import Path

import datasets
import pytest
from typer.testing import CliRunner

from packager.build import build_release
from packager.cli import app
from packager.labeling.importing import import_annotations
from packager.labeling.merge import merge_annotations
from packager.labeling.scheme import load_scheme
from packager.labeling.stats import annotation_stats
from packager.settings import BuildSettings

from .conftest import REPO

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
