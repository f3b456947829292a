"""The published JSON Schemas, loaded at run time: their kinds, versions, IDs and files.

``schemas/*.schema.json`` is the contract users see. It is generated from the
pydantic models by :mod:`packager.schema_models` (``packager schemas --out
schemas``) and a test fails when the committed files differ from what the models
generate, so the two cannot drift. At run time the build validates against the
*files* (shipped in the wheel as ``packager/_schemas``), not against the models:
so this module needs none of them.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from packager.errors import SchemaError

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


def schema_id(kind: str) -> str:
    return f"urn:packager:schema:{kind}:{SCHEMA_VERSIONS[kind]}"


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
        schema: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return schema
    except (OSError, ValueError) as exc:
        raise SchemaError(f"cannot read schema {path}: {exc}") from exc
