"""`packager --help` starts without the heavy libraries: each command imports what it uses.

Not timed (timings on a shared machine are noise): it checks which modules a fresh
interpreter has loaded. benchmarks/bench_startup.py measures the seconds.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from .conftest import REPO

# Each costs from tens of milliseconds (rich, jsonschema) to seconds (datasets, nltk
# with scipy); `packager --help` has 0.3 s in all. pydantic is loaded by Typer itself
# when a command runs, but --help and --version do without it.
HEAVY = (
    "datasets",
    "pandas",
    "nltk",
    "datasketch",
    "trafilatura",
    "scipy",
    "numpy",
    "pyarrow",
    "pyarrow.dataset",
    "pydantic",
    "jsonschema",
    "jsonschema_rs",
    "lxml",
    "httpx",
    "huggingface_hub",
    "py3langid",
    "numba",
    "ftfy",
    "yaml",
    "rich",
)

STARTS = {
    "import packager": "import packager",
    "import packager.cli": "import packager.cli",
    "packager --help": "import sys; sys.argv = ['packager', '--help']; "
    "import packager.cli\ntry:\n    packager.cli.main()\nexcept SystemExit:\n    pass",
    "packager --version": "import sys; sys.argv = ['packager', '--version']; "
    "import packager.cli\ntry:\n    packager.cli.main()\nexcept SystemExit:\n    pass",
}


def _modules_after(code: str) -> set[str]:
    script = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)), file=sys.stderr)"
    environment = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


@pytest.mark.parametrize("start", list(STARTS))
def test_starting_packager_imports_no_heavy_library(start):
    loaded = _modules_after(STARTS[start])
    assert "packager" in loaded
    assert sorted(name for name in HEAVY if name in loaded) == []


def test_the_lazy_public_names_are_the_real_ones():
    import packager
    from packager.check.report import validate_path
    from packager.settings import BuildSettings

    assert packager.validate_path is validate_path
    assert packager.BuildSettings is BuildSettings
    assert set(packager.__all__) <= set(dir(packager))
    for name in packager.__all__:
        assert getattr(packager, name) is not None
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        packager.nope  # noqa: B018


def test_the_console_made_on_first_use_draws_the_progress_bar_on_a_terminal(tmp_path):
    """rich's live display enters the console (``with console:``), not only its attributes."""
    environment = {**os.environ, "PYTHONPATH": str(REPO), "FORCE_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "packager", "build", "--out", str(tmp_path), "--workers", "1"],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "example-news" / "1.0.0" / "manifest.json").exists()
