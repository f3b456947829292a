"""The Python API: a complete, lazy front door; paths as str or PathLike; open_release."""

from __future__ import annotations

import ast
import inspect
import json
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import datasets
import pyarrow as pa
import pytest

import packager

from .conftest import EXAMPLE_RELEASE, REPO

HEAVY = ("datasets", "pandas", "pyarrow", "trafilatura", "datasketch", "nltk", "jsonschema")


def _static_imports() -> dict[str, str]:
    """public name -> "module" or "module:name", from the ``if TYPE_CHECKING:`` block."""
    tree = ast.parse((REPO / "packager" / "__init__.py").read_text())
    block = next(n for n in tree.body if isinstance(n, ast.If) and "TYPE_CHECKING" in ast.dump(n))
    names = {}
    for node in block.body:
        assert isinstance(node, ast.ImportFrom)
        for alias in node.names:
            public = alias.asname or alias.name
            names[public] = node.module + ("" if public == alias.name else f":{alias.name}")
    return names


def test_all_is_complete_and_every_name_resolves():
    assert set(packager.__all__) == {*packager._LAZY, "__version__"}
    assert _static_imports() == packager._LAZY  # what type checkers see is what you get
    for name in packager.__all__:
        assert getattr(packager, name) is not None, name
    assert set(packager.__all__) <= set(dir(packager))
    with pytest.raises(AttributeError, match="has no attribute 'nope'"):
        packager.nope  # noqa: B018


def test_no_public_name_is_shadowed_by_a_submodule():
    submodules = {module.name for module in pkgutil.iter_modules(packager.__path__)}
    assert not set(packager.__all__) & submodules


def test_every_public_function_and_class_has_a_docstring():
    for name in packager.__all__:
        value = getattr(packager, name)
        if inspect.isfunction(value) or inspect.isclass(value):
            own = value.__dict__.get("__doc__") if inspect.isclass(value) else value.__doc__
            # a dataclass without one gets its signature as __doc__
            assert own and not own.startswith(f"{value.__name__}("), (
                f"packager.{name}: no docstring"
            )


def test_the_cli_commands_are_reachable_from_import_packager():
    for name in (
        "build_release",
        "validate_path",
        "inspect_release",
        "write_schemas",
        "verify_release",
        "diff_releases",
        "export_release",
        "import_annotations",
        "adopt_annotations",
        "annotation_stats",
        "merge_annotations",
        "carry_annotations",
        "push_to_label_studio",
        "pull_from_label_studio",
        "open_release",
    ):
        assert callable(getattr(packager, name)), name


def test_import_packager_imports_nothing_heavy():
    code = (
        "import sys, packager\n"
        f"heavy = {HEAVY!r}\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & set(heavy)))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"


def test_library_modules_do_not_import_the_front_door():
    for path in (REPO / "packager").rglob("*.py"):
        if path.name == "__init__.py" and path.parent.name == "packager":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                assert "packager" not in [a.name for a in node.names], path
            if isinstance(node, ast.ImportFrom):
                assert node.module != "packager", path


def test_every_path_parameter_takes_a_str_or_pathlike():
    for name in packager.__all__:
        value = getattr(packager, name)
        if not inspect.isfunction(value):
            continue
        for parameter in inspect.signature(value).parameters.values():
            annotation = str(parameter.annotation)
            if "Path" in annotation:
                assert "StrPath" in annotation, f"packager.{name}({parameter.name}: {annotation})"


def test_the_package_is_typed():
    assert (REPO / "packager" / "py.typed").is_file()


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[str, str]:
    """A release built with str paths only (its input folder, its out folder)."""
    root = tmp_path_factory.mktemp("in")
    (root / "wire.jsonl").write_text(
        "".join(
            json.dumps({"id": f"w{n}", "text": f"Story {n}.\n\nMore on story {n}."}) + "\n"
            for n in range(12)
        )
    )
    out = str(tmp_path_factory.mktemp("dist"))
    settings = packager.BuildSettings(name="city", version="1.0.0")
    result = packager.build_release([str(root)], settings, out=out)
    assert result.release == Path(out) / "city" / "1.0.0"
    return str(result.release), out


def test_releases_over_time_take_str_paths(built, tmp_path):
    release, _ = built
    assert packager.validate_path(release).valid
    assert packager.verify_release(release, load=False).valid
    assert packager.inspect_release(release).articles == 12
    diff = packager.diff_releases(release, release)
    assert diff.suggested_bump == "none"
    written = packager.write_schemas(str(tmp_path / "schemas"))
    assert written and all(path.is_file() for path in written)


def test_the_labeling_round_trip_takes_str_paths(built, tmp_path):
    release, _ = built
    scheme_file = tmp_path / "scheme.yaml"
    scheme_file.write_text("classification:\n  labels: [news, opinion]\n")
    scheme = packager.load_scheme(str(scheme_file))
    exported = packager.export_release(release, "doccano", scheme, str(tmp_path / "tasks"))
    assert exported.tasks == 24
    rows = [
        {"id": n, "text": p["text"], "paragraph_id": p["paragraph_id"], "label": ["news"]}
        for n, p in enumerate(packager.open_release(release).paragraphs(), start=1)
    ]
    export_file = tmp_path / "maria.jsonl"
    export_file.write_text("".join(json.dumps(row) + "\n" for row in rows))
    annotations = str(tmp_path / "annotations")
    imported = packager.import_annotations(str(export_file), "doccano", release, annotations)
    assert imported.imported == 24
    assert packager.annotation_stats(annotations).classification_labels == {"news": 24}
    merged = packager.merge_annotations(annotations, release, str(tmp_path / "labeled"), scheme)
    assert sum(merged.rows.values()) == 24
    carried = packager.carry_annotations(annotations, release, release, str(tmp_path / "carried"))
    assert carried.counts["carried"] == 24


def test_open_release_reads_records_tables_and_the_manifest():
    release = packager.open_release(str(EXAMPLE_RELEASE))
    assert isinstance(release.manifest, packager.Manifest)
    assert (release.name, release.version) == ("example-news", "1.0.0")
    assert repr(release) == f"<PublishedRelease example-news 1.0.0 at {EXAMPLE_RELEASE}>"
    counts = release.manifest.counts
    paragraphs = list(release.paragraphs())
    assert len(paragraphs) == sum(counts.paragraphs.values())
    assert paragraphs[0] == json.loads(
        (EXAMPLE_RELEASE / "paragraphs.jsonl").read_text().splitlines()[0]
    )
    packager.ParagraphRecord.model_validate(paragraphs[0])
    assert len(list(release.articles())) == counts.accepted
    table = release.paragraphs_table()
    assert isinstance(table, pa.Table)
    assert table.column("paragraph_id").to_pylist() == [
        p["paragraph_id"] for split in release.splits for p in release.paragraphs(split=split)
    ]
    for split in release.splits:
        assert release.articles_table(split=split).num_rows == counts.articles[split]
        assert {a["split"] for a in release.articles(split=split)} == {split}


def test_open_release_says_what_is_wrong(tmp_path):
    with pytest.raises(
        packager.ConfigError, match=r"has no manifest\.json: not a packager release"
    ):
        packager.open_release(tmp_path)
    release = packager.open_release(EXAMPLE_RELEASE)
    message = "example-news 1.0.0 has no split 'dev'; its splits are train, validation, test"
    with pytest.raises(packager.ConfigError, match=message):
        release.paragraphs(split="dev")
    with pytest.raises(packager.ConfigError, match=message):
        release.articles_table(split="dev")
    with pytest.raises(packager.ConfigError, match="unknown config 'words'"):
        release.load("words")  # type: ignore[arg-type]


def test_open_release_verifies_and_loads(tmp_path):
    release = packager.open_release(EXAMPLE_RELEASE)
    report = release.verify(load=False)
    assert isinstance(report, packager.VerifyReport) and report.valid
    dataset = release.load(cache_dir=str(tmp_path / "cache"))
    assert isinstance(dataset, datasets.DatasetDict)
    assert set(dataset) == set(release.splits)
    assert (
        dataset["test"]["paragraph_id"]
        == release.paragraphs_table("test")["paragraph_id"].to_pylist()
    )
