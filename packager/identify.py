"""Stable IDs and split assignment (ID scheme ``packager-ids/2``).

Pure functions; the README documents the scheme and tests pin it. Any change
to what goes into a hash is a new scheme version.

* ``article_id`` = hex BLAKE2b-80 (personalised ``packager:art:v1``) of the
  article key: ``id:<the record's own id>`` if the input gives one, else
  ``url:<canonical URL>`` if it has a URL, else, for a file that is one article,
  ``path:<its source path>``, and for a JSONL record (one of many in its file)
  ``text:<the ID texts of its paragraphs, one per line>``: its content, so the
  ID does not depend on the record's line, which a crawler reorders freely.
  20 lower-case hex characters: short, URL-safe, fixed length.
* ``packager-ids/2`` differs from ``/1`` only where ``/1`` failed: records
  without id or URL (``/1`` gave every record of a file its file's key, so all
  but the first were duplicates) and URLs that do not parse (``/1`` stopped the
  build; now the URL as given, trimmed, is its own canonical form).
* ``paragraph_id`` = hex BLAKE2b-80 (``packager:par:v1``) of the article ID,
  the occurrence number of this text in the article (0 for the first, 1 for its
  first repeat, ...) and the paragraph's *ID text*: NFC with every run of white
  space folded to one space. Re-wrapping, CRLF/LF, NFC/NFD and trailing spaces
  therefore keep the ID, and so does editing, inserting or moving any other
  paragraph (the position is not part of the key; only identical repeats count).
* The split is a hash of the article ID (``packager:split1``) mapped to [0, 1)
  and cut at the cumulative split shares, so an article's split never changes
  when others are added or removed.

Why BLAKE2b: it is in the standard library, about as fast as SHA-256 here, and
its ``person`` parameter separates the three uses without string prefixes. 80
bits keeps the chance of any collision in a 10-million-paragraph release below
one in 10^10; a collision is still checked for and is a hard error.
"""

from __future__ import annotations

import hashlib
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

ID_SCHEME = "packager-ids/2"
_ARTICLE = b"packager:art:v1"
_PARAGRAPH = b"packager:par:v1"
_SPLIT = b"packager:split1"
_DIGEST_BYTES = 10

# Query parameters that only track a click; they never select different content.
_TRACKING_PARAMS = frozenset({"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid"})
_DEFAULT_PORTS = {"http": 80, "https": 443}


def _digest(person: bytes, key: str) -> str:
    return hashlib.blake2b(
        key.encode("utf-8", "surrogatepass"), digest_size=_DIGEST_BYTES, person=person
    ).hexdigest()


def canonical_url(url: str) -> str:
    """The URL with the differences that do not change the page removed.

    Lower-cases scheme and host, drops a default port, the fragment and
    click-tracking parameters (``utm_*`` and a few others), and an empty path
    becomes ``/``. The remaining query keeps its order. Deliberately frozen
    here rather than taken from a URL library: a library upgrade must never
    change article IDs. A URL that does not parse (a port past 65535, an
    unclosed ``[`` of an IPv6 host) is returned trimmed, as given.
    """
    try:
        parts = urlsplit(url.strip())
        given_port = parts.port
    except ValueError:
        return url.strip()
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = given_port if given_port and given_port != _DEFAULT_PORTS.get(scheme) else None
    netloc = host if port is None else f"{host}:{port}"
    if parts.username:
        netloc = f"{parts.username}@{netloc}"
    query = urlencode(
        [
            (key, value)
            for key, value in parse_qsl(parts.query, keep_blank_values=True)
            if not key.lower().startswith("utm_") and key.lower() not in _TRACKING_PARAMS
        ]
    )
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))


def article_key(
    external_id: str | None,
    url: str | None,
    source_path: str,
    record_texts: list[str] | None = None,
) -> str:
    """What the article ID is derived from: own id, else canonical URL, else the source
    path of a file, or the paragraph texts of a record (``record_texts``, JSONL)."""
    if external_id is not None and external_id.strip():
        return "id:" + external_id.strip()
    if url is not None and url.strip():
        return "url:" + canonical_url(url)
    if record_texts is not None:
        return "text:" + "\n".join(id_text(text) for text in record_texts)
    return "path:" + source_path


def article_id(key: str) -> str:
    """The 20-hex-character ID of the article whose key (see :func:`article_key`) is ``key``."""
    return _digest(_ARTICLE, key)


_FOLDED: dict[str, str] = {}
_FOLDED_ENTRIES = 4096  # a few hundred articles' paragraphs, about 5 MB at most
_FOLDED_LONGEST = 1024  # code points; whole article texts are folded once, not kept


def id_text(text: str) -> str:
    """The form of a paragraph that its ID depends on: NFC, white space folded.

    Remembered for the last few thousand paragraphs: the ID, the survey key, the
    classifier and the MinHash shingles all ask for the same paragraph's form, and
    the lookup costs a tenth of the folding. A pure function still: the memo only
    ever holds what the folding gives."""
    folded = _FOLDED.get(text)
    if folded is None:
        folded = unicodedata.normalize("NFC", text)
        # Every white space character but the space is unprintable, so printable text
        # without a double, leading or trailing space is folded already (most
        # paragraphs): two scans in C instead of splitting into words and joining them.
        if not (
            folded.isprintable() and "  " not in folded and folded[:1] != " " and folded[-1:] != " "
        ):
            folded = " ".join(folded.split())
        if len(text) <= _FOLDED_LONGEST:
            if len(_FOLDED) >= _FOLDED_ENTRIES:
                _FOLDED.clear()
            _FOLDED[text] = folded
    return folded


def joined_id_text(texts: list[str]) -> str:
    """``id_text("\n".join(texts))``, from the paragraphs' own ID texts.

    A line break is white space, and NFC composes nothing with it, so the ID text of
    paragraphs joined by line breaks is their ID texts joined by one space, the empty
    ones left out. Those are remembered (:func:`id_text`): an article's text is not
    folded again, a second time, for its digest and its shingles."""
    return " ".join([folded for folded in map(id_text, texts) if folded])


def paragraph_id(article_id: str, text: str, occurrence: int = 0) -> str:
    """The ID of paragraph ``text`` in article ``article_id``; ``occurrence`` numbers its
    identical repeats in that article (0 for the first)."""
    return _digest(_PARAGRAPH, f"{article_id}\x1f{occurrence}\x1f{id_text(text)}")


def paragraph_ids(article_id: str, texts: list[str]) -> list[str]:
    """IDs of an article's paragraphs in order; identical repeats are numbered 0, 1, ..."""
    seen: dict[str, int] = {}
    ids = []
    for text in texts:
        folded = id_text(text)
        occurrence = seen.get(folded, 0)
        seen[folded] = occurrence + 1
        ids.append(_digest(_PARAGRAPH, f"{article_id}\x1f{occurrence}\x1f{folded}"))
    return ids


def split_for(key: str, shares: dict[str, float]) -> str:
    """The split of an article, from a hash of its ID and the split shares (in order)."""
    point = (
        int.from_bytes(
            hashlib.blake2b(key.encode("utf-8"), digest_size=8, person=_SPLIT).digest(), "big"
        )
        / 2**64
    )
    cumulative = 0.0
    names = list(shares)
    for name in names[:-1]:
        cumulative += shares[name]
        if point < cumulative:
            return name
    return names[-1]
