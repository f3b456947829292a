"""Label Studio: tasks JSON (``data`` holds the context) and a generated labeling config.

The text object is named ``paragraph`` and the controls ``span`` and ``label``, so
no task data key (``text``, ``paragraph_id``, ``article_id``, ``title``, ``url``,
``position``, ``kind``) equals a tag name, and no key is ``id`` (Label Studio's
own). Offsets of ``<Text granularity="symbol">`` are code points.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from packager.labeling.models import LabelScheme
from packager.labeling.tasks import Task

OBJECT_NAME = "paragraph"
SPAN_CONTROL = "span"
CHOICE_CONTROL = "label"
EXTENSION = ".json"


def task(item: Task, scheme: LabelScheme) -> dict[str, Any]:
    return {
        "data": {
            "text": item.text,
            "paragraph_id": item.paragraph_id,
            "article_id": item.article_id,
            "title": item.title or "",
            "url": item.url or "",
            "position": item.position,
            "kind": item.kind,
        }
    }


def label_config(scheme: LabelScheme) -> str:
    view = ET.Element("View")
    ET.SubElement(view, "Header", value="$title")
    ET.SubElement(view, "Text", name=OBJECT_NAME, value="$text", granularity="symbol")
    if scheme.spans is not None:
        labels = ET.SubElement(view, "Labels", name=SPAN_CONTROL, toName=OBJECT_NAME)
        for label in scheme.spans.labels:
            ET.SubElement(labels, "Label", value=label)
    if scheme.classification is not None:
        choice = "multiple" if scheme.classification.multi_label else "single"
        choices = ET.SubElement(
            view, "Choices", name=CHOICE_CONTROL, toName=OBJECT_NAME, choice=choice
        )
        for label in scheme.classification.labels:
            ET.SubElement(choices, "Choice", value=label)
    ET.indent(view)
    return ET.tostring(view, encoding="unicode") + "\n"


def config_files(scheme: LabelScheme) -> dict[str, str]:
    return {"label_config.xml": label_config(scheme)}
