"""Building a release: the flow of ``packager build``.

:mod:`.reading` reads the inputs in order; :mod:`.steps` is what happens to one
article in each pass (pure); :mod:`.passes` turns the two passes into tasks for an
engine (:mod:`packager.engines`); :mod:`.unique` checks IDs across the release;
:mod:`.orchestrate` writes, describes and publishes; :mod:`.workspace` and
:mod:`.checkpoint` keep a killed build resumable; :mod:`.publishable` refuses a
release with nothing in it.
"""

from packager.build.orchestrate import (
    EXAMPLE_CORPUS,
    BuildResult,
    ProgressHook,
    build_release,
    created_at_from_env,
    tool_versions,
)

__all__ = [
    "EXAMPLE_CORPUS",
    "BuildResult",
    "ProgressHook",
    "build_release",
    "created_at_from_env",
    "tool_versions",
]
