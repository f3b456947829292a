"""The compiled validator (hot path) and jsonschema (explanations) agree, mistake by mistake."""

from __future__ import annotations

import copy

import jsonschema
import pytest

from packager.check.schemas import load_schema
from packager.check.validator import RecordChecker, json_pointer

SOURCE = {
    "path": "news/a.txt",
    "url": None,
    "sha256": "a" * 64,
    "line_start": 1,
    "line_end": 1,
    "byte_start": 0,
    "byte_end": 9,
    "element": None,
}
PARAGRAPH = {
    "paragraph_id": "0" * 20,
    "article_id": "1" * 20,
    "split": "train",
    "index": 0,
    "text": "Ferry back",
    "char_start": 0,
    "char_end": 10,
    "n_chars": 10,
    "kind": "body",
    "flags": [{"code": "repeated-across-source", "count": 3, "detail": "publisher:x"}],
    "source": SOURCE,
}
ARTICLE = {
    "article_id": "1" * 20,
    "external_id": None,
    "split": "train",
    "title": "T",
    "url": "https://x.example/a",
    "publisher": None,
    "published_at": "2026-03-14T08:30:00Z",
    "authors": ["Ann"],
    "language": "en",
    "license": "CC-BY-4.0",
    "text": "Ferry back",
    "n_paragraphs": 1,
    "n_chars": 10,
    "paragraph_convention": "line",
    "language_source": "metadata",
    "duplicate_of": None,
    "dup_group": "1" * 20,
    "extra": "{}",
    "source": SOURCE,
}


def mutate(record, pointer, value=..., delete=False):
    changed = copy.deepcopy(record)
    *parents, last = pointer.strip("/").split("/")
    target = changed
    for key in parents:
        target = target[int(key)] if isinstance(target, list) else target[key]
    index = int(last) if isinstance(target, list) else last
    if delete:
        del target[index]
    else:
        target[index] = value
    return changed


# Every kind of mistake the schemas catch, with where it should be reported.
MISTAKES = [
    ("paragraph", mutate(PARAGRAPH, "/text", delete=True), ""),  # required
    ("paragraph", mutate(PARAGRAPH, "/colour", "red"), ""),  # additionalProperties
    ("paragraph", mutate(PARAGRAPH, "/index", "0"), "/index"),  # type
    ("paragraph", mutate(PARAGRAPH, "/index", 1.5), "/index"),  # integer
    ("paragraph", mutate(PARAGRAPH, "/index", True), "/index"),  # bool is not integer
    ("paragraph", mutate(PARAGRAPH, "/char_start", -1), "/char_start"),  # minimum
    ("paragraph", mutate(PARAGRAPH, "/text", ""), "/text"),  # minLength
    ("paragraph", mutate(PARAGRAPH, "/paragraph_id", "XYZ"), "/paragraph_id"),  # pattern
    ("paragraph", mutate(PARAGRAPH, "/split", "Train!"), "/split"),  # pattern
    ("paragraph", mutate(PARAGRAPH, "/source/sha256", "abc"), "/source/sha256"),  # nested
    ("paragraph", mutate(PARAGRAPH, "/source/line_start", 0), "/source/line_start"),
    ("paragraph", mutate(PARAGRAPH, "/source/path", None), "/source/path"),  # null not allowed
    ("paragraph", mutate(PARAGRAPH, "/source", "news/a.txt"), "/source"),  # object type
    ("paragraph", mutate(PARAGRAPH, "/kind", "advert"), "/kind"),  # enum
    ("paragraph", mutate(PARAGRAPH, "/flags/0/code", "spam"), "/flags/0/code"),  # nested enum
    ("paragraph", mutate(PARAGRAPH, "/flags/0/count", "3"), "/flags/0/count"),
    ("article", mutate(ARTICLE, "/published_at", "March 3"), "/published_at"),  # nullable+pattern
    ("article", mutate(ARTICLE, "/url", "ftp://x"), "/url"),
    ("article", mutate(ARTICLE, "/title", 42), "/title"),  # nullable + type
    ("article", mutate(ARTICLE, "/authors", "Ann"), "/authors"),  # array
    ("article", mutate(ARTICLE, "/authors", ["Ann", 3]), "/authors/1"),  # items
    ("article", mutate(ARTICLE, "/language", "English"), "/language"),
    ("article", mutate(ARTICLE, "/paragraph_convention", "para"), "/paragraph_convention"),  # enum
    ("article", mutate(ARTICLE, "/n_paragraphs", 0), "/n_paragraphs"),
    ("article", "not an object", ""),
]


@pytest.fixture(scope="module")
def checker():
    return RecordChecker()


@pytest.mark.parametrize(("kind", "record"), [("paragraph", PARAGRAPH), ("article", ARTICLE)])
def test_valid_records_pass_both_validators(checker, kind, record):
    assert checker.is_valid(kind, record)
    assert checker.findings(kind, record) == []
    jsonschema.validate(record, load_schema(kind), cls=jsonschema.Draft202012Validator)


@pytest.mark.parametrize(("kind", "record", "pointer"), MISTAKES)
def test_both_validators_reject_each_mistake_and_name_where(checker, kind, record, pointer):
    reference = jsonschema.Draft202012Validator(load_schema(kind))
    assert not reference.is_valid(record)
    assert not checker.is_valid(kind, record)
    findings = checker.findings(kind, record)
    assert findings and all(f["code"] == "schema-invalid" for f in findings)
    assert pointer in [f["pointer"] for f in findings]


def test_a_pattern_failure_names_the_expected_format(checker):
    [finding] = checker.findings("article", mutate(ARTICLE, "/published_at", "March 3"))
    assert finding["message"] == '"March 3" is not valid here, expected: ISO 8601 date or datetime'


def test_json_pointer_escapes():
    assert json_pointer(["a/b", "c~d", 0]) == "/a~1b/c~0d/0"
    assert json_pointer([]) == ""


def test_validate_knows_the_annotation_files_by_name():
    from pathlib import Path

    from packager.check.report import kind_for_file

    assert kind_for_file(Path("ann/annotations.jsonl")) == "annotation"
    assert kind_for_file(Path("ann/annotation-rejects.jsonl")) == "annotation-reject"
    assert kind_for_file(Path("labeled/merge-rejects.jsonl")) == "annotation-reject"
    assert kind_for_file(Path("dist/x/1.0.0/rejects.jsonl")) == "reject"
