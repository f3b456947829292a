"""Rich tables and progress for the CLI: how a build went, what validation found."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)
from rich.table import Table

if TYPE_CHECKING:  # types only: each command imports just the library it runs
    from packager.build import BuildResult
    from packager.check.report import ValidationReport
    from packager.labeling.stats import AnnotationStats
    from packager.releases.diff import ReleaseDiff
    from packager.releases.stats import ReleaseStats

MAX_MESSAGES = 20


class ByteProgress:
    """One rich progress bar over input bytes (articles are read file by file).

    Shown only on a terminal, so logs and pipes stay clean.
    """

    def __init__(self, console: Console) -> None:
        self._progress: Progress | None = None
        if console.is_terminal:
            self._progress = Progress(
                TextColumn("{task.fields[articles]:,} articles"),
                BarColumn(),
                DownloadColumn(),
                TransferSpeedColumn(),
                TimeRemainingColumn(),
                console=console,
                transient=True,
            )
        self._task: TaskID | None = None
        self._articles = 0

    def __enter__(self) -> ByteProgress:
        if self._progress is not None:
            self._progress.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._progress is not None:
            self._progress.stop()

    def start(self, total_bytes: int) -> None:
        if self._progress is not None:
            self._task = self._progress.add_task("inputs", total=total_bytes, articles=0)
        self._articles = 0

    def advance(self, done_bytes: int) -> None:
        if self._progress is not None and self._task is not None:
            self._progress.advance(self._task, done_bytes)

    def article_done(self) -> None:
        self._articles += 1
        if self._progress is not None and self._task is not None and self._articles % 100 == 0:
            self._progress.update(self._task, articles=self._articles)


def build_table(result: BuildResult) -> Table:
    counts = result.counts
    table = Table(title="packager build", show_header=False, title_justify="left")
    table.add_column("what")
    table.add_column("count", justify="right")
    table.add_row("inputs", str(counts["inputs"]))
    table.add_row("accepted", str(counts["accepted"]))
    table.add_row("rejected", str(counts["rejected"]))
    for reason, number in counts["rejected_by_reason"].items():
        table.add_row(f"  rejected: {reason}", str(number))
    for split, number in counts["paragraphs"].items():
        table.add_row(
            f"split {split}", f"{counts['articles'][split]} articles, {number} paragraphs"
        )
    table.add_row("kinds", ", ".join(f"{k} {n}" for k, n in counts["kinds"].items()))
    table.add_row("flags", ", ".join(f"{k} {n}" for k, n in counts["flags"].items()) or "none")
    table.add_row("duplicate articles", str(counts["duplicates"]))
    for reason, number in counts["paragraphs_dropped"].items():
        table.add_row(f"  paragraphs {reason}", str(number))
    outcome = {
        "created": "written",
        "unchanged": "already built, identical",
        "replaced": "replaced (--force)",
        None: "not published",
    }[result.outcome]
    if result.resumed_batches:
        table.add_row("resumed", f"{result.resumed_batches} batches from an interrupted build")
    table.add_row("release", f"{result.release} ({outcome})")
    return table


def build_messages(result: BuildResult) -> list[str]:
    """What the user should read beside the table: rejects, ignored files, warnings."""
    published = result.outcome is not None
    return note_lines(result.reject_messages, result.ignored, result.warnings, published)


def note_lines(
    rejected: list[str],
    ignored: list[str],
    warnings: list[str] | None = None,
    published: bool = False,
) -> list[str]:
    """One line per reject (the first few), ignored file and warning."""
    lines = [f"rejected: {message}" for message in rejected[:MAX_MESSAGES]]
    if len(rejected) > MAX_MESSAGES:
        where = " in rejects.jsonl" if published else ""
        lines.append(f"... and {len(rejected) - MAX_MESSAGES} more{where}")
    lines.extend(f"ignored: {note}" for note in ignored)
    lines.extend(f"warning: {note}" for note in warnings or [])
    return lines


def print_messages(error_console: Console, lines: list[str]) -> None:
    for line in lines:
        error_console.print(line, markup=False, highlight=False, soft_wrap=True)


def print_notes(
    error_console: Console,
    rejected: list[str],
    ignored: list[str],
    warnings: list[str] | None = None,
    published: bool = False,
) -> None:
    """The notes of a build that published nothing, on stderr."""
    print_messages(error_console, note_lines(rejected, ignored, warnings, published))


def print_build(console: Console, error_console: Console, result: BuildResult) -> None:
    """Reject messages and ignored files on stderr (one line each), the table on stdout."""
    print_messages(error_console, build_messages(result))
    console.print(build_table(result))


def validation_table(report: ValidationReport) -> Table:
    table = Table(title=f"packager validate {report.path}", title_justify="left")
    for column in ("file", "line", "record", "pointer", "code", "message"):
        table.add_column(column, overflow="fold")
    for finding in report.findings[:200]:
        table.add_row(
            finding.file,
            "" if finding.line is None else str(finding.line),
            finding.record or "",
            finding.pointer or "",
            finding.code,
            finding.message,
        )
    return table


def stats_table(stats: ReleaseStats) -> Table:
    table = Table(title=f"packager inspect {stats.path}", title_justify="left")
    table.add_column("what")
    table.add_column("count", justify="right")
    table.add_row("articles", str(stats.articles))
    table.add_row("paragraphs", str(stats.paragraphs))
    for split, number in sorted(stats.splits.items()):
        by_kind = ", ".join(f"{k} {n}" for k, n in sorted(stats.kinds_by_split[split].items()))
        table.add_row(f"  split {split}", f"{number} ({by_kind})")
    for kind, number in sorted(stats.kinds.items()):
        table.add_row(f"kind {kind}", str(number))
    for code, number in sorted(stats.flags.items()):
        table.add_row(f"flag {code}", str(number))
    for language, number in sorted(stats.languages.items()):
        table.add_row(f"language {language}", str(number))
    table.add_row("duplicate articles", f"{stats.duplicates} in {stats.dup_groups} group(s)")
    for reason, number in sorted(stats.rejects.items()):
        table.add_row(f"rejected {reason}", str(number))
    return table


def annotation_stats_table(stats: AnnotationStats) -> Table:
    table = Table(title="packager annotations stats", show_header=False, title_justify="left")
    table.add_column("what")
    table.add_column("value", justify="right")
    table.add_row("annotations", str(stats.annotations))
    table.add_row("annotators", ", ".join(stats.annotators) or "none")
    for label, number in sorted(stats.classification_labels.items()):
        table.add_row(f"class {label}", str(number))
    for label, number in sorted(stats.span_labels.items()):
        table.add_row(f"span {label}", str(number))
    table.add_row("paragraphs with 2+ annotators", str(stats.paragraphs_with_two_or_more))

    def show(value: float | None) -> str:
        return "n/a" if value is None else f"{value:.3f}"

    table.add_row("Cohen's kappa (mean of pairs)", show(stats.kappa))
    table.add_row("Krippendorff's alpha", show(stats.alpha))
    table.add_row(f"span F1 ({stats.span_pairs} pairs)", show(stats.span_f1))
    return table


def diff_table(result: ReleaseDiff) -> Table:
    old, new = result.old, result.new
    table = Table(
        title=f"packager diff {old['name']} {old['version']} -> {new['version']}",
        show_header=False,
        title_justify="left",
    )
    table.add_column("what")
    table.add_column("count", justify="right")
    articles, paragraphs = result.articles, result.paragraphs
    for state in ("added", "removed", "changed"):
        table.add_row(f"articles {state}", str(len(articles[state])))
    table.add_row("articles unchanged", str(paragraphs["articles_unchanged"]))
    for state in ("added", "removed", "modified", "unchanged"):
        table.add_row(f"paragraphs {state}", str(paragraphs[state]))
    table.add_row("split moves (should be 0)", str(len(result.split_moves)))
    for kind, (before, after) in result.schema_changes.items():
        table.add_row(f"schema {kind}", f"{before} -> {after}")
    for key, (before, after) in result.settings_changes.items():
        table.add_row(f"setting {key}", f"{before!r} -> {after!r}")
    verdict = "ok" if result.version_ok else "TOO LOW"
    table.add_row(
        "suggested bump", f"{result.suggested_bump} (>= {result.required_version}: {verdict})"
    )
    return table


def diff_listing(result: ReleaseDiff, limit: int) -> list[str]:
    """The first ``limit`` added, removed and changed articles, one line each: URL (else
    input path) and title. ``packager diff --json`` lists them all."""
    lines = []
    for state in ("added", "removed", "changed"):
        listed = result.article_changes[state]
        for article in listed[:limit]:
            where = article["url"] or article["path"] or article["article_id"]
            title = f" ({article['title']})" if article["title"] else ""
            lines.append(f"{state}: {where}{title}")
        if len(listed) > limit:
            lines.append(f"{state}: ... and {len(listed) - limit} more (--limit N, or --json)")
    return lines
