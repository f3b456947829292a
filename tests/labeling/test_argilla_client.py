"""Argilla's own client (the ``argilla`` package, 2.x) reads what packager writes, and back.

No Argilla server runs here: the client only asks a server who is logged in when it is
made, so that one request is answered in-process and any other request fails the test.
Settings, records, suggestions and responses are Argilla's own classes throughout.
"""

from __future__ import annotations

import json
import uuid
import warnings
from pathlib import Path

import httpx
import pytest

from packager.labeling.importing import import_annotations
from packager.labeling.scheme import load_scheme
from packager.labeling.task_files import export_release

from ..conftest import EXAMPLE_RELEASE
from .test_labeling import SCHEME, paragraphs, span_positions, utf16

with warnings.catch_warnings():  # argilla 2.8 still declares class-based pydantic configs
    warnings.filterwarnings("ignore", "Support for class-based `config`", DeprecationWarning)
    import argilla as rg
    from argilla.records._io import GenericIO, JsonIO

USER = uuid.UUID("00000000-0000-0000-0000-00000000a11a")


def _only_who_am_i(request: httpx.Request) -> httpx.Response:
    if request.url.path == "/api/v1/me":
        return httpx.Response(200, json={"id": str(USER), "username": "ana", "role": "owner"})
    raise AssertionError(f"the test has no Argilla server: {request.method} {request.url}")


@pytest.fixture(scope="module", autouse=True)
def client():
    """The default client Argilla's settings and records attach to."""
    rg.Argilla(
        api_url="http://argilla.invalid",
        api_key="offline",
        mounts={"http://": httpx.MockTransport(_only_who_am_i)},
    )


def _model_rows(release: Path, tmp_path: Path) -> Path:
    """A predictions file: a class and a span on each of the first three body paragraphs."""
    rows = []
    for paragraph in [p for p in paragraphs(release) if p["kind"] == "body"][:3]:
        word = paragraph["text"].split()[1]
        start, end = span_positions(paragraph["text"], word)
        pid = paragraph["paragraph_id"]
        rows.append({"paragraph_id": pid, "labels": ["news"]})
        rows.append({"paragraph_id": pid, "start": start, "end": end, "label": "PLACE"})
    path = tmp_path / "model.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    return path


@pytest.mark.parametrize("multi_label", [False, True])
def test_argillas_client_loads_the_settings_and_every_record(multi_label, tmp_path):
    scheme = load_scheme(SCHEME)
    scheme = scheme.model_copy(
        update={
            "classification": scheme.classification.model_copy(update={"multi_label": multi_label})
        }
    )
    out = tmp_path / "argilla"
    result = export_release(
        EXAMPLE_RELEASE,
        "argilla",
        scheme,
        out,
        batch_size=40,
        all_kinds=True,
        predictions=_model_rows(EXAMPLE_RELEASE, tmp_path),
    )
    settings = rg.Settings.from_json(out / "settings.json")
    assert settings.serialize() == json.loads((out / "settings.json").read_text())
    dataset = rg.Dataset(name="news", settings=settings)
    options = {q.name: {o["value"] for o in q._model.settings.options} for q in settings.questions}
    loaded = 0
    for batch in result.batches:
        for written in json.loads((out / batch["file"]).read_text()):
            record = rg.Record.from_dict(written)
            assert record.to_dict() == written | {"_server_id": None}  # nothing dropped
            assert set(record.fields) <= {f.name for f in settings.fields}
            assert set(record.metadata) == {m.name for m in settings.metadata}
            for suggestion in record.suggestions:
                values = (
                    suggestion.value if isinstance(suggestion.value, list) else [suggestion.value]
                )
                chosen = {v["label"] if isinstance(v, dict) else v for v in values}
                assert chosen <= options[suggestion.question_name]
            record.dataset = dataset
            model = record.api_model()  # what records.log sends for the record
            assert model.external_id == written["id"]
            loaded += 1
    assert loaded == result.tasks == len(paragraphs(EXAMPLE_RELEASE))
    suggested = [
        rg.Record.from_dict(r)
        for batch in result.batches
        for r in json.loads((out / batch["file"]).read_text())
        if r["suggestions"]
    ]
    assert len(suggested) == result.predicted == 3
    label = suggested[0].suggestions["label"].value
    assert label == (["news"] if multi_label else "news")


def _annotated_records(release: Path) -> list:
    """Records with submitted responses, the way annotators leave them in Argilla."""
    records = []
    for paragraph in [p for p in paragraphs(release) if p["kind"] == "body"][:4]:
        text = paragraph["text"]
        word = text.split()[1]
        start, end = span_positions(text, word)
        span = {"start": utf16(text, start), "end": utf16(text, end), "label": "PLACE"}
        responses = [
            rg.Response(question_name="label", value="news", user_id=USER, status="submitted"),
            rg.Response(question_name="spans", value=[span], user_id=USER, status="submitted"),
        ]
        records.append(
            rg.Record(id=paragraph["paragraph_id"], fields={"text": text}, responses=responses)
        )
    return records


@pytest.mark.parametrize("form", ["records.to_json", "to_list(flatten=True)"])
def test_what_argilla_exports_comes_back(form, tmp_path):
    records = _annotated_records(EXAMPLE_RELEASE)
    path = tmp_path / "records.json"
    if form == "records.to_json":
        JsonIO.to_json(records, path)
    else:
        path.write_text(json.dumps(GenericIO.to_list(records, flatten=True)))
    result = import_annotations(path, "argilla", EXAMPLE_RELEASE, tmp_path / "out")
    assert (result.imported, sum(result.rejected.values())) == (8, 0)
    assert dict(result.by_task) == {"classification": 4, "span": 4}
    rows = [
        json.loads(x) for x in (tmp_path / "out" / "annotations.jsonl").read_text().splitlines()
    ]
    assert {r["annotator"] for r in rows} == {str(USER)}
    for row in rows:
        if row["task"] == "span":
            assert row["text"] == row["text"].strip() and row["label"] == "PLACE"


def test_exported_records_come_back_with_no_responses_as_empty_rejects(tmp_path):
    export_release(EXAMPLE_RELEASE, "argilla", load_scheme(SCHEME), tmp_path / "rg")
    batch = tmp_path / "rg" / "tasks-00000.json"
    result = import_annotations(batch, "argilla", EXAMPLE_RELEASE, tmp_path / "out")
    assert result.imported == 0
    assert dict(result.rejected) == {"empty": len(json.loads(batch.read_text()))}


def test_argillas_client_loads_context_settings_and_article_records(tmp_path):
    scheme = load_scheme(SCHEME)
    export_release(EXAMPLE_RELEASE, "argilla", scheme, tmp_path / "ctx", context=1)
    settings = rg.Settings.from_json(tmp_path / "ctx" / "settings.json")
    assert [f.name for f in settings.fields][:3] == ["context_before", "text", "context_after"]
    for written in json.loads((tmp_path / "ctx" / "tasks-00000.json").read_text()):
        record = rg.Record.from_dict(written)
        assert set(record.fields) <= {f.name for f in settings.fields}
    export_release(EXAMPLE_RELEASE, "argilla", scheme, tmp_path / "art", unit="article")
    settings = rg.Settings.from_json(tmp_path / "art" / "settings.json")
    dataset = rg.Dataset(name="articles", settings=settings)
    annotated = []
    for written in json.loads((tmp_path / "art" / "tasks-00000.json").read_text()):
        record = rg.Record.from_dict(written)
        record.dataset = dataset
        assert record.api_model().external_id == written["id"]
        text = written["fields"]["text"]
        last = text[text.rindex("\n\n") + 2 :] if "\n\n" in text else text
        start = len(text) - len(last)  # the last paragraph, whole, in UTF-16 units
        span = {"start": utf16(text, start), "end": utf16(text, len(text)), "label": "PLACE"}
        responses = [
            rg.Response(question_name="label", value="news", user_id=USER, status="submitted"),
            rg.Response(question_name="spans", value=[span], user_id=USER, status="submitted"),
        ]
        annotated.append(rg.Record(id=written["id"], fields={"text": text}, responses=responses))
    JsonIO.to_json(annotated, tmp_path / "records.json")
    result = import_annotations(
        tmp_path / "records.json", "argilla", EXAMPLE_RELEASE, tmp_path / "o"
    )
    assert not result.rejected
    assert dict(result.by_task) == {"classification": len(annotated), "span": len(annotated)}
    by_pid = {p["paragraph_id"]: p for p in paragraphs(EXAMPLE_RELEASE)}
    rows = [json.loads(x) for x in (tmp_path / "o" / "annotations.jsonl").read_text().splitlines()]
    for row in rows:
        if row["task"] == "span":
            assert by_pid[row["paragraph_id"]]["text"] == row["text"]  # the whole paragraph
        else:
            assert row["paragraph_id"] is None and row["article_id"] in {r.id for r in annotated}
