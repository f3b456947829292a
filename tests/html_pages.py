"""HTML pages built from parts, and an independent reading of a page's visible text.

Shared by tests/ingest/test_html_provenance.py and tests/test_fuzz.py. Every page and
sentence is made up here; nothing is copied from a real site.
"""

from __future__ import annotations

import html
import re
import unicodedata

from hypothesis import strategies as st

SENTENCES = [
    "The harbour council met on Monday to hear from residents about the ferry timetable.",
    "Zoë Ackerley, who runs the café on the quay, said the vote was “long overdue”.",
    "Fares stay at £4.50 for adults &amp; children under twelve travel free of charge.",
    "Councillor Ana Voss said the plan would go ahead whatever the weather in June.",
    "Islanders who work early shifts welcomed the news at a packed meeting on Friday.",
]
JAPANESE = [
    "港の議会は月曜日にフェリーの時刻表について住民の意見を聞きました。",
    "投票は九時に締め切られ、その後すぐに開票が始まる予定です。",
    "島の朝早く働く人たちは、金曜日の集会でその知らせを歓迎しました。",
]
LAST = "Voting closes at nine, and the count starts straight after it ends."


@st.composite
def pages(draw):
    """(bytes, encoding) of a well-formed article page: the provenance test's pages."""
    sentences = draw(st.lists(st.sampled_from(SENTENCES), min_size=2, max_size=5, unique=True))
    parts = []
    for sentence in sentences:
        shape = draw(st.sampled_from(["p", "br", "div", "noscript", "nested"]))
        if shape == "p":
            parts.append(f"<p>{sentence}</p>")
        elif shape == "br":
            # Prose on each side of the breaks: the extractor, favouring precision, may
            # rightly cut a page's tail at text that reads as junk (reversed words did).
            parts.append(
                f"<p>{sentence}<br>{sentence.upper()}<br><br>"
                "Return tickets are sold at the quay office until the last sailing.</p>"
            )
        elif shape == "div":
            parts.append(f"<div>{sentence}</div>")
        elif shape == "noscript":
            parts.append(f"<noscript><p>{sentence}</p></noscript>")
        else:
            parts.append(f"<div><div><section><p>{sentence}</p></section></div></div>")
    if draw(st.booleans()):
        rows = "\n".join(
            f"<tr><td>{i}</td><td>Polling station {i} in the north ward</td></tr>"
            for i in range(draw(st.sampled_from([3, 120])))
        )
        parts.append(f"<table>{rows}</table>")
    separator = draw(st.sampled_from(["\n", ""]))  # one element a line, or one line
    encoding = draw(st.sampled_from(["utf-8", "utf-16", "utf-16-le", "cp1252"]))
    declared = draw(st.sampled_from(["", encoding, "utf-8", "utf-16"]))
    head = (
        ("<!DOCTYPE html>\n" if draw(st.booleans()) else "")
        + '<html lang="en"><head>'
        + (f'<meta charset="{declared}">' if declared else "")
        + "<title>Ferry vote | The Tallow Gazette</title></head>\n<body>"
        + "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>\n<article>"
        + "<h1>Ferry vote</h1>\n"
    )
    parts.append(f"<p>{LAST}</p>")
    text = head + separator.join(parts) + "\n</article><footer>© 2026</footer></body></html>\n"
    line_end = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    text = text.replace("\n", line_end)
    return text.encode(encoding), encoding


# Pages for the fuzz properties: every part a scraped page throws at a reader. ----------

ENCODINGS = ["utf-8", "utf-16", "utf-16-le", "utf-16-be", "cp1252", "shift_jis"]
BR = st.sampled_from(["<br>", "<br/>", "<BR >", "<br class='x'>", "\n<br>", "<br>\n"])
BR_RUN = st.sampled_from(["<br><br>", "<br>&nbsp;<br>", "<br/>\n<br/>", "<br><br><br>"])
EXTRA = st.sampled_from(
    ["\U0001f6a2 ", "Zoe\u0301 ", "\u05d7\u05d9\u05e4\u05d4 ", "a\u00a0b ", "\u200b", "x\ty "]
)


def _sentence(draw, encoding: str) -> str:
    pool = JAPANESE + SENTENCES[:2] if encoding == "shift_jis" else SENTENCES
    sentence = draw(st.sampled_from(pool))
    if draw(st.integers(0, 3)) == 0:
        sentence = draw(EXTRA) + sentence
    if draw(st.booleans()):
        sentence = sentence.rstrip(".。")  # a word right before the next part
    if draw(st.integers(0, 2)) == 0:  # and a <br> (or a run of them) before another one
        sentence += draw(BR | BR_RUN) + draw(st.sampled_from(pool))
    return sentence


def _part(draw, encoding: str) -> str:
    """One piece of a page's body."""
    s = _sentence(draw, encoding)
    t = _sentence(draw, encoding)
    shape = draw(
        st.sampled_from(
            [
                "p", "br", "br-run", "div", "noscript", "nested", "deep", "script", "style",
                "comment", "entities", "table", "attribute", "attributes", "span", "lines",
            ]
        )
    )  # fmt: skip
    if shape == "p":
        return f"<p>{s}</p>"
    if shape == "br":
        return f"<p>{s}{draw(BR)}{t}</p>"
    if shape == "br-run":
        return f"<p>{s}{draw(BR_RUN)}{t}{draw(BR)}{s}</p>"
    if shape == "div":
        return f"<div>{s}{draw(BR)}{t}</div>"
    if shape == "noscript":
        return f"<noscript><p>{s}</p></noscript>"
    if shape == "nested":
        return f"<div><div><section><p>{s}</p></section></div></div>"
    if shape == "deep":
        depth = draw(st.sampled_from([5, 60, 300]))
        return "<div>" * depth + f"<p>{s}</p>" + "</div>" * depth
    if shape == "script":
        return f"<script>var s = '<p>{t}</p>'; if (a < b && c > d) {{}}</script><p>{s}</p>"
    if shape == "style":
        return f"<style>p > a {{ color: red }}</style><p>{s}</p>"
    if shape == "comment":
        return f"<!-- <p>{t}</p> --><p>{s}</p><!---->"
    if shape == "entities":
        return f"<p>{html.escape(s)} &eacute;t&eacute; &#233; &#x1F6A2; &copy 3 &lt; 4 &nbsp;ok</p>"
    if shape == "table":
        rows = draw(st.sampled_from([2, 40, 400]))
        body = "".join(f"<tr><td>{i}</td><td>{t}</td></tr>\n" for i in range(rows))
        return f"<table>{body}</table><p>{s}</p>"
    if shape == "attribute":
        size = draw(st.sampled_from([10, 5_000, 200_000]))
        return f'<p data-x="{"q" * size}" title="a &gt; b">{s}</p>'
    if shape == "attributes":
        count = draw(st.sampled_from([20, 1_200]))
        attributes = " ".join(f"data-a{i}='{i}'" for i in range(count))
        return f"<p {attributes}>{s}</p>"
    if shape == "span":
        return f"<p><span>{s}</span><b>{t}</b>{draw(BR)}<i>{s}</i></p>"
    return f"<p>{s}\n{t}\r\n{s}</p>"  # line breaks inside one paragraph


@st.composite
def fuzz_pages(draw):
    """(bytes, encoding, claim) of a page from parts; claim is the meta charset, if any.

    Characters the encoding cannot hold are written as numeric references, as
    browsers do when saving."""
    encoding = draw(st.sampled_from(ENCODINGS))
    claim = draw(st.sampled_from(["", encoding, *ENCODINGS, "latin-1", "no-such-charset"]))
    meta = draw(
        st.sampled_from(
            [
                f'<meta charset="{claim}">',
                f"<meta charset={claim}>",
                f'<meta http-equiv="Content-Type" content="text/html; charset={claim}">',
            ]
        )
    )
    head = (
        draw(st.sampled_from(["", "<!DOCTYPE html>\n", "<!doctype html><!-- saved -->\n"]))
        + '<html lang="en"><head>'
        + (meta if claim else "")
        + "<title>Ferry vote | The Tallow Gazette</title></head>\n<body>"
        + "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>\n<article>"
        + "<h1>Ferry vote</h1>\n"
    )
    parts = draw(st.lists(st.builds(lambda: None), min_size=2, max_size=7))
    body = [_part(draw, encoding) for _ in parts]
    separator = draw(st.sampled_from(["\n", "", "\n\n"]))
    text = head + separator.join(body) + f"\n<p>{LAST}</p>\n</article>"
    text += "<footer>© 2026 The Tallow Gazette</footer></body></html>\n"
    line_end = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    text = text.replace("\r\n", "\n").replace("\n", line_end)
    return text.encode(encoding, "xmlcharrefreplace"), encoding, claim


# What a page shows. -----------------------------------------------------------------
# The HTML standard's tokenizer in small: a tag opens with "<" and a letter, "/", "!" or
# "?"; comments, scripts, styles and the title show nothing; character references are
# decoded within each run of text. Where the page is cut (an unclosed comment, script or
# tag at the end of a byte range) the rest is kept as text: more, never less.

_HIDDEN = re.compile(
    r"<!--.*?-->|<(script|style|title)\b[^>]*>.*?</\1\s*>|<[A-Za-z/!?][^>]*>",
    re.DOTALL | re.IGNORECASE,
)
_BR_TAG = re.compile(r"<br\b[^>]*>", re.IGNORECASE)


def shown(raw: str, *, br: str = "") -> str:
    """The text of ``raw`` outside markup, references decoded; each ``<br>`` as ``br``."""
    out = []
    position = 0
    for match in _HIDDEN.finditer(raw):
        out.append(html.unescape(raw[position : match.start()]))
        if _BR_TAG.fullmatch(match.group()):
            out.append(br)
        position = match.end()
    out.append(html.unescape(raw[position:]))
    return "".join(out)


def squeezed(text: str) -> str:
    """NFC, white space dropped: what two spellings of one paragraph have in common."""
    return "".join(unicodedata.normalize("NFC", text).split())


def visible(raw: str) -> str:
    return squeezed(shown(raw))


_AROUND_BR = re.compile(r"\b(\w+)(?:\s*<br\b[^>]*>\s*)+(?=(\w+))", re.IGNORECASE)


def glued_across_br(page: str) -> set[str]:
    """Each ``word<br>word`` of the page as one glued word, unless the page shows that
    glued word anyway (with each ``<br>`` read as a space)."""
    shows = unicodedata.normalize("NFC", shown(page, br=" "))
    found = set()
    for match in _AROUND_BR.finditer(page):
        word = unicodedata.normalize("NFC", match.group(1) + match.group(2))
        if word not in shows:
            found.add(word)
    return found
