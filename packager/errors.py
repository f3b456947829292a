"""packager's own exceptions.

Every failure packager means to report is one of these; the CLI catches
:class:`PackagerError` once, prints ``Error: <message>`` and exits non-zero
(``--debug`` shows the traceback). Bad *input* is not an exception: a broken
article becomes a reject record with a reason code, and the run goes on.

::

    PackagerError
    ├── ConfigError            bad options or settings (unknown split, bad name/version)
    ├── SchemaError            a bundled schema is missing or not a valid schema
    ├── IdCollisionError       two records of one release share an ID (names both)
    ├── OutputError            an output file or folder cannot be written where asked
    │   │                      (a link or a file in the way, no space, no permission)
    │   └── ReleaseError       the release folder cannot be written as asked
    │       ├── ReleaseConflictError  the version exists with different content
    │       └── BuildInProgressError  another build of the same version is running
    ├── NothingToPublishError  no article was accepted: no input files, only ignored
    │                          ones, or every input rejected (nothing is published)
    └── StrictModeError        ``--strict`` and at least one article was rejected
"""

from __future__ import annotations


class PackagerError(Exception):
    """Base of every error packager raises on purpose."""


class ConfigError(PackagerError):
    """An option or setting is invalid; the message says which and how to fix it."""


class SchemaError(PackagerError):
    """A bundled JSON Schema is missing or broken."""


class IdCollisionError(PackagerError):
    """Two different records of one release would get the same ID."""


class OutputError(PackagerError):
    """An output file or folder cannot be written where it was asked to go."""


class ReleaseError(OutputError):
    """The release folder cannot be written."""


class ReleaseConflictError(ReleaseError):
    """The release version already exists with different content."""


class BuildInProgressError(ReleaseError):
    """Another build of the same name and version holds the lock in this output folder."""


class NothingToPublishError(PackagerError):
    """The build accepted no article, so its release would not load; nothing is published.

    Carries the reject messages and the ignored files, so the user can read why.
    """

    def __init__(
        self, message: str, *, rejected: list[str] | None = None, ignored: list[str] | None = None
    ) -> None:
        super().__init__(message)
        self.rejected = rejected or []  # one message per rejected input
        self.ignored = ignored or []  # files that are not inputs, with why


class StrictModeError(PackagerError):
    """``--strict`` was given and at least one input was rejected; carries the build result."""

    result: object = None

    def with_result(self, result: object) -> StrictModeError:
        self.result = result
        return self
