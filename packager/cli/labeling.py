"""Commands of the labeling round trip: export, annotations, push and pull."""

import dataclasses
import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from packager.cli.app import app, console, error_console, reports_errors
from packager.cli.choices import DEFAULT_BATCH_SIZE, OffsetChoice, ToolName, UnitChoice

if TYPE_CHECKING:
    from packager.labeling.importing import ImportResult
    from packager.labeling.task_files import ExportResult

# The library is imported inside each command, so `packager --help` does not load it.
# (No `from __future__ import annotations` here: Typer builds the commands faster
# from real annotations.)


JsonOption = Annotated[
    bool, typer.Option("--json/--no-json", help="Print one JSON summary on stdout.")
]
ForceOption = Annotated[
    bool,
    typer.Option(
        "--force/--no-force",
        help="Replace --out whole even when it is not this command's earlier output.",
    ),
]


def _names(value: str | None) -> list[str] | None:
    return [name.strip() for name in value.split(",") if name.strip()] if value else None


@app.command("export")
@reports_errors
def export_command(
    release: Annotated[Path, typer.Argument(help="A release folder.")],
    to: Annotated[ToolName, typer.Option("--to", help="The labeling tool.")],
    scheme: Annotated[Path | None, typer.Option(help="Label scheme file (YAML or JSON).")] = None,
    classes: Annotated[
        str | None, typer.Option(help="Paragraph classes, comma-separated (no --scheme).")
    ] = None,
    spans: Annotated[
        str | None, typer.Option(help="Span labels, comma-separated (no --scheme).")
    ] = None,
    multi_label: Annotated[
        bool,
        typer.Option("--multi-label/--no-multi-label", help="Allow several classes per paragraph."),
    ] = False,
    out: Annotated[
        Path | None, typer.Option(help="Output folder.", show_default="exports/NAME-VERSION/TOOL")
    ] = None,
    all_kinds: Annotated[
        bool,
        typer.Option("--all-kinds/--no-all-kinds", help="Export every paragraph, not only body."),
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
    unit: Annotated[
        UnitChoice,
        typer.Option(
            help="One task per paragraph, or per article (paragraphs a blank line apart)."
        ),
    ] = UnitChoice("paragraph"),
    context: Annotated[
        int,
        typer.Option(help="Show N paragraphs before and after each paragraph task, read-only."),
    ] = 0,
    sample: Annotated[
        int | None,
        typer.Option(help="Export only N tasks, a deterministic sample (by --seed)."),
    ] = None,
    stratify: Annotated[
        str | None,
        typer.Option(help="Sample in proportion to strata: publisher,language,split,kind."),
    ] = None,
    seed: Annotated[int, typer.Option(help="The sample's seed: same seed, same sample.")] = 0,
    as_json: Annotated[
        bool,
        typer.Option("--json/--no-json", help="Print the summary as JSON on stdout."),
    ] = False,
    force: ForceOption = False,
) -> None:
    """Write RELEASE's paragraphs as task files the labeling tool imports as they are.

    The export replaces --out whole (an earlier export there, batch files and all); a
    folder that holds anything else is refused unless --force.
    """
    from packager.labeling.scheme import load_scheme, scheme_from_options
    from packager.labeling.task_files import default_export_folder, export_release

    label_scheme = (
        load_scheme(scheme)
        if scheme is not None
        else scheme_from_options(_names(classes), _names(spans), multi_label)
    )
    result = export_release(
        release,
        to.value,
        label_scheme,
        out or default_export_folder(release, to.value),
        all_kinds=all_kinds,
        only_new=only_new,
        batch_size=batch_size,
        predictions=predictions,
        predict_column=predict_column,
        unit=unit.value,
        context=context,
        sample=sample,
        stratify=_names(stratify) or [],
        seed=seed,
        force=force,
    )
    if as_json:
        typer.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
        return
    console.print(export_summary(result, only_new), markup=False, highlight=False, soft_wrap=True)


def export_summary(result: "ExportResult", only_new: Path | None) -> str:
    """The one line ``packager export`` prints."""
    parts = [f"{result.tasks} tasks in {len(result.batches)} file(s) written to {result.out}"]
    if only_new is not None:
        parts.append(f"{result.skipped_known} already in {only_new} left out")
    if result.predicted:
        parts.append(f"{result.predicted} with pre-annotations")
    if result.repeated_texts:
        parts.append(
            f"{result.repeated_texts} share their text with another task "
            "(see the README before loading them into Prodigy)"
        )
    return "; ".join(parts)


annotations_app = typer.Typer(
    help="Bring annotations back from labeling tools.", no_args_is_help=True
)
app.add_typer(annotations_app, name="annotations")


def _print_json(data: dict[str, Any]) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


@annotations_app.command("import")
@reports_errors
def annotations_import(
    exports: Annotated[
        list[Path],
        typer.Argument(
            help="The tool's export file(s), or folders of them (*.json, *.jsonl).",
            metavar="EXPORT",
        ),
    ],
    tool: Annotated[ToolName, typer.Option("--from", help="The tool that wrote the exports.")],
    release: Annotated[Path, typer.Option(help="The release the tasks came from.")],
    out: Annotated[
        Path, typer.Option(help="Annotation folder; an existing one is added to.")
    ] = Path("annotations"),
    offsets: Annotated[
        OffsetChoice | None,
        typer.Option(help="Offset unit of the exports.", show_default="the tool's own"),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Normalise a tool's annotations onto the release's paragraph IDs (code-point spans).

    Several files (one per annotator) or a folder can come in one import; a second
    import into the same --out adds to it, and an annotation already there is a
    duplicate reject.
    """
    from packager.labeling.importing import import_annotations

    result = import_annotations(
        exports, tool.value, release, out, offset_unit=offsets.value if offsets else None
    )
    _import_summary(result, out, as_json, "imported")


@annotations_app.command("adopt")
@reports_errors
def annotations_adopt(
    exports: Annotated[
        list[Path],
        typer.Argument(help="Exports without packager IDs, or folders of them (*.json, *.jsonl)."),
    ],
    tool: Annotated[ToolName, typer.Option("--from", help="The tool that wrote the exports.")],
    release: Annotated[Path, typer.Option(help="The release that holds the texts.")],
    out: Annotated[
        Path, typer.Option(help="Annotation folder; an existing one is added to.")
    ] = Path("annotations"),
    offsets: Annotated[
        OffsetChoice | None,
        typer.Option(help="Offset unit of the exports.", show_default="the tool's own"),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Adopt annotations made without packager: find each record's text in the release.

    A text matches one paragraph, a run of them or a whole article (after NFC and
    white-space folding); spans land on the paragraph that holds them, or are rejected
    with a reason (no-match, ambiguous-match, span-outside-release, ...).
    """
    from packager.labeling.adopt import adopt_annotations

    result = adopt_annotations(
        exports, tool.value, release, out, offset_unit=offsets.value if offsets else None
    )
    _import_summary(result, out, as_json, "adopted")


def _import_summary(result: "ImportResult", out: Path, as_json: bool, verb: str) -> None:
    if as_json:
        _print_json(result.to_dict())
        return
    console.print(
        f"{result.imported} annotations {verb} from {len(result.files)} file(s) "
        f"({', '.join(f'{k} {v}' for k, v in sorted(result.by_task.items())) or 'none'}); "
        f"{sum(result.rejected.values())} rejected"
        + (
            f" ({', '.join(f'{k} {v}' for k, v in sorted(result.rejected.items()))}), "
            f"see {out / 'annotation-rejects.jsonl'}"
            if result.rejected
            else ""
        )
        + (f"; {result.kept} already there kept" if result.kept else "")
        + f"; {result.total} in {out / 'annotations.jsonl'}",
        markup=False,
        highlight=False,
        soft_wrap=True,
    )


@annotations_app.command("stats")
@reports_errors
def annotations_stats(
    annotations: Annotated[Path, typer.Argument(help="annotations.jsonl or its folder.")],
    as_json: JsonOption = False,
) -> None:
    """Per-label counts and agreement (Cohen's kappa, Krippendorff's alpha, span F1)."""
    from packager.cli.summary import annotation_stats_table
    from packager.labeling.stats import annotation_stats

    stats = annotation_stats(annotations)
    if as_json:
        _print_json(stats.to_dict())
        return
    console.print(annotation_stats_table(stats))


@annotations_app.command("merge")
@reports_errors
def annotations_merge(
    annotations: Annotated[Path, typer.Argument(help="annotations.jsonl or its folder.")],
    release: Annotated[Path, typer.Option(help="The release the annotations are on.")],
    out: Annotated[Path, typer.Option(help="Folder for the labeled dataset.")] = Path("labeled"),
    scheme: Annotated[Path | None, typer.Option(help="Label scheme (class order).")] = None,
    as_json: JsonOption = False,
    force: ForceOption = False,
) -> None:
    """A labeled Hugging Face dataset: annotated paragraphs with label(s) and spans.

    It replaces --out whole (an earlier merge there); a folder that holds anything else
    is refused unless --force.
    """
    from packager.labeling.merge import merge_annotations
    from packager.labeling.scheme import load_scheme

    result = merge_annotations(
        annotations, release, out, load_scheme(scheme) if scheme else None, force=force
    )
    if result.unknown_labels:
        unknown = ", ".join(f"{k} {v}" for k, v in sorted(result.unknown_labels.items()))
        error_console.print(f"labels not in the scheme, left out: {unknown}", markup=False)
    if as_json:
        _print_json(result.to_dict())
        return
    rows = ", ".join(f"{split} {n}" for split, n in result.rows.items())
    console.print(f"labeled dataset written to {out} ({rows})", markup=False, highlight=False)
    if result.dropped:
        console.print(
            f"{result.dropped} annotations on {result.dropped_paragraphs} paragraphs not in "
            f"{release} left out; each is listed in {result.rejects}",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
    if result.article_classes:
        console.print(
            f"{result.article_classes} article-level classes left out (the dataset has one "
            "row per paragraph; they stay in the annotations table)",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )


@annotations_app.command("carry")
@reports_errors
def annotations_carry(
    annotations: Annotated[Path, typer.Argument(help="annotations.jsonl (or its folder).")],
    new_release: Annotated[Path, typer.Argument(help="The release to carry them onto.")],
    from_release: Annotated[Path, typer.Option(help="The release they were made on.")],
    out: Annotated[Path, typer.Option(help="Output folder.")] = Path("carried"),
    similarity: Annotated[
        float, typer.Option(help="Pairing threshold (0-1), as in diff.", min=0, max=1)
    ] = 0.6,
    as_json: JsonOption = False,
    force: ForceOption = False,
) -> None:
    """Map annotations onto a newer release: carried, re-anchored, needs review, orphaned.

    It replaces --out whole (an earlier carry there); a folder that holds anything else
    is refused unless --force.
    """
    from packager.labeling.carry import GROUPS, carry_annotations

    result = carry_annotations(
        annotations, from_release, new_release, out, similarity=similarity, force=force
    )
    if as_json:
        _print_json(result.to_dict())
        return
    counts = ", ".join(f"{group} {result.counts[group]}" for group in GROUPS)
    console.print(f"{counts}; each group in {out}/<group>.jsonl", markup=False, highlight=False)


push_app = typer.Typer(
    help="Send a release's tasks to a labeling tool's server.", no_args_is_help=True
)
pull_app = typer.Typer(
    help="Fetch annotations from a labeling tool's server.", no_args_is_help=True
)
app.add_typer(push_app, name="push")
app.add_typer(pull_app, name="pull")
UrlOption = Annotated[str, typer.Option(help="Label Studio URL, e.g. http://127.0.0.1:8080.")]
TokenOption = Annotated[str, typer.Option(envvar="LABEL_STUDIO_API_KEY", help="API token.")]


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
    multi_label: Annotated[
        bool,
        typer.Option("--multi-label/--no-multi-label", help="Allow several classes per paragraph."),
    ] = False,
    all_kinds: Annotated[
        bool,
        typer.Option("--all-kinds/--no-all-kinds", help="Push every paragraph, not only body."),
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json/--no-json", help="Print the summary as JSON.")
    ] = False,
) -> None:
    """Import RELEASE's tasks into a Label Studio project; a second push adds no task."""
    from packager.labeling.label_studio_api import LabelStudioClient, push
    from packager.labeling.scheme import load_scheme, scheme_from_options

    label_scheme = (
        load_scheme(scheme)
        if scheme is not None
        else scheme_from_options(_names(classes), _names(spans), multi_label)
    )
    with LabelStudioClient(url, token) as client:
        result = push(
            client, release, label_scheme, project=project, title=create, all_kinds=all_kinds
        )
    if as_json:
        typer.echo(json.dumps(dataclasses.asdict(result)))
        return
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
    as_json: Annotated[
        bool, typer.Option("--json/--no-json", help="Print the summary as JSON.")
    ] = False,
) -> None:
    """Export a Label Studio project's annotations and import them onto RELEASE."""
    from packager.labeling.label_studio_api import LabelStudioClient, pull

    with LabelStudioClient(url, token) as client:
        result = pull(client, project, release, out)
    if as_json:
        summary = {
            "project": project,
            "annotations": str(out / "annotations.jsonl"),
            "imported": result.imported,
            "by_task": dict(sorted(result.by_task.items())),
            "rejected": dict(sorted(result.rejected.items())),
        }
        typer.echo(json.dumps(summary, ensure_ascii=False))
        return
    console.print(
        f"{result.imported} annotations imported to {out / 'annotations.jsonl'}; "
        f"{sum(result.rejected.values())} rejected",
        markup=False,
        highlight=False,
    )
