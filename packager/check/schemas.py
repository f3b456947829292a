"""The published JSON Schemas: generated from the pydantic models, loaded at run time.

``schemas/*.schema.json`` is the contract users see. It is generated from
:mod:`packager.models` by ``packager schemas --out schemas`` and a test
fails when the committed files differ from what the models generate, so the two
cannot drift. At run time the build validates against the *files* (shipped in
the wheel as ``packager/_schemas``), not against the models.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from packager._types import StrPath
from packager.errors import SchemaError

if TYPE_CHECKING:
    from pydantic import BaseModel

DRAFT = "https://json-schema.org/draft/2020-12/schema"

# Bump a schema's version with any change to its model: major when a field is
# removed or tightened, minor when one is added.
SCHEMA_VERSIONS: dict[str, str] = {
    "paragraph": "1.3.0",  # 1.3.0: flag model-furniture
    "article": "1.2.0",
    "reject": "1.3.0",
    "manifest": "1.4.0",  # 1.4.0: settings.quality.furniture_model
    "label-scheme": "1.0.0",
    "annotation": "2.0.0",  # 2.0.0: paragraph_id may be null (article-level classes)
    "annotation-reject": "1.1.0",  # 1.1.0: article_id, reasons of article tasks and adopt
}
RECORD_KINDS = tuple(SCHEMA_VERSIONS)


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


def schema_id(kind: str) -> str:
    return f"urn:packager:schema:{kind}:{SCHEMA_VERSIONS[kind]}"


def generate_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema (Draft 2020-12) of one record kind, from its pydantic model."""
    body = _models()[kind].model_json_schema(schema_generator=_schema_generator())
    header = {"$schema": DRAFT, "$id": schema_id(kind), "version": SCHEMA_VERSIONS[kind]}
    return header | body


def schema_text(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def schema_filename(kind: str) -> str:
    return f"{kind}.schema.json"


def schemas_dir() -> Path:
    """Where the schema files are: inside the installed wheel, else the source checkout."""
    packaged = resources.files("packager") / "_schemas"
    if packaged.is_dir():
        return Path(str(packaged))
    checkout = Path(__file__).resolve().parents[2] / "schemas"
    if checkout.is_dir():
        return checkout
    raise SchemaError("the bundled schemas are missing; reinstall packager")


@cache
def load_schema(kind: str) -> dict[str, Any]:
    path = schemas_dir() / schema_filename(kind)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SchemaError(f"cannot read schema {path}: {exc}") from exc


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
