"""HTML pages in: clean UTF-8 text whatever the page claims, page furniture left out."""

from __future__ import annotations

import gzip
import json
import re

import pytest

from packager.build import build_release
from packager.ingest.html_files import decode_html
from packager.settings import BuildSettings

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
    for paragraph in paragraphs:  # the line holding the paragraph's text, list items too
        source = paragraph["source"]
        raw_line = data[source["byte_start"] : source["byte_end"]].decode()
        assert source["line_start"] == source["line_end"]
        assert raw_line == lines[source["line_start"] - 1].decode()
        assert paragraph["text"] in re.sub(r"<[^>]*>", "", raw_line)
    assert [p["source"]["line_start"] for p in paragraphs] == [13, 14, 15, 15]


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
        "index.html: no article text found in the page: it holds 9 characters of text outside "
        "markup, scripts and styles; if it is an article, save the page with its text (a page "
        "that loads its text by script holds none), else remove it"
    )
    assert len(articles) == 1


def test_decode_prefers_utf8_over_a_lying_declaration():
    text, encoding = decode_html('<meta charset="iso-8859-1"><p>Zoë — “quoted”</p>'.encode())
    assert (encoding, "Zoë — “quoted”" in text) == ("utf-8", True)
    text, encoding = decode_html(
        '<meta charset="windows-1252"><p>Zoë — “quoted”</p>'.encode("cp1252")
    )
    assert "Zoë — “quoted”" in text and encoding == "cp1252"


BR_PAGE = """<!DOCTYPE html>
<html lang="en"><head><title>Harbour plan | Tallow Gazette</title></head><body>
<article><h1>Harbour plan</h1>
<p>The council met on Monday to hear from residents about the harbour plan.<br>Councillor
Ana Voss said the plan would go ahead.<br><br>The vote is next week, and many
residents are expected to attend it.<br/> <br/>&nbsp;<br>Tickets are free.<BR>Doors open at six.</p>
<div>Mayor Ilse Brook wrote to every household in the ward about it.<br><br>Her letter asks
for comments by Friday.</div>
</article></body></html>
"""


def test_a_single_br_is_a_space_and_two_or_more_end_a_paragraph(write_files, tmp_path, settings):
    paragraphs, _, rejects = _build({"plan.html": BR_PAGE}, write_files, tmp_path, settings)
    assert rejects == []
    assert [p["text"] for p in paragraphs] == [
        "The council met on Monday to hear from residents about the harbour plan. Councillor "
        "Ana Voss said the plan would go ahead.",
        "The vote is next week, and many residents are expected to attend it.",
        "Tickets are free. Doors open at six.",
        "Mayor Ilse Brook wrote to every household in the ward about it.",
        "Her letter asks for comments by Friday.",
    ]
    data = BR_PAGE.encode()
    for paragraph in paragraphs:  # each points at the lines that hold it
        source = paragraph["source"]
        raw = data[source["byte_start"] : source["byte_end"]].decode()
        assert "".join(paragraph["text"].split()) in "".join(re.sub(r"<[^>]*>", "", raw).split())
    assert [(p["source"]["line_start"], p["source"]["line_end"]) for p in paragraphs] == [
        (4, 5),
        (5, 6),
        (6, 6),
        (7, 7),
        (7, 8),
    ]


def _table_page(rows: int) -> str:
    cells = "\n".join(
        f"<tr><td>{i}</td><td>Polling station number {i} in the north ward</td><td>{i * 37}</td></tr>"
        for i in range(rows)
    )
    return page().replace("</article>", f"</article>\n<table>{cells}</table>")


@pytest.mark.parametrize("rows", [20, 100, 500])
def test_an_article_followed_by_a_large_table_keeps_its_text(rows, write_files, tmp_path, settings):
    paragraphs, _, rejects = _build(
        {"results.html": _table_page(rows)}, write_files, tmp_path, settings
    )
    assert rejects == []
    assert [p["text"] for p in paragraphs][:2] == EXPECTED[:2]
    assert not any("Polling station" in p["text"] for p in paragraphs)  # tables stay out


def test_a_page_of_text_that_is_not_an_article_is_not_blamed_on_scripts(
    write_files, tmp_path, settings
):
    links = "".join(f"<li><a href='/{i}'>Story number {i}</a></li>" for i in range(60))
    listing = f"<html><body><nav><ul>{links}</ul></nav></body></html>"
    _, _, [reject] = _build(
        {"index.html": listing, "ok.txt": "Text.\n"}, write_files, tmp_path, settings
    )
    assert reject["reason"] == "no-content"
    assert "script" not in reject["message"]
    assert reject["message"].startswith(
        "index.html: no article text found in the page: none of its 770 characters of text "
        "reads as article prose to the extractor"
    )


@pytest.mark.parametrize("declared", ["utf-16", "utf-16le", "utf-32", "shift_jis", "gb18030"])
@pytest.mark.parametrize("padding", ["", " "], ids=["even", "odd"])
def test_a_false_multibyte_declaration_is_not_trusted(
    declared, padding, write_files, tmp_path, settings
):
    data = page(f'<meta charset="{declared}">').encode("cp1252") + padding.encode()
    paragraphs, [article], rejects = _build({"market.html": data}, write_files, tmp_path, settings)
    assert rejects == []
    assert [p["text"] for p in paragraphs] == EXPECTED
    assert json.loads(article["extra"])["html_encoding"] == "cp1252"


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_pages_are_read_and_located_on_even_bytes(codec, write_files, tmp_path, settings):
    data = page('<meta charset="utf-16">').encode(codec)
    paragraphs, [article], rejects = _build({"market.html": data}, write_files, tmp_path, settings)
    assert rejects == []
    assert [p["text"] for p in paragraphs] == EXPECTED
    assert json.loads(article["extra"])["html_encoding"] == "utf-16"
    text = page('<meta charset="utf-16">')
    lines = text.split("\n")
    for paragraph in paragraphs:
        source = paragraph["source"]
        assert source["byte_start"] % 2 == 0 and source["byte_end"] % 2 == 0
        raw = data[source["byte_start"] : source["byte_end"]].decode(codec)
        raw = raw.removeprefix("\ufeff")
        assert raw == lines[source["line_start"] - 1]


def test_decode_trusts_a_declaration_only_when_it_reads_cleanly():
    lying = '<meta charset="utf-16"><p>Zoë — “quoted”</p>'.encode("cp1252")
    for data in (lying, lying + b" "):
        text, encoding = decode_html(data)
        assert "Zoë — “quoted”" in text and encoding == "cp1252"


def test_title_line_takes_no_paragraph_from_an_html_page(write_files, tmp_path):
    settings = BuildSettings(name="t", version="1.0.0", title_line=True)
    paragraphs, [article], rejects = _build(
        {"market.html": page()}, write_files, tmp_path, settings
    )
    assert rejects == []
    assert [p["text"] for p in paragraphs] == EXPECTED  # the first paragraph is kept
    assert article["title"] == "Quay market reopens"  # the page's own title
    data = page().encode()
    for paragraph in paragraphs:
        source = paragraph["source"]
        assert source["element"] in ("p", "item")
        assert (source["byte_start"], source["byte_end"]) != (0, len(data))
