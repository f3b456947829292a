"""Release versions: Semantic Versioning 2.0.0, one rule for every command.

A version is parsed by the ``semver`` library (3.x), which implements
SemVer 2.0.0 exactly: pre-release (``1.0.0-rc.1``) and build metadata
(``1.0.0+build.5``), precedence with pre-releases below their release and
build metadata ignored. ``packaging.version`` is not used: it implements
PEP 440, which reads ``1.0.0-foo.1`` differently (or not at all) and orders
pre-releases by its own rules. A version is also a folder name, so it is
bounded in length.
"""

from __future__ import annotations

import semver

from packager.errors import ConfigError

MAX_VERSION_LENGTH = 64
# The same rule as a JSON Schema pattern (semver.org's regular expression, ASCII
# digits), for the published manifest schema; tests check it agrees with the library.
VERSION_PATTERN = (
    r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)"
    r"(?:-((?:0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*)"
    r"(?:\.(?:0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
    r"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$"
)


def is_version(version: str) -> bool:
    """A SemVer 2.0.0 version of at most ``MAX_VERSION_LENGTH`` characters."""
    return len(version) <= MAX_VERSION_LENGTH and semver.Version.is_valid(version)


def version_error(version: object) -> str:
    return (
        f"version {version!r} is not a semantic version (SemVer 2.0.0) such as 1.0.0, "
        f"1.1.0-rc.1 or 1.0.0+build.5 (at most {MAX_VERSION_LENGTH} characters)"
    )


def parse_version(version: str) -> semver.Version:
    """The version, or a :class:`ConfigError` that says what a version looks like."""
    if not is_version(version):
        raise ConfigError(version_error(version))
    return semver.Version.parse(version)


def bumped(base: str, bump: str) -> str:
    """The lowest version that makes a ``bump`` change after ``base``.

    After a pre-release, its release may make the change: ``2.0.0`` after
    ``2.0.0-rc.1`` for any change, ``1.1.0`` after ``1.1.0-rc.1`` for a minor one.
    Otherwise the change's number goes up: after ``1.2.3``, a minor change needs
    ``1.3.0``; ``none`` needs ``base`` itself.
    """
    version = parse_version(base)
    if bump == "none":
        return base
    core = version.finalize_version()
    if version.prerelease and (
        bump == "patch"
        or (bump == "minor" and core.patch == 0)
        or (bump == "major" and core.minor == core.patch == 0)
    ):
        return str(core)
    step = {"patch": core.bump_patch, "minor": core.bump_minor, "major": core.bump_major}[bump]
    return str(step())


def at_least(version: str, minimum: str) -> bool:
    """SemVer precedence: ``1.0.0-rc.1 < 1.0.0``; ``1.0.0+a`` equals ``1.0.0+b``."""
    return parse_version(version).compare(parse_version(minimum)) >= 0
