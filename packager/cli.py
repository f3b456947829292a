"""The ``packager`` command: a thin twin of the library.

Each command parses its options, calls one library function and prints. Any
:class:`~packager.errors.PackagerError` becomes ``Error: <message>`` and exit
code 1 (2 for usage errors, Typer's own); ``--debug`` shows the traceback.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import pydantic
import typer
from rich.console import Console

from packager import __version__
from packager.build import build_release
from packager.check.report import validate_path
from packager.check.schemas import RECORD_KINDS, write_schemas
from packager.errors import ConfigError, PackagerError, StrictModeError
from packager.labeling.export import DEFAULT_BATCH_SIZE, export_release
from packager.labeling.importing import import_annotations
from packager.labeling.label_studio_api import LabelStudioClient, pull, push
from packager.labeling.merge import merge_annotations
from packager.labeling.models import TOOLS
from packager.labeling.scheme import load_scheme, scheme_from_options
from packager.labeling.stats import annotation_stats
from packager.release_stats import release_stats
from packager.settings import DEFAULT_SPLITS, BuildSettings, parse_splits
from packager.summary import (
    ByteProgress,
    annotation_stats_table,
    print_build,
    stats_table,
    validation_table,
)

app = typer.Typer(
    help="Turn scraped news articles into validated, paragraph-level dataset releases.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()
error_console = Console(stderr=True)
_state = {"debug": False}

F = TypeVar("F", bound=Callable[..., Any])


def reports_errors(command: F) -> F:
    """Turn packager's own errors into one clear line and exit code 1."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except PackagerError as exc:
            if _state["debug"]:
                raise
            error_console.print(f"Error: {exc}", markup=False, highlight=False, soft_wrap=True)
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


def _version(value: bool) -> None:
    if value:
        console.print(f"packager {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of errors.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print version.")
    ] = False,
) -> None:
    _state["debug"] = debug


def _settings(**values: Any) -> BuildSettings:
    try:
        return BuildSettings(**values)
    except pydantic.ValidationError as exc:
        problems = "; ".join(
            str(error["msg"]).removeprefix("Value error, ") for error in exc.errors()
        )
        raise ConfigError(f"invalid settings: {problems}") from None


@app.command()
@reports_errors
def build(
    inputs: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Folders (searched recursively) or files: .txt articles with optional "
            "NAME.meta.json sidecars, .jsonl/.jsonl.gz records. Default: the bundled examples.",
            show_default=False,
        ),
    ] = None,
    out: Annotated[Path, typer.Option(help="Folder that holds releases.")] = Path("dist"),
    name: Annotated[
        str | None, typer.Option(help="Release name [default: example-news for the examples].")
    ] = None,
    version: Annotated[
        str | None,
        typer.Option("--version", "-V", help="Release version [default: 1.0.0 for the examples]."),
    ] = None,
    paragraphs: Annotated[
        str, typer.Option(help="Paragraph convention: auto, line or blank-line.")
    ] = "auto",
    title_line: Annotated[
        bool, typer.Option("--title-line", help="Take each article's first paragraph as title.")
    ] = False,
    splits: Annotated[str, typer.Option(help="Split shares in assignment order.")] = ",".join(
        f"{k}={v * 100:g}" for k, v in DEFAULT_SPLITS.items()
    ),
    license_id: Annotated[
        str | None, typer.Option("--license", help="License id for the card (SPDX).")
    ] = None,
    pretty_name: Annotated[str | None, typer.Option(help="Human name for the card.")] = None,
    shard_mb: Annotated[int, typer.Option(help="Target Parquet shard size in MB.")] = 256,
    strict: Annotated[
        bool,
        typer.Option("--strict", help="Fail (exit 1, publish nothing) if any input is rejected."),
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Replace an existing version that differs.")
    ] = False,
    drop: Annotated[
        list[str] | None,
        typer.Option(
            help="Move paragraphs of this kind (boilerplate, heading, byline) to the rejects "
            "report instead of keeping them flagged. Repeatable."
        ),
    ] = None,
    dedup: Annotated[
        str, typer.Option(help="keep: flag duplicate articles; drop: move them to rejects.")
    ] = "keep",
) -> None:
    """Build a release folder OUT/NAME/VERSION from articles."""
    if inputs and (name is None or version is None):
        raise ConfigError(
            "pass --name and --version for your own inputs, e.g. --name city-news --version 1.0.0"
        )
    settings = _settings(
        name=name or "example-news",
        version=version or "1.0.0",
        paragraph_convention=paragraphs,
        title_line=title_line,
        splits=parse_splits(splits),
        license=license_id,
        pretty_name=pretty_name,
        shard_max_bytes=shard_mb * 1024 * 1024,
        drop_kinds=drop or [],
        dedup=dedup,
    )
    try:
        with ByteProgress(error_console) as progress:
            result = build_release(
                inputs, settings, out, strict=strict, force=force, progress=progress
            )
    except StrictModeError as exc:
        if exc.result is not None:
            print_build(console, error_console, exc.result)  # type: ignore[arg-type]
        raise
    print_build(console, error_console, result)


@app.command()
@reports_errors
def validate(
    path: Annotated[Path, typer.Argument(help="A release folder or a JSONL file.")],
    schema: Annotated[
        str | None,
        typer.Option(
            help=f"Record kind of a JSONL file: {', '.join(RECORD_KINDS)} "
            "[default: from the file name]."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Check every record of PATH against the JSON Schemas; exit 0 when valid, 1 otherwise."""
    if schema is not None and schema not in RECORD_KINDS:
        raise ConfigError(f"--schema must be one of {', '.join(RECORD_KINDS)}")
    report = validate_path(path, schema)
    if as_json:
        typer.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        if report.findings:
            console.print(validation_table(report))
        verdict = "valid" if report.valid else f"INVALID: {len(report.findings)} finding(s)"
        console.print(
            f"{report.path}: {report.records} records in {len(report.files)} files, {verdict}",
            markup=False,
            highlight=False,
        )
    if not report.valid:
        raise typer.Exit(1)


@app.command()
@reports_errors
def inspect(
    release: Annotated[Path, typer.Argument(help="A release folder.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the counts as JSON.")] = False,
) -> None:
    """Count a release's paragraphs per split, kind and flag, its languages and duplicates."""
    stats = release_stats(release)
    if as_json:
        typer.echo(json.dumps(stats.to_dict(), indent=2, ensure_ascii=False))
    else:
        console.print(stats_table(stats))


@app.command()
@reports_errors
def schemas(
    out: Annotated[Path, typer.Option(help="Folder to write the JSON Schemas to.")] = Path(
        "schemas"
    ),
) -> None:
    """Write the JSON Schemas of every record kind, generated from packager's models."""
    for path in write_schemas(out):
        console.print(f"wrote {path}", markup=False, highlight=False)


def _names(value: str | None) -> list[str] | None:
    return [name.strip() for name in value.split(",") if name.strip()] if value else None


@app.command("export")
@reports_errors
def export_command(
    release: Annotated[Path, typer.Argument(help="A release folder.")],
    to: Annotated[str, typer.Option("--to", help=f"Tool: {', '.join(TOOLS)}.")],
    scheme: Annotated[Path | None, typer.Option(help="Label scheme file (YAML or JSON).")] = None,
    classes: Annotated[
        str | None, typer.Option(help="Paragraph classes, comma-separated (no --scheme).")
    ] = None,
    spans: Annotated[
        str | None, typer.Option(help="Span labels, comma-separated (no --scheme).")
    ] = None,
    multi_label: Annotated[
        bool, typer.Option("--multi-label", help="Allow several classes per paragraph.")
    ] = False,
    out: Annotated[
        Path | None, typer.Option(help="Output folder [default: exports/NAME-VERSION/TOOL].")
    ] = None,
    all_kinds: Annotated[
        bool, typer.Option("--all-kinds", help="Export every paragraph, not only body.")
    ] = False,
    only_new: Annotated[
        Path | None,
        typer.Option(help="A previous release: export only paragraphs not in it."),
    ] = None,
    batch_size: Annotated[int, typer.Option(help="Tasks per file.")] = DEFAULT_BATCH_SIZE,
    predictions: Annotated[
        Path | None,
        typer.Option(help="Pre-annotations: annotation rows (JSONL) for the tasks."),
    ] = None,
    predict_column: Annotated[
        str | None,
        typer.Option(help="Pre-label each task's class from this release column (e.g. kind)."),
    ] = None,
) -> None:
    """Write RELEASE's paragraphs as task files the labeling tool imports as they are."""
    label_scheme = (
        load_scheme(scheme)
        if scheme is not None
        else scheme_from_options(_names(classes), _names(spans), multi_label)
    )
    target = out or Path("exports") / f"{release.parent.name}-{release.name}" / to
    result = export_release(
        release,
        to,
        label_scheme,
        target,
        all_kinds=all_kinds,
        only_new=only_new,
        batch_size=batch_size,
    )
    console.print(
        f"{result.tasks} tasks in {len(result.batches)} file(s) written to {result.out}"
        + (f"; {result.skipped_known} already in {only_new} left out" if only_new else ""),
        markup=False,
        highlight=False,
    )


annotations_app = typer.Typer(
    help="Bring annotations back from labeling tools.", no_args_is_help=True
)
app.add_typer(annotations_app, name="annotations")


@annotations_app.command("import")
@reports_errors
def annotations_import(
    export_file: Annotated[Path, typer.Argument(help="The tool's export file.")],
    tool: Annotated[str, typer.Option("--from", help=f"Tool: {', '.join(TOOLS)}.")],
    release: Annotated[Path, typer.Option(help="The release the tasks came from.")],
    out: Annotated[Path, typer.Option(help="Output folder.")] = Path("annotations"),
    offsets: Annotated[
        str | None,
        typer.Option(
            help="Offset unit of the export: codepoint, utf16 or grapheme "
            "[default: the tool's own]."
        ),
    ] = None,
) -> None:
    """Normalise a tool's annotations onto the release's paragraph IDs (code-point spans)."""
    if offsets not in (None, "codepoint", "utf16", "grapheme"):
        raise ConfigError("--offsets must be codepoint, utf16 or grapheme")
    result = import_annotations(export_file, tool, release, out, offset_unit=offsets)
    console.print(
        f"{result.imported} annotations imported to {out / 'annotations.jsonl'} "
        f"({', '.join(f'{k} {v}' for k, v in sorted(result.by_task.items())) or 'none'}); "
        f"{sum(result.rejected.values())} rejected"
        + (
            f" ({', '.join(f'{k} {v}' for k, v in sorted(result.rejected.items()))}), "
            f"see {out / 'annotation-rejects.jsonl'}"
            if result.rejected
            else ""
        ),
        markup=False,
        highlight=False,
    )


@annotations_app.command("stats")
@reports_errors
def annotations_stats(
    annotations: Annotated[Path, typer.Argument(help="annotations.jsonl or its folder.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """Per-label counts and agreement (Cohen's kappa, Krippendorff's alpha, span F1)."""
    stats = annotation_stats(annotations)
    if as_json:
        typer.echo(json.dumps(stats.to_dict(), indent=2, ensure_ascii=False))
        return
    console.print(annotation_stats_table(stats))


@annotations_app.command("merge")
@reports_errors
def annotations_merge(
    annotations: Annotated[Path, typer.Argument(help="annotations.jsonl or its folder.")],
    release: Annotated[Path, typer.Option(help="The release the annotations are on.")],
    out: Annotated[Path, typer.Option(help="Folder for the labeled dataset.")] = Path("labeled"),
    scheme: Annotated[Path | None, typer.Option(help="Label scheme (class order).")] = None,
) -> None:
    """A labeled Hugging Face dataset: annotated paragraphs with label(s) and spans."""
    result = merge_annotations(annotations, release, out, load_scheme(scheme) if scheme else None)
    rows = ", ".join(f"{split} {n}" for split, n in result.rows.items())
    console.print(f"labeled dataset written to {out} ({rows})", markup=False, highlight=False)
    if result.unknown_labels:
        unknown = ", ".join(f"{k} {v}" for k, v in sorted(result.unknown_labels.items()))
        error_console.print(f"labels not in the scheme, left out: {unknown}", markup=False)


push_app = typer.Typer(
    help="Send a release's tasks to a labeling tool's server.", no_args_is_help=True
)
pull_app = typer.Typer(
    help="Fetch annotations from a labeling tool's server.", no_args_is_help=True
)
app.add_typer(push_app, name="push")
app.add_typer(pull_app, name="pull")
UrlOption = Annotated[str, typer.Option(help="Label Studio URL, e.g. http://127.0.0.1:8080.")]
TokenOption = Annotated[
    str, typer.Option(envvar="LABEL_STUDIO_API_KEY", help="API token (or $LABEL_STUDIO_API_KEY).")
]


@push_app.command("label-studio")
@reports_errors
def push_label_studio(
    release: Annotated[Path, typer.Argument(help="A release folder.")],
    url: UrlOption,
    token: TokenOption,
    project: Annotated[int | None, typer.Option(help="Project ID to add tasks to.")] = None,
    create: Annotated[
        str | None, typer.Option(help="Create a project with this title from the scheme.")
    ] = None,
    scheme: Annotated[Path | None, typer.Option(help="Label scheme file.")] = None,
    classes: Annotated[str | None, typer.Option(help="Classes, comma-separated.")] = None,
    spans: Annotated[str | None, typer.Option(help="Span labels, comma-separated.")] = None,
    multi_label: Annotated[bool, typer.Option("--multi-label")] = False,
    all_kinds: Annotated[bool, typer.Option("--all-kinds")] = False,
) -> None:
    """Import RELEASE's tasks into a Label Studio project; a second push adds no task."""
    label_scheme = (
        load_scheme(scheme)
        if scheme is not None
        else scheme_from_options(_names(classes), _names(spans), multi_label)
    )
    with LabelStudioClient(url, token) as client:
        result = push(
            client, release, label_scheme, project=project, title=create, all_kinds=all_kinds
        )
    console.print(
        f"project {result.project}: {result.imported} tasks imported, "
        f"{result.already_there} already there",
        markup=False,
        highlight=False,
    )


@pull_app.command("label-studio")
@reports_errors
def pull_label_studio(
    url: UrlOption,
    token: TokenOption,
    project: Annotated[int, typer.Option(help="Project ID.")],
    release: Annotated[Path, typer.Option(help="The release the tasks came from.")],
    out: Annotated[Path, typer.Option(help="Output folder.")] = Path("annotations"),
) -> None:
    """Export a Label Studio project's annotations and import them onto RELEASE."""
    with LabelStudioClient(url, token) as client:
        result = pull(client, project, release, out)
    console.print(
        f"{result.imported} annotations imported to {out / 'annotations.jsonl'}; "
        f"{sum(result.rejected.values())} rejected",
        markup=False,
        highlight=False,
    )


def main() -> None:
    app()
