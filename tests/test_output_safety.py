"""Output never escapes the folder the user chose, whatever is planted in it or in a release.

A link inside an output folder (a file that points at ``~/.bashrc``, a ``data``
folder that points at ``/etc``), a release whose records name a split like
``../../x``, a resume folder someone else can write: each is replaced, refused
with one clear ``Error:`` line, or never trusted, and the file outside is left
as it was.
"""

from __future__ import annotations

import json
import pickle
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from packager.build import EXAMPLE_CORPUS
from packager.build.workspace import checkpoint_folder
from packager.cli import app
from packager.errors import ConfigError
from packager.ingest.discover import discover
from packager.labeling.task_files import default_export_folder
from packager.publish.version import release_path
from packager.settings import BuildSettings

from .conftest import EXAMPLE_RELEASE

UNTOUCHED = "a file outside every output folder\n"


def run(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(app, [str(arg) for arg in args])
    assert "Traceback" not in result.output
    return result.exit_code, result.output


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "victim.txt").write_text(UNTOUCHED)
    return folder


def untouched(outside: Path) -> bool:
    return [p.name for p in outside.iterdir()] == ["victim.txt"] and (
        (outside / "victim.txt").read_text() == UNTOUCHED
    )


@pytest.fixture
def release(tmp_path: Path) -> Path:
    copy = tmp_path / "dist" / "example-news" / "1.0.0"
    shutil.copytree(EXAMPLE_RELEASE, copy)
    return copy


@pytest.fixture
def annotations(release: Path, tmp_path: Path) -> Path:
    """The release exported to Doccano, one paragraph labeled, imported back."""
    code, output = run(
        "export", release, "--to", "doccano", "--classes", "news,other", "--out", tmp_path / "ex"
    )
    assert code == 0, output
    first = json.loads((tmp_path / "ex" / "tasks-00000.jsonl").read_text().splitlines()[0])
    export = tmp_path / "all.jsonl"
    export.write_text(json.dumps(first | {"label": ["news"]}) + "\n")
    code, output = run(
        "annotations",
        "import",
        export,
        "--from",
        "doccano",
        "--release",
        release,
        "--out",
        tmp_path / "ann",
    )
    assert code == 0, output
    return tmp_path / "ann"


def _commands(release: Path, annotations: Path, out: Path) -> dict[str, tuple[list, str]]:
    """Each command that writes into a folder, and one file it writes there."""
    return {
        "export": (
            ["export", release, "--to", "prodigy", "--classes", "news", "--out", out],
            "tasks-00000.jsonl",
        ),
        "export index": (
            ["export", release, "--to", "argilla", "--classes", "news", "--out", out],
            "export-index.json",
        ),
        "annotations import": (
            [
                "annotations",
                "import",
                annotations.parent / "all.jsonl",
                "--from",
                "doccano",
                "--release",
                release,
                "--out",
                out,
            ],
            "annotations.jsonl",
        ),
        "annotations merge": (
            ["annotations", "merge", annotations, "--release", release, "--out", out],
            "README.md",
        ),
        "schemas": (["schemas", "--out", out], "paragraph.schema.json"),
    }


COMMANDS = ["export", "export index", "annotations import", "annotations merge", "schemas"]


@pytest.mark.parametrize("command", COMMANDS)
def test_a_link_planted_in_an_output_folder_is_replaced_not_written_through(
    command, release, annotations, outside, tmp_path
):
    out = tmp_path / "out"
    args, name = _commands(release, annotations, out)[command]
    if command == "schemas":
        out.mkdir()
    else:  # the commands that replace their folder whole refuse one they did not write
        code, output = run(*args)
        assert code == 0, output
        (out / name).unlink()
    (out / name).symlink_to(outside / "victim.txt")
    # without the card that marks it, the folder is no longer a labeled dataset of packager's
    code, output = run(*args, *(["--force"] if command == "annotations merge" else []))
    assert code == 0, output
    assert untouched(outside)
    assert not (out / name).is_symlink() and (out / name).stat().st_size > 0


def test_a_folder_link_planted_in_an_output_folder_is_never_written_through(
    release, annotations, outside, tmp_path
):
    out = tmp_path / "labeled"
    out.mkdir()
    (out / "data").symlink_to(outside)
    code, output = run("annotations", "merge", annotations, "--release", release, "--out", out)
    assert code == 1
    assert output.strip() == (
        f"Error: {out} is not empty and is not a labeled dataset of packager annotations "
        "merge; a merge replaces its folder whole: choose another --out, or --force to "
        "replace it"
    )
    assert untouched(outside)
    code, output = run(
        "annotations", "merge", annotations, "--release", release, "--out", out, "--force"
    )
    assert code == 0, output
    assert not (out / "data").is_symlink() and list((out / "data").glob("*.parquet"))
    assert untouched(outside)


def test_a_split_name_in_a_release_cannot_send_the_labeled_dataset_elsewhere(
    release, annotations, outside, tmp_path
):
    paragraphs = release / "paragraphs.jsonl"
    records = [json.loads(line) for line in paragraphs.read_text().splitlines()]
    for record in records:
        record["split"] = "../../outside/pwned"
    paragraphs.write_text("".join(json.dumps(r) + "\n" for r in records))
    code, output = run(
        "annotations", "merge", annotations, "--release", release, "--out", tmp_path / "labeled"
    )
    assert code == 1
    annotated = json.loads((annotations / "annotations.jsonl").read_text())["paragraph_id"]
    assert output.strip() == (
        f"Error: paragraph '{annotated}' of {release} has split '../../outside/pwned', which is "
        "not a split name (lower-case letters, digits and _); run packager verify on the release"
    )
    assert untouched(outside)


def _build(out: Path) -> tuple[int, str]:
    return run("build", "--out", out)


def test_a_release_folder_that_is_a_link_is_refused(outside, tmp_path):
    out = tmp_path / "dist"
    out.mkdir()
    (out / "example-news").symlink_to(outside)
    code, output = _build(out)
    assert code == 1
    assert output.strip() == (
        f"Error: {out / 'example-news'} is a symbolic link or a file, not a folder; packager "
        "writes only into real folders under --out: remove it, or choose another --out"
    )
    assert untouched(outside)


def test_an_out_folder_that_is_a_link_is_where_the_user_asked_for_output(outside, tmp_path):
    (tmp_path / "dist").symlink_to(outside)
    code, output = _build(tmp_path / "dist")
    assert code == 0, output
    assert (outside / "example-news" / "1.0.0" / "manifest.json").is_file()


class _Planted:
    """A pickle that, when loaded, leaves a mark: what an attacker would plant."""

    def __init__(self, mark: Path) -> None:
        self.mark = mark

    def __reduce__(self):
        return (Path.touch, (self.mark,))


@pytest.mark.parametrize("kind", ["a link", "writable by others"])
def test_a_resume_folder_someone_else_could_write_is_never_trusted(kind, outside, tmp_path):
    """Saved batches are pickles, which run code when loaded: a resume folder that is a
    link or that others can write is neither read nor written; the build still runs."""
    out = tmp_path / "dist"
    (out / "example-news").mkdir(parents=True)
    final = release_path(out, "example-news", "1.0.0")
    key = checkpoint_folder(
        final,
        BuildSettings(name="example-news", version="1.0.0"),
        discover([EXAMPLE_CORPUS], exclude=out),
    )
    work = key.parent
    planted = outside / "planted"
    if kind == "a link":
        planted.mkdir()
        work.symlink_to(planted)
    else:
        work.mkdir()
        work.chmod(0o777)
        planted = work
    mark = tmp_path / "the-pickle-ran"
    (planted / key.name).mkdir()
    (planted / key.name / "survey-0000000.pickle").write_bytes(pickle.dumps(_Planted(mark)))
    code, output = _build(out)
    assert code == 0, output
    assert not mark.exists()
    assert f"warning: {work} is not a private folder of this user" in output
    assert (final / "manifest.json").is_file()
    assert (planted / key.name / "survey-0000000.pickle").exists()  # not ours to delete
    assert sorted(p.name for p in (planted / key.name).iterdir()) == ["survey-0000000.pickle"]


@pytest.mark.parametrize(
    "args",
    [
        ["export", EXAMPLE_RELEASE, "--to", "doccano", "--classes", "news", "--out"],
        ["schemas", "--out"],
    ],
    ids=["export", "schemas"],
)
def test_an_out_that_is_a_file_is_one_clear_error(args, tmp_path):
    taken = tmp_path / "taken"
    taken.write_text("not a folder\n")
    code, output = run(*args, taken)
    assert code == 1
    assert output.strip() == f"Error: {taken} exists and is not a folder; choose another --out"
    assert taken.read_text() == "not a folder\n"


def test_the_default_export_folder_comes_from_the_manifest(release, monkeypatch):
    monkeypatch.chdir(release)  # "." has no useful folder names of its own
    assert default_export_folder(Path("."), "doccano") == Path("exports/example-news-1.0.0/doccano")
    manifest = json.loads((release / "manifest.json").read_text())
    (release / "manifest.json").write_text(json.dumps(manifest | {"name": "../../x"}))
    with pytest.raises(ConfigError, match="has no valid name and version; pass --out"):
        default_export_folder(Path("."), "doccano")


def test_a_lock_file_that_is_a_link_is_refused(outside, tmp_path):
    out = tmp_path / "dist"
    (out / "example-news").mkdir(parents=True)
    lock = out / "example-news" / ".1.0.0.lock"
    lock.symlink_to(outside / "victim.txt")
    code, output = _build(out)
    assert code == 1
    assert output.strip() == (
        f"Error: cannot lock {lock} (Too many levels of symbolic links); a lock file is an "
        "empty plain file: remove what is there, then run again"
    )
    assert untouched(outside)


def test_a_killed_command_leaves_no_half_file_and_its_leftovers_are_cleared(release, tmp_path):
    out = tmp_path / "out"
    export = ("export", release, "--to", "doccano", "--classes", "news", "--out", out)
    code, output = run(*export)
    assert code == 0, output
    left = out / ".tasks-00000.jsonl.partial-999999999"  # no such process: it was killed
    left.write_text('{"text": "half a ta')
    code, output = run(*export)
    assert code == 0, output
    assert not left.exists()
    assert not [p.name for p in out.iterdir() if ".partial-" in p.name]
