"""Commands that build, check and describe releases."""

import json
from pathlib import Path
from typing import Annotated, Literal

import typer

from packager.cli.app import _settings, app, console, error_console, reports_errors
from packager.cli.choices import DEFAULT_SPLITS, MAX_ARTICLE_BYTES, MAX_GZIP_RATIO, RECORD_KINDS
from packager.errors import ConfigError, StrictModeError

# The library is imported inside each command, so `packager --help` does not load it.


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
        str | None, typer.Option(help="Release name.", show_default="example-news for the examples")
    ] = None,
    version: Annotated[
        str | None,
        typer.Option(
            "--version", "-V", help="Release version.", show_default="1.0.0 for the examples"
        ),
    ] = None,
    paragraphs: Annotated[
        str, typer.Option(help="Paragraph convention: auto, line or blank-line.")
    ] = "auto",
    title_line: Annotated[
        bool,
        typer.Option(
            "--title-line/--no-title-line", help="Take each article's first paragraph as title."
        ),
    ] = False,
    splits: Annotated[str, typer.Option(help="Split shares in assignment order.")] = DEFAULT_SPLITS,
    license_id: Annotated[
        str | None, typer.Option("--license", help="License id for the card (SPDX).")
    ] = None,
    pretty_name: Annotated[str | None, typer.Option(help="Human name for the card.")] = None,
    shard_mb: Annotated[int, typer.Option(help="Target Parquet shard size in MB.")] = 256,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict/--no-strict", help="Fail (exit 1, publish nothing) if any input is rejected."
        ),
    ] = False,
    force: Annotated[
        bool, typer.Option("--force/--no-force", help="Replace an existing version that differs.")
    ] = False,
    drop: Annotated[
        list[str] | None,
        typer.Option(
            help="Move paragraphs of this kind (boilerplate, heading, byline) to the rejects "
            "report instead of keeping them flagged. Repeatable."
        ),
    ] = None,
    workers: Annotated[
        int,
        typer.Option(help="Worker processes for the per-article work.", show_default="all cores"),
    ] = 0,
    engine: Annotated[
        str, typer.Option(help="local (this machine) or dask (a Dask distributed cluster).")
    ] = "local",
    scheduler: Annotated[
        str | None,
        typer.Option(
            help="Dask scheduler address, e.g. tcp://10.0.0.5:8786.",
            show_default="a local cluster on 127.0.0.1",
        ),
    ] = None,
    dedup: Annotated[
        str, typer.Option(help="keep: flag duplicate articles; drop: move them to rejects.")
    ] = "keep",
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
    follow_links: Annotated[
        bool,
        typer.Option(
            "--follow-links/--no-follow-links",
            help="Read symbolic links out of the input folders, and linked folders.",
        ),
    ] = False,
) -> None:
    """Build a release folder OUT/NAME/VERSION from articles."""
    from packager.build import build_release
    from packager.executor import default_workers
    from packager.settings import parse_splits
    from packager.summary import ByteProgress, print_build

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
        limits={
            "text_fallback_encoding": text_fallback_encoding,
            "max_article_bytes": max_article_bytes,
            "max_gzip_ratio": max_gzip_ratio,
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
                engine=engine,
                scheduler=scheduler,
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
        Literal[RECORD_KINDS] | None,  # the tuple's values: Typer lists and checks them
        typer.Option(help="Record kind of a JSONL file.", show_default="from the file name"),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json/--no-json", help="Print the report as JSON.")
    ] = False,
) -> None:
    """Check every record of PATH against the JSON Schemas; exit 0 when valid, 1 otherwise."""
    from packager.check.report import validate_path
    from packager.summary import validation_table

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
    as_json: Annotated[
        bool, typer.Option("--json/--no-json", help="Print the counts as JSON.")
    ] = False,
) -> None:
    """Count a release's paragraphs per split, kind and flag, its languages and duplicates."""
    from packager.release_stats import release_stats
    from packager.summary import stats_table

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
    from packager.check.schemas import write_schemas

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
        typer.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
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
        bool, typer.Option("--json/--no-json", help="Print the comparison as JSON.")
    ] = False,
    similarity: Annotated[
        float, typer.Option(help="Text similarity (0-1) at which an edited paragraph is paired.")
    ] = 0.6,
    write_changelog: Annotated[
        bool,
        typer.Option(
            "--write-changelog/--no-write-changelog", help="Append the changes to NEW's card."
        ),
    ] = False,
    check_version: Annotated[
        bool,
        typer.Option(
            "--check-version/--no-check-version",
            help="Exit 1 when NEW's version is below the suggestion.",
        ),
    ] = False,
) -> None:
    """Compare two releases by stable IDs and suggest the semantic version bump."""
    from packager.releases.diff import diff_releases
    from packager.releases.diff import write_changelog as write_changelog_section
    from packager.summary import diff_table

    result = diff_releases(old, new, similarity=similarity)
    if as_json:
        typer.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    else:
        console.print(diff_table(result))
        for move in result.split_moves:
            error_console.print(
                f"warning: article {move['article_id']} moved from split "
                f"{move['old']} to {move['new']}",
                markup=False,
            )
    if write_changelog:
        write_changelog_section(new, result)
    if check_version and not result.version_ok:
        error_console.print(
            f"Error: version {result.new['version']} is below the suggested "
            f"{result.required_version} ({result.suggested_bump} change)",
            markup=False,
        )
        raise typer.Exit(1)
