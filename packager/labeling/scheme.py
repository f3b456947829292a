"""Load a label scheme from a YAML/JSON file (checked against its schema) or from options."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from packager._types import StrPath
from packager.check.validator import RecordChecker
from packager.errors import ConfigError
from packager.labeling.models import ClassificationTask, LabelScheme, SpanTask


def load_scheme(path: StrPath) -> LabelScheme:
    """A scheme file: YAML (``.yaml``/``.yml``) or JSON, validated by label-scheme.schema.json."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text) if path.suffix in (".yaml", ".yml") else json.loads(text)
    except (OSError, ValueError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot read label scheme {path}: {exc}") from None
    problems = RecordChecker(("label-scheme",)).findings("label-scheme", data)
    if problems:
        first = problems[0]
        raise ConfigError(
            f"label scheme {path}: {first['message']} at {first['pointer'] or '/'}"
            + (f" (and {len(problems) - 1} more)" if len(problems) > 1 else "")
        )
    return LabelScheme.model_validate(data, strict=False)


def scheme_from_options(
    classes: list[str] | None, spans: list[str] | None, multi_label: bool
) -> LabelScheme:
    if not classes and not spans:
        raise ConfigError("give a label scheme: --scheme FILE, or --classes a,b and/or --spans X,Y")
    try:
        return LabelScheme(
            classification=ClassificationTask(labels=classes, multi_label=multi_label)
            if classes
            else None,
            spans=SpanTask(labels=spans) if spans else None,
        )
    except ValueError as exc:
        raise ConfigError(f"invalid label scheme: {exc}") from None
