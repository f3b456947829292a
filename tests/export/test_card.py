"""The dataset card as the Hub reads it, the home page only when given, option checks."""

from __future__ import annotations

import json

from huggingface_hub import DatasetCard
from typer.testing import CliRunner

from packager.cli import app

from ..conftest import EXAMPLE_RELEASE

HUB_SIZE_CATEGORIES = {
    "n<1K",
    "1K<n<10K",
    "10K<n<100K",
    "100K<n<1M",
    "1M<n<10M",
    "10M<n<100M",
    "100M<n<1B",
    "1B<n<10B",
    "10B<n<100B",
    "100B<n<1T",
    "n>1T",
}
ARTICLES = {
    "a.txt": "The harbour reopened on Monday after the storm.\nBoats came back at dawn.\n",
    "a.meta.json": '{"language": "en", "authors": ["Ana Ruiz"]}',
}


def is_list_of_str(value) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def test_the_example_card_loads_with_the_metadata_the_hub_expects():
    card = DatasetCard.load(EXAMPLE_RELEASE / "README.md")
    data = card.data.to_dict()
    expected_types = {
        "language": is_list_of_str,
        "license": lambda v: isinstance(v, str),
        "multilinguality": lambda v: v in ("monolingual", "multilingual"),
        "size_categories": lambda v: is_list_of_str(v) and set(v) <= HUB_SIZE_CATEGORIES,
        "language_creators": is_list_of_str,
        "source_datasets": is_list_of_str,
        "pretty_name": lambda v: isinstance(v, str),
        "tags": is_list_of_str,
        "configs": lambda v: isinstance(v, list) and all(isinstance(c, dict) for c in v),
        "dataset_info": lambda v: isinstance(v, list) and all(isinstance(c, dict) for c in v),
    }
    assert set(data) == set(expected_types)
    for key, check in expected_types.items():
        assert check(data[key]), (key, data[key])
    manifest = json.loads((EXAMPLE_RELEASE / "manifest.json").read_text())
    assert data["language"] == sorted(manifest["counts"]["languages"]) == ["el", "en", "ja"]
    assert data["multilinguality"] == "multilingual"
    assert data["size_categories"] == ["n<1K"]
    for section in (
        "## Uses",
        "## Source data",
        "## Personal and sensitive information",
        "## Bias, risks and limitations",
    ):
        assert section in card.text
    assert "Bylines are data here" in card.text
    assert "huggingface.co" not in (EXAMPLE_RELEASE / "croissant.json").read_text()
    assert "url" not in json.loads((EXAMPLE_RELEASE / "croissant.json").read_text())
    assert "homepage" not in json.loads((EXAMPLE_RELEASE / "datapackage.json").read_text())
    assert "Home page" not in card.text


def test_homepage_is_written_where_given_and_languages_unknown_are_left_out(write_files, tmp_path):
    root = write_files({"a.txt": "Hi.\n"})  # too short to detect a language
    out = tmp_path / "dist"
    result = CliRunner().invoke(
        app,
        [
            "build",
            str(root),
            "--out",
            str(out),
            "--name",
            "city",
            "--version",
            "1.0.0",
            "--homepage",
            "https://news.example.org/data",
        ],
    )
    assert result.exit_code == 0, result.output
    release = out / "city" / "1.0.0"
    data = DatasetCard.load(release / "README.md").data.to_dict()
    assert "language" not in data and "multilinguality" not in data
    assert data["size_categories"] == ["n<1K"]
    assert "Home page: <https://news.example.org/data>." in (release / "README.md").read_text()
    assert json.loads((release / "croissant.json").read_text())["url"] == (
        "https://news.example.org/data"
    )
    assert json.loads((release / "datapackage.json").read_text())["homepage"] == (
        "https://news.example.org/data"
    )
    manifest = json.loads((release / "manifest.json").read_text())
    assert manifest["settings"]["homepage"] == "https://news.example.org/data"


def test_a_monolingual_card(write_files, tmp_path):
    root = write_files(ARTICLES)
    out = tmp_path / "dist"
    args = ["build", str(root), "--out", str(out), "--name", "city", "--version", "1.0.0"]
    assert CliRunner().invoke(app, args).exit_code == 0
    data = DatasetCard.load(out / "city" / "1.0.0" / "README.md").data.to_dict()
    assert (data["language"], data["multilinguality"]) == (["en"], "monolingual")


def run(*args: str):
    return CliRunner().invoke(app, ["build", *args], env={"COLUMNS": "250"})


def test_build_options_are_checked_with_one_clear_error(tmp_path):
    out = ("--out", str(tmp_path))
    cases = {
        ("--splits", "train=70,test=20"): "Error: --splits: the shares add up to 90; give "
        "percentages that add up to 100 (e.g. train=80,validation=10,test=10) or fractions "
        "that add up to 1",
        ("--splits", "train=0.5,test=0.4"): "Error: --splits: the shares add up to 0.9; give "
        "percentages that add up to 100 (e.g. train=80,validation=10,test=10) or fractions "
        "that add up to 1",
        ("--workers", "-3"): "Error: --workers must be 1 or more, not -3 (leave it out to use "
        "all cores)",
        ("--workers", "0"): "Error: --workers must be 1 or more, not 0 (leave it out to use "
        "all cores)",
        ("--homepage", "news.example.org"): "Error: invalid settings: homepage "
        "'news.example.org' is not a web address such as https://example.org/news",
    }
    for args, message in cases.items():
        result = run(*args, *out)
        assert result.exit_code == 1, args
        assert result.stderr.strip() == message
    assert not any(tmp_path.iterdir())


def test_help_lists_choices_and_real_defaults():
    help_text = CliRunner().invoke(app, ["build", "--help"], env={"COLUMNS": "250"}).stdout
    squeezed = "".join(ch for ch in help_text if not ch.isspace() and ch not in "│╭╮╰╯─")
    for shown in (
        "<auto|line|blank-line>",
        "<boilerplate|heading|byline>",
        "<local|dask>",
        "<keep|drop>",
        "[default:(allcores)]",
        "--strict/--no-strict",
        "--title-line/--no-title-line",
        "--force/--no-force",
        "[default:(none;noaddressiswritten)]",
        "[default:(example-newsfortheexamples)]",
    ):
        assert shown in squeezed, shown
    refused = run("--engine", "spark")
    assert refused.exit_code == 2 and "'spark' is not one of 'local', 'dask'" in refused.stderr
    refused = run("--paragraphs", "sentences")  # typer refuses a value not in the list
    assert refused.exit_code == 2
    assert "'sentences' is not one of 'auto', 'line', 'blank-line'" in refused.stderr
