"""HTML pages in: clean UTF-8 text whatever the page claims, page furniture left out."""

from __future__ import annotations

import gzip
import json

import pytest

from packager.build import build_release
from packager.ingest.html_files import decode_html

PAGE = """<!DOCTYPE html>
<html lang="en-GB"><head>{charset}
<title>Quay market reopens | Brindle Post</title>
<meta property="og:site_name" content="The Brindle Post">
<meta name="author" content="Mara Quist; Teo Lund">
<meta property="article:published_time" content="2026-04-18">
<link rel="canonical" href="https://brindle-post.example/2026/quay-market">
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<div id="cookies">We use cookies to improve your experience. <button>Accept all</button></div>
<article>
<h1>Quay market reopens</h1>
<p>The Quay market reopened on Saturday after a winter of repairs — and Zoë Brandt’s café sold out of pastries by ten.</p>
<p>“We’ve waited six months for this,” said Brandt, who has run the stall since 2011. Rents are £300 a month.</p>
<ul><li>Opening hours: 8am to 2pm</li><li>Parking: free on Saturdays</li></ul>
<div class="share">Share on Facebook · Share on X</div>
</article>
<aside><h3>Newsletter</h3><p>Sign up for our free newsletter to get the news in your inbox.</p></aside>
<section class="related"><h3>Related</h3><a href="#">Harbour wall repairs begin</a></section>
<section class="comments"><h3>Comments (2)</h3><p>Lovely news!</p></section>
<footer>© 2026 The Brindle Post</footer>
</body></html>
"""
EXPECTED = [
    "The Quay market reopened on Saturday after a winter of repairs — and Zoë Brandt’s café sold out of pastries by ten.",
    "“We’ve waited six months for this,” said Brandt, who has run the stall since 2011. Rents are £300 a month.",
    "Opening hours: 8am to 2pm",
    "Parking: free on Saturdays",
]


def page(charset: str = '<meta charset="utf-8">') -> str:
    return PAGE.format(charset=charset)


def _build(files, write_files, tmp_path, settings):
    release = build_release([write_files(files)], settings, tmp_path / "dist").release
    paragraphs = [json.loads(x) for x in (release / "paragraphs.jsonl").read_text().splitlines()]
    articles = [json.loads(x) for x in (release / "articles.jsonl").read_text().splitlines()]
    rejects = [json.loads(x) for x in (release / "rejects.jsonl").read_text().splitlines()]
    return paragraphs, articles, rejects


@pytest.mark.parametrize(
    "encoded",
    [
        pytest.param(page().encode("utf-8"), id="utf-8"),
        pytest.param(
            page('<meta charset="iso-8859-1">').encode("utf-8"), id="utf-8 declared as latin-1"
        ),
        pytest.param(
            page('<meta charset="utf-8">').encode("cp1252"), id="windows-1252 declared as utf-8"
        ),
        pytest.param(
            page('<meta charset="windows-1252">').encode("cp1252"), id="windows-1252 declared"
        ),
        pytest.param(page("").encode("cp1252"), id="windows-1252 undeclared"),
        pytest.param(page().replace("\n", "\r\n").encode("utf-8"), id="crlf"),
        pytest.param(b"\xef\xbb\xbf" + page().encode("utf-8"), id="utf-8 with bom"),
    ],
)
def test_pages_come_out_as_clean_utf8_paragraphs_with_metadata(
    encoded, write_files, tmp_path, settings
):
    paragraphs, [article], rejects = _build(
        {"market.html": encoded}, write_files, tmp_path, settings
    )
    assert rejects == []
    assert [p["text"] for p in paragraphs] == EXPECTED
    assert article["title"] == "Quay market reopens"
    assert article["publisher"] == "The Brindle Post"
    assert article["authors"] == ["Mara Quist", "Teo Lund"]
    assert article["published_at"] == "2026-04-18"
    assert article["url"] == "https://brindle-post.example/2026/quay-market"
    assert (article["language"], article["language_source"]) == (
        "en-GB",
        "metadata",
    )  # BCP 47 casing
    assert article["paragraph_convention"] == "html"


def test_each_paragraph_points_at_its_source_element_and_line(write_files, tmp_path, settings):
    data = page().encode("utf-8")
    paragraphs, _, _ = _build({"market.html": data}, write_files, tmp_path, settings)
    lines = data.split(b"\n")
    assert [p["source"]["element"] for p in paragraphs] == ["p", "p", "item", "item"]
    for paragraph in paragraphs[:2]:  # trafilatura keeps the source line of a <p>
        source = paragraph["source"]
        raw_line = data[source["byte_start"] : source["byte_end"]].decode()
        assert raw_line == lines[source["line_start"] - 1].decode()
        assert paragraph["text"].split()[0] in raw_line
    for paragraph in paragraphs[2:]:  # list items it rebuilds: the whole page, honestly
        source = paragraph["source"]
        assert (source["line_start"], source["byte_start"], source["byte_end"]) == (1, 0, len(data))


def test_gzipped_pages_and_sidecars(write_files, tmp_path, settings):
    files = {
        "market.html.gz": gzip.compress(page().encode("utf-8"), mtime=0),
        "market.meta.json": json.dumps(
            {"title": "Market is back", "license": "CC-BY-4.0", "desk": "city"}
        ),
    }
    paragraphs, [article], _ = _build(files, write_files, tmp_path, settings)
    assert [p["text"] for p in paragraphs] == EXPECTED
    assert article["title"] == "Market is back"  # the sidecar wins
    assert article["publisher"] == "The Brindle Post"  # the page fills the rest
    assert json.loads(article["extra"]) == {"desk": "city", "html_encoding": "utf-8"}


def test_a_page_without_an_article_is_rejected(write_files, tmp_path, settings):
    empty = "<html><body><nav><a href='/'>Home</a></nav><footer>© 2026</footer></body></html>"
    _, articles, [reject] = _build(
        {"index.html": empty, "ok.txt": "Text.\n"}, write_files, tmp_path, settings
    )
    assert reject["reason"] == "no-content"
    assert reject["message"] == (
        "index.html: no article text found in the page; if it is an article, save the page "
        "with its text (not a shell that loads it by script), else remove it"
    )
    assert len(articles) == 1


def test_decode_prefers_utf8_over_a_lying_declaration():
    text, encoding = decode_html('<meta charset="iso-8859-1"><p>Zoë — “quoted”</p>'.encode())
    assert (encoding, "Zoë — “quoted”" in text) == ("utf-8", True)
    text, encoding = decode_html(
        '<meta charset="windows-1252"><p>Zoë — “quoted”</p>'.encode("cp1252")
    )
    assert "Zoë — “quoted”" in text and encoding == "cp1252"
