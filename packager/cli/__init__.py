"""The ``packager`` command: a thin twin of the library.

Each command parses its options, calls one library function and prints. Any
:class:`~packager.errors.PackagerError` becomes ``Error: <message>`` and exit
code 1 (2 for usage errors, Typer's own); ``--debug`` shows the traceback.

``app`` holds the shared pieces; ``release`` the commands that build and check
releases; ``labeling`` the round trip through annotation tools.
"""

from packager.cli import release, labeling  # noqa: F401, I001  (registers the commands, in this order)
from packager.cli.app import app, main

__all__ = ["app", "main"]
