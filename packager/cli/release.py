"""Commands that build, check and describe releases."""

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from packager.cli.app import app, console, error_console, reports_errors, settings_from_options
from packager.cli.choices import (
    DEFAULT_SPLITS,
    DROP_KINDS,
    MAX_ARTICLE_BYTES,
    MAX_GZIP_RATIO,
    MAX_PARAGRAPHS_PER_ARTICLE,
    Dedup,
    DropKind,
    Engine,
    Paragraphs,
    RecordKind,
)
from packager.errors import ConfigError, NothingToPublishError, StrictModeError

if TYPE_CHECKING:
    from packager.build import BuildResult

# The library is imported inside each command, so `packager --help` does not load it.
# (No `from __future__ import annotations` here: Typer builds the commands faster
# from real annotations.)


def _print_json(data: dict[str, Any]) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


@app.command()
@reports_errors
def build(
    inputs: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Folders (searched recursively) or files: .txt articles with optional "
            "NAME.meta.json sidecars, .jsonl/.jsonl.gz records, .html/.htm pages. Default: "
            "the bundled examples.",
            show_default=False,
            metavar="INPUT",
        ),
    ] = None,
    out: Annotated[Path, typer.Option(help="Folder that holds releases.")] = Path("dist"),
    name: Annotated[
        str | None, typer.Option(help="Release name.", show_default="example-news for the examples")
    ] = None,
    version: Annotated[
        str | None,
        typer.Option(
            "--version", "-V", help="Release version.", show_default="1.0.0 for the examples"
        ),
    ] = None,
    paragraphs: Annotated[
        Paragraphs,
        typer.Option(
            help="Paragraph convention: one per line, blank-line separated, or detected per "
            "article."
        ),
    ] = Paragraphs("auto"),
    title_line: Annotated[
        bool,
        typer.Option(
            "--title-line/--no-title-line", help="Take each article's first paragraph as title."
        ),
    ] = False,
    splits: Annotated[
        str,
        typer.Option(
            help="Split names and shares in assignment order: percentages that add up to 100, "
            "or fractions that add up to 1."
        ),
    ] = DEFAULT_SPLITS,
    license_id: Annotated[
        str | None,
        typer.Option(
            "--license",
            help="License id for the card (SPDX).",
            show_default="the articles' license when they share one, else other",
        ),
    ] = None,
    pretty_name: Annotated[
        str | None, typer.Option(help="Human name for the card.", show_default="the name")
    ] = None,
    homepage: Annotated[
        str | None,
        typer.Option(
            help="The dataset's home page (http or https URL), named in the card, manifest, "
            "croissant.json and datapackage.json.",
            show_default="none; no address is written",
        ),
    ] = None,
    previous: Annotated[
        Path | None,
        typer.Option(
            help="The previous release folder (OUT/NAME/OLD_VERSION): write what changed since "
            "it into this release's card and changes.json.",
            show_default="none",
        ),
    ] = None,
    shard_mb: Annotated[int, typer.Option(help="Target Parquet shard size in MB.")] = 256,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict/--no-strict", help="Fail (exit 1, publish nothing) if any input is rejected."
        ),
    ] = False,
    force: Annotated[
        bool,
        typer.Option("--force/--no-force", help="Replace an existing version that differs."),
    ] = False,
    drop: Annotated[
        list[DropKind] | None,
        typer.Option(
            help="Move paragraphs of this kind to the rejects report instead of keeping them "
            "flagged. Repeatable.",
            metavar=f"<{'|'.join(DROP_KINDS)}>",
            show_default="keep every kind",
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            help="Worker processes for the per-article work, 1 or more.", show_default="all cores"
        ),
    ] = None,
    engine: Annotated[
        Engine, typer.Option(help="local (this machine) or dask (a Dask distributed cluster).")
    ] = Engine("local"),
    scheduler: Annotated[
        str | None,
        typer.Option(
            help="Dask scheduler address, e.g. tcp://10.0.0.5:8786.",
            show_default="a local cluster on 127.0.0.1",
        ),
    ] = None,
    dedup: Annotated[
        Dedup, typer.Option(help="keep: flag duplicate articles; drop: move them to rejects.")
    ] = Dedup("keep"),
    text_fallback_encoding: Annotated[
        str | None,
        typer.Option(
            help="Decode .txt files that are not UTF-8 with this codec (e.g. windows-1252), "
            "recorded in the article's extra.source_encoding.",
            show_default="reject them",
        ),
    ] = None,
    max_article_bytes: Annotated[
        int,
        typer.Option(help="Reject a .txt file, JSONL line or HTML page larger than this."),
    ] = MAX_ARTICLE_BYTES,
    max_gzip_ratio: Annotated[
        int, typer.Option(help="Stop reading a .gz input that expands more than this many times.")
    ] = MAX_GZIP_RATIO,
    max_paragraphs_per_article: Annotated[
        int,
        typer.Option(
            help="Reject an article that splits into more paragraphs than this "
            "(too-many-paragraphs); each costs about 2 KB of memory while it is built.",
        ),
    ] = MAX_PARAGRAPHS_PER_ARTICLE,
    follow_links: Annotated[
        bool,
        typer.Option(
            "--follow-links/--no-follow-links",
            help="Read symbolic links out of the input folders, and linked folders.",
        ),
    ] = False,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json/--no-json",
            help="Print the build's summary as JSON on stdout (messages stay on stderr).",
        ),
    ] = False,
) -> None:
    """Build a release folder OUT/NAME/VERSION from articles."""
    from packager.build import build_release
    from packager.cli.summary import ByteProgress, print_notes
    from packager.engines.local import default_workers
    from packager.settings import parse_splits

    if inputs and (name is None or version is None):
        raise ConfigError(
            "pass --name and --version for your own inputs, e.g. --name city-news --version 1.0.0"
        )
    if shard_mb < 1:
        raise ConfigError(f"--shard-mb must be 1 or more, not {shard_mb} (MB per Parquet shard)")
    if max_paragraphs_per_article < 1:
        raise ConfigError(
            f"--max-paragraphs-per-article must be 1 or more, not {max_paragraphs_per_article}"
        )
    if workers is not None and workers < 1:
        raise ConfigError(
            f"--workers must be 1 or more, not {workers} (leave it out to use all cores)"
        )
    settings = settings_from_options(
        name=name or "example-news",
        version=version or "1.0.0",
        paragraph_convention=paragraphs.value,
        title_line=title_line,
        splits=parse_splits(splits),
        license=license_id,
        pretty_name=pretty_name,
        homepage=homepage,
        shard_max_bytes=shard_mb * 1024 * 1024,
        drop_kinds=[kind.value for kind in drop or []],
        dedup=dedup.value,
        limits={
            "text_fallback_encoding": text_fallback_encoding,
            "max_article_bytes": max_article_bytes,
            "max_gzip_ratio": max_gzip_ratio,
            "max_paragraphs_per_article": max_paragraphs_per_article,
            "follow_links": follow_links,
        },
    )
    try:
        with ByteProgress(error_console) as progress:
            result = build_release(
                inputs,
                settings,
                out,
                strict=strict,
                force=force,
                progress=progress,
                workers=workers or default_workers(),
                engine=engine.value,
                scheduler=scheduler,
                previous=previous,
            )
    except StrictModeError as exc:
        if exc.result is not None:
            _report_build(exc.result, as_json)  # type: ignore[arg-type]
        raise
    except NothingToPublishError as exc:
        print_notes(error_console, exc.rejected, exc.ignored)
        raise
    _report_build(result, as_json)


def _report_build(result: "BuildResult", as_json: bool) -> None:
    from packager.cli.summary import build_messages, print_build, print_messages

    if as_json:
        print_messages(error_console, build_messages(result))
        _print_json(result.to_dict())
    else:
        print_build(console, error_console, result)


@app.command()
@reports_errors
def validate(
    path: Annotated[Path, typer.Argument(help="A release folder or a JSONL file.")],
    schema: Annotated[
        RecordKind | None,
        typer.Option(help="Record kind of a JSONL file.", show_default="from the file name"),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json/--no-json", help="Print the report as JSON.")
    ] = False,
) -> None:
    """Check every record of PATH against the JSON Schemas; exit 0 when valid, 1 otherwise."""
    from packager.check.report import validate_path
    from packager.cli.summary import validation_table

    report = validate_path(path, schema.value if schema else None)
    if as_json:
        _print_json(report.to_dict())
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
    as_json: Annotated[
        bool, typer.Option("--json/--no-json", help="Print the counts as JSON.")
    ] = False,
) -> None:
    """Count a release's paragraphs per split, kind and flag, its languages and duplicates."""

    from packager.cli.summary import stats_table
    from packager.releases.stats import release_stats

    stats = release_stats(release)
    if as_json:
        _print_json(stats.to_dict())
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
    from packager.schema_models import write_schemas

    for path in write_schemas(out):
        console.print(f"wrote {path}", markup=False, highlight=False)


@app.command()
@reports_errors
def verify(
    release: Annotated[Path, typer.Argument(help="A release folder.")],
    as_json: Annotated[
        bool, typer.Option("--json/--no-json", help="Print the report as JSON.")
    ] = False,
    load: Annotated[
        bool, typer.Option("--load/--no-load", help="Also load it with datasets.load_dataset.")
    ] = True,
) -> None:
    """Check RELEASE against its manifest, the schemas and its invariants; exit 0 when whole."""
    from packager.releases.verify import verify_release

    report = verify_release(release, load=load)
    if as_json:
        _print_json(report.to_dict())
    else:
        for finding in report.findings:
            where = finding.file + (f" {finding.record}" if finding.record else "")
            console.print(
                f"{finding.code}: {where}: {finding.message}",
                markup=False,
                highlight=False,
                soft_wrap=True,
            )
        verdict = "verified" if report.valid else f"NOT VERIFIED: {len(report.findings)} finding(s)"
        console.print(
            f"{release}: {verdict} ({', '.join(report.checked)})", markup=False, highlight=False
        )
    if not report.valid:
        raise typer.Exit(1)


@app.command()
@reports_errors
def diff(
    old: Annotated[Path, typer.Argument(help="The earlier release folder.")],
    new: Annotated[Path, typer.Argument(help="The later release folder.")],
    as_json: Annotated[
        bool,
        typer.Option(
            "--json/--no-json",
            help="Print the whole comparison (every ID) as JSON on stdout; warnings on stderr.",
        ),
    ] = False,
    similarity: Annotated[
        float,
        typer.Option(
            help="Text similarity (0-1) at which an edited paragraph is paired.", min=0, max=1
        ),
    ] = 0.6,
    limit: Annotated[
        int,
        typer.Option(
            help="Articles listed per change (added, removed, changed) in the table.", min=0
        ),
    ] = 10,
    check_version: Annotated[
        bool,
        typer.Option(
            "--check-version/--no-check-version",
            help="Exit 1 when NEW's version is below the suggestion.",
        ),
    ] = False,
) -> None:
    """Compare two releases by stable IDs and suggest the semantic version bump.

    Releases are never changed; to describe the changes in a release, build it with
    --previous OLD.
    """
    from packager.cli.summary import diff_listing, diff_table, print_messages
    from packager.releases.diff import diff_releases

    result = diff_releases(old, new, similarity=similarity)
    if as_json:
        _print_json(result.to_dict())
    else:
        console.print(diff_table(result))
        for line in diff_listing(result, limit):
            console.print(line, markup=False, highlight=False, soft_wrap=True)
    print_messages(
        error_console,
        [
            f"warning: article {move['article_id']} moved from split {move['old']} to {move['new']}"
            for move in result.split_moves
        ],
    )
    if check_version and not result.version_ok:
        error_console.print(
            f"Error: {result.version_warning()}", markup=False, highlight=False, soft_wrap=True
        )
        raise typer.Exit(1)
