"""The published schemas: generated from the models, valid Draft 2020-12, never drifting."""

from __future__ import annotations

import json

import jsonschema
import pytest
from typer.testing import CliRunner

from packager.assemble import assemble
from packager.check.schemas import RECORD_KINDS, schema_filename
from packager.cli import app
from packager.ingest.raw import Metadata, RawArticle
from packager.models import ArticleRecord, ParagraphRecord, Source
from packager.schema_models import MODELS, generate_schema, schema_text

from ..conftest import REPO


@pytest.mark.parametrize("kind", RECORD_KINDS)
def test_committed_schema_is_what_the_models_generate(kind):
    committed = (REPO / "schemas" / schema_filename(kind)).read_text(encoding="utf-8")
    assert committed == schema_text(generate_schema(kind)), (
        f"schemas/{schema_filename(kind)} drifted from packager.models; "
        "run: packager schemas --out schemas"
    )


@pytest.mark.parametrize("kind", RECORD_KINDS)
def test_every_schema_is_draft_2020_12_with_an_id_and_a_version(kind):
    schema = json.loads((REPO / "schemas" / schema_filename(kind)).read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].endswith(":" + schema["version"])
    jsonschema.Draft202012Validator.check_schema(schema)


def test_the_schemas_command_writes_the_committed_files(tmp_path):
    result = CliRunner().invoke(app, ["schemas", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    for kind in RECORD_KINDS:
        assert (tmp_path / schema_filename(kind)).read_text() == (
            REPO / "schemas" / schema_filename(kind)
        ).read_text()


def test_assembled_records_have_the_models_keys_in_order_and_validate(settings):
    raw = RawArticle(
        "feed.jsonl",
        "a" * 64,
        "One.\nTwo.",
        Metadata(
            external_id="r1",
            url="https://x.example/1",
            title="T",
            authors=("Ann",),
            language="en",
            extra={"section": "Local"},
        ),
        "record",
        line=3,
        byte_start=10,
        byte_end=50,
    )
    assembled = assemble(raw, settings)
    assert list(assembled.article) == list(ArticleRecord.model_fields)
    assert list(assembled.article["source"]) == list(Source.model_fields)
    ArticleRecord.model_validate(assembled.article)
    for paragraph in assembled.paragraphs:
        assert list(paragraph) == list(ParagraphRecord.model_fields)
        ParagraphRecord.model_validate(paragraph)


def test_every_model_has_a_schema():
    assert set(MODELS) == set(RECORD_KINDS)
