"""The pydantic model behind each published schema, and the schema files written from them.

The models live with what they describe (:mod:`packager.models` for a release's
records, :mod:`packager.labeling.models` for the labeling round trip); this module
sits above both, so :mod:`packager.check` needs neither: it validates against the
committed files (see :mod:`packager.check.schemas`).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from packager._types import StrPath
from packager.check.schemas import DRAFT, RECORD_KINDS, SCHEMA_VERSIONS, schema_filename, schema_id

if TYPE_CHECKING:
    from pydantic import BaseModel


@cache
def _models() -> dict[str, type[BaseModel]]:
    """The pydantic model of each record kind.

    Imported here, not at the top: validating against the schema files must not
    pay for building every model (a third of ``packager validate``'s time).
    """
    from packager.labeling.models import AnnotationRecord, AnnotationReject, LabelScheme
    from packager.models import ArticleRecord, Manifest, ParagraphRecord, RejectRecord

    return {
        "paragraph": ParagraphRecord,
        "article": ArticleRecord,
        "reject": RejectRecord,
        "manifest": Manifest,
        "label-scheme": LabelScheme,
        "annotation": AnnotationRecord,
        "annotation-reject": AnnotationReject,
    }


def __getattr__(name: str) -> Any:
    if name == "MODELS":  # PEP 562: built on first use, see _models
        return _models()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@cache
def _schema_generator() -> type:
    from pydantic.json_schema import GenerateJsonSchema

    class NoAutoTitles(GenerateJsonSchema):
        """Leave out pydantic's generated per-field titles ("Paragraph Id"): noise in a contract."""

        def field_title_should_be_set(self, schema: Any) -> bool:  # noqa: ARG002 (pydantic's hook)
            return False

    return NoAutoTitles


def generate_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema (Draft 2020-12) of one record kind, from its pydantic model."""
    body = _models()[kind].model_json_schema(schema_generator=_schema_generator())
    header = {"$schema": DRAFT, "$id": schema_id(kind), "version": SCHEMA_VERSIONS[kind]}
    return header | body


def schema_text(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def write_schemas(target: StrPath) -> list[Path]:
    """Write the JSON Schema of every record kind into ``target``; returns the files.

    Each file is written under a temporary name and renamed into place, under the
    folder's lock (:func:`packager.publish.folder.output_lock`): a killed run leaves every file
    old or new, never half written. The folder itself is not replaced: it may be the
    user's own (``--out .``), with other files in it."""
    target = Path(target)
    from packager.publish.files import output_folder, write_text
    from packager.publish.folder import final_folder, output_lock

    names = {kind: schema_filename(kind) for kind in RECORD_KINDS}
    with output_lock(final_folder(target), target):
        output_folder(target)
        for kind, name in names.items():
            write_text(target / name, schema_text(generate_schema(kind)))
    return [target / name for name in names.values()]
