"""Every HTML paragraph's byte range holds its text, or says it has only the whole page.

Pages are built from parts (doctype, line ends, encoding, noscript, <br>-separated
paragraphs, tables, nested divs, one-line pages) and read with and without
--title-line. The property: decode the bytes in the range with the page's encoding,
strip tags, decode entities, drop white space, NFC: the paragraph's text (with its
white space dropped) is inside. Or the range is the whole page (lines 1 to last,
bytes 0 to the file's size), which is how a record says "only the page".
"""

from __future__ import annotations

import json
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from packager.assemble import assemble
from packager.build import build_release
from packager.ingest.html_files import read_html_article
from packager.ingest.raw import Rejection
from packager.settings import BuildSettings

from ..html_pages import pages, visible


@given(page=pages(), title_line=st.booleans())
@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_each_html_paragraphs_bytes_hold_its_text_or_say_only_the_page(page, title_line, tmp_path):
    data, encoding = page
    path = tmp_path / "page.html"
    path.write_bytes(data)
    settings_ = BuildSettings(name="t", version="1.0.0", title_line=title_line)
    raw = read_html_article(path, "page.html", "0" * 64, None, settings_.html)
    assert not isinstance(raw, Rejection), raw
    assembled = assemble(raw, settings_)
    assert not isinstance(assembled, Rejection), assembled
    paragraphs = assembled.paragraphs
    assert len(paragraphs) >= 1
    assert paragraphs[-1]["text"].startswith("Voting closes at nine")  # nothing lost at the end
    codec = {"utf-16": "utf-16"}.get(encoding, encoding)
    line_count = len(re.findall(r"\r\n|\r|\n", data.decode(codec))) + 1
    for paragraph in paragraphs:
        source = paragraph["source"]
        start, end = source["byte_start"], source["byte_end"]
        assert source["element"] is not None
        assert "".join(paragraph["text"].split()) not in {"", None}
        if (start, end) == (0, len(data)):  # only the page: said so, all of it
            assert (source["line_start"], source["line_end"]) == (1, line_count)
            continue
        if encoding.startswith("utf-16"):
            assert start % 2 == 0 and end % 2 == 0
        piece = data[start:end]
        decoded = piece.decode("utf-16-le" if encoding == "utf-16" else encoding)
        assert "".join(paragraph["text"].split()) in visible(decoded), (paragraph, decoded)
        assert 1 <= source["line_start"] <= source["line_end"] <= line_count


def test_no_word_is_glued_to_the_next_across_a_br(write_files, tmp_path):
    page = (
        "<html><body><article><p>The harbour council met on Monday about the ferry.<br>"
        "Residents<br/>spoke<BR>at length, and the vote was held on the night itself."
        "</p></article></body></html>"
    )
    release = build_release(
        [write_files({"a.html": page})], BuildSettings(name="t", version="1.0.0"), tmp_path
    ).release
    [paragraph] = [json.loads(x) for x in (release / "paragraphs.jsonl").read_text().splitlines()]
    assert "ferry. Residents spoke at length" in paragraph["text"]
