"""The label scheme and the normalised annotation records (schemas generated from these)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from packager.models import ID20

TOOLS = ("label-studio", "doccano", "prodigy", "argilla")
Tool = Literal["label-studio", "doccano", "prodigy", "argilla"]


class ToolName(StrEnum):
    """The tools, as a choice the CLI shows in ``--help``."""

    LABEL_STUDIO = "label-studio"
    DOCCANO = "doccano"
    PRODIGY = "prodigy"
    ARGILLA = "argilla"


LabelName = Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[^\s<>\"&][^<>\"&]*$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class ClassificationTask(_Strict):
    """Paragraph classification: pick one label (or several with multi_label)."""

    labels: list[LabelName] = Field(min_length=1, description="The label names, in order.")
    multi_label: bool = Field(default=False, description="Allow several labels per paragraph.")


class SpanTask(_Strict):
    """Span labeling: mark stretches of the paragraph with a label."""

    labels: list[LabelName] = Field(min_length=1, description="The span label names, in order.")


class LabelScheme(_Strict):
    """What annotators are asked: paragraph classification and/or span labeling."""

    name: str = Field(default="labels", pattern=r"^[a-z][a-z0-9_-]{0,63}$")
    classification: ClassificationTask | None = None
    spans: SpanTask | None = None

    @model_validator(mode="after")
    def _needs_a_task(self) -> LabelScheme:
        if self.classification is None and self.spans is None:
            raise ValueError("a label scheme needs classification labels, span labels, or both")
        for task in (self.classification, self.spans):
            if task is not None and len(set(task.labels)) != len(task.labels):
                raise ValueError(f"duplicate label names in {task.labels}")
        return self


class AnnotationSource(_Strict):
    file: str = Field(description="The tool's export file the annotation was read from.")
    record: int = Field(ge=1, description="1-based record number (line for JSONL) in it.")


class AnnotationRecord(_Strict):
    """One annotation decision on one paragraph (or, for a class given to a whole article
    task, on one article), in Python code-point offsets."""

    annotation_id: ID20 = Field(description="Hash of tool, paragraph, annotator and content.")
    paragraph_id: ID20 | None = Field(
        description="The paragraph; null for an article-level classification."
    )
    article_id: ID20
    tool: Tool
    annotator: str | None = Field(description="The tool's user name or id, when it gives one.")
    task: Literal["classification", "span"]
    label: str | None = Field(description="Span label, or the single classification label.")
    labels: list[str] = Field(description="Classification labels (empty for a span).")
    start: int | None = Field(ge=0, description="Span start, code points into the paragraph.")
    end: int | None = Field(ge=1, description="Span end (exclusive), code points.")
    text: str | None = Field(description="The release paragraph sliced at start:end.")
    created_at: str | None = Field(description="When it was made, as the tool says (ISO 8601).")
    status: Literal["submitted", "accepted", "rejected", "draft"]
    source: AnnotationSource


class AnnotationReject(_Strict):
    """An annotation that could not be brought back, and why."""

    reason: Literal[
        "unknown-paragraph",
        "span-out-of-range",
        "span-mismatch",
        "unknown-label",
        "cancelled",
        "empty",
        "duplicate",
        "invalid-record",
        "span-crosses-paragraphs",
        "no-match",
        "ambiguous-match",
        "span-outside-release",
    ]
    message: str
    source: AnnotationSource
    paragraph_id: str | None
    article_id: str | None = Field(
        default=None, description="The article of an article task (--unit article)."
    )
