"""Metadata written in a valid but unusual form, brought to the form the schemas hold.

``HTTPS://Example.COM/Path`` keeps its path, query and fragment as given; its scheme
and host are case-insensitive (RFC 3986), so they are lower-cased. A language tag is
case-insensitive too (BCP 47): it is written in the conventional casing of RFC 5646
section 2.1.1, language lower-case, script title-case, region upper-case (``EN-us`` ->
``en-US``, ``ZH-hant-tw`` -> ``zh-Hant-TW``). Anything else, and any value that is not a
string, is left for the schema check to judge.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from packager.ingest.raw import Metadata

_SCHEME_AND_HOST = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://([^/?#@]*@)?([^/?#:]*)")


def normal_url(url: Any) -> Any:
    """The URL with scheme and host in lower case; the rest as given."""
    if not isinstance(url, str):
        return url
    match = _SCHEME_AND_HOST.match(url)
    if match is None:
        return url
    scheme, userinfo, host = match.group(1), match.group(2) or "", match.group(3)
    return f"{scheme.lower()}://{userinfo}{host.lower()}{url[match.end() :]}"


def normal_language(tag: Any) -> Any:
    """A BCP 47 tag in its conventional casing (``en-US``); other values as given."""
    if not isinstance(tag, str) or not tag.isascii():
        return tag
    subtags = tag.split("-")
    cased = [subtags[0].lower()]
    singleton = False  # after x- or an extension, every subtag is lower-case
    for subtag in subtags[1:]:
        if singleton or len(subtag) not in (2, 4):
            cased.append(subtag.lower())
        elif len(subtag) == 2:
            cased.append(subtag.upper())
        else:
            cased.append(subtag.title())
        singleton = singleton or len(subtag) == 1
    return "-".join(cased)


def normal_metadata(metadata: Metadata) -> Metadata:
    url, language = normal_url(metadata.url), normal_language(metadata.language)
    if url == metadata.url and language == metadata.language:
        return metadata
    return replace(metadata, url=url, language=language)
