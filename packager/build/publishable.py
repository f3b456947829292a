"""A release must hold an article: a build that would publish nothing loadable stops.

``datasets.load_dataset`` cannot load a release without a single paragraph, so
publishing one would make an immutable version that ``packager verify`` fails
(``load-failed``). Whatever the reason (no input file, only ignored files, every
article rejected), the build raises one :class:`NothingToPublishError` that says
why, and publishes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from packager.errors import NothingToPublishError
from packager.ingest.discover import Discovery
from packager.ingest.raw import display_path


def _where(inputs: Sequence[Path]) -> str:
    return ", ".join(display_path(str(path)) for path in inputs)


def require_input_files(discovery: Discovery, inputs: Sequence[Path]) -> None:
    """Stop before anything is written when no input file was found."""
    if discovery.files:
        return
    ignored = f" ({len(discovery.ignored)} ignored)" if discovery.ignored else ""
    raise NothingToPublishError(
        f"nothing to publish: no input files found under {_where(inputs)}{ignored}; "
        "packager reads .txt, .jsonl(.gz) and .html/.htm(.gz) files",
        ignored=discovery.ignored,
    )


def require_accepted(
    counts: dict[str, Any], reject_messages: list[str], discovery: Discovery
) -> None:
    """Stop before publishing when no article was accepted (``counts``: the manifest's)."""
    if counts["accepted"]:
        return
    reasons = sorted(counts["rejected_by_reason"].items(), key=lambda item: (-item[1], item[0]))
    why = ", ".join(f"{number} {reason}" for reason, number in reasons)
    raise NothingToPublishError(
        f"nothing to publish: 0 of {counts['inputs']} articles accepted"
        + (f" ({why}); each rejected: line above says how to fix one" if why else ""),
        rejected=reject_messages,
        ignored=discovery.ignored,
    )
