# ruff: noqa: RUF001, RUF003
# Frozen copy of packager/quality/signals.py at d487888 (before issue 16, item 3): the reference
# the faster classifier must agree with
# (tests/quality/test_classify_identity.py, bench_hot_paths.py). Rule edits made since
# (issue 12, branch rules: what the rules decide, not how) are mirrored here.
"""What one paragraph looks like on its own: pure functions, no corpus evidence.

A scraped page tail is made of a few recognisable shapes: call-to-action lines
(button labels, appeals, paywall text), author blurbs and credit lines, short
sub-headings. Each function here answers for one paragraph; the classifier
(:mod:`packager.quality.classify`) weighs them together with repetition and the
paragraph's neighbours.

Call-to-action wording comes in two strengths. *Strong* phrases ("become a
member", "sign up for our newsletter", "$6 a month" next to a membership word)
are page furniture wherever they occur. *Weak* words ("subscribe", "donate",
"share") also occur in news ("the council voted to subscribe to the water
scheme"), so they count only in short lines, where a sentence of reporting
rarely is.
"""

from __future__ import annotations

import functools
import re
import unicodedata

SENTENCE_END = tuple('.!?…:;"”’“‘»«」』。！？')  # “ and ‘ close a quote in German

# (words one of which any match contains, pattern). The words are a prefilter: a
# pattern runs only on a paragraph that contains one, which keeps the search
# cheap on long body paragraphs (one big alternation costs ~175 µs on 300 chars).
_STRONG_CTA: list[tuple[tuple[str, ...], str]] = [
    (
        ("member", "subscriber", "supporter", "patron"),
        r"\b(become|join us as) an? (paying |digital )?(member|subscriber|supporter|patron)\b",
    ),
    (("sign", "log"), r"\b(sign|log) ?(up|in) (for|to) our\b"),
    (
        ("newsletter", "briefing", "digest", "news alert"),
        r"\b(sign|log) ?(up|in) (for|to) (the|a) (free )?"
        r"((daily|weekly|morning|evening|breaking[- ]news) )?"
        r"(newsletter|briefing|digest|news alerts)s?\b",
    ),
    (
        ("subscribe",),
        r"\bsubscribe (to|for) (our|the) (newsletter|briefing|digest|channel|podcast)",
    ),
    (
        ("inbox",),
        r"\b(get|receive) (the|our) .{0,40}\b(newsletter|briefing|digest)\b.{0,40}\b"
        r"(inbox|email)",
    ),
    (("inbox",), r"\bin your inbox\b"),
    (("already",), r"\balready (a|an) (member|subscriber|supporter)\b"),
    (
        ("journalism", "news", "reporting"),
        r"\b(support|fund|back) (our|local|independent|quality|public[- ]interest|nonprofit) "
        r"(journalism|news|reporting|newsroom)",
    ),
    (("thank",), r"\bthanks? (you )?for (reading|supporting|your support)\b"),
    (("access", "unlimited"), r"\b(unlimited|full|digital) (access|articles|stories|reading)\b"),
    (("newsletter",), r"\bour\b.{0,30}\bnewsletter\b"),
    (
        ("register", "sign up", "subscribe"),
        r"\b(register|sign up|subscribe)( now| today)?( for free)? to "
        r"(read|continue|keep reading)\b",
    ),
    (
        ("follow",),
        r"\bfollow (us|the \w+) on (social media|facebook|x|twitter|instagram|mastodon|bluesky|"
        r"threads|tiktok|linkedin|whatsapp)\b",
    ),
    (("cancel",), r"\bcancel any ?time\b"),
    (("trial",), r"\bfree trial\b"),
    (("download",), r"\bdownload our\b.{0,30}\bapp\b"),
    (("download",), r"\bdownload the (free |news )?app\b"),
    (("follow us",), r"\bfollow us on\b"),
    (("cookie",), r"\b(we|partners|this (site|website)) uses? cookies\b"),
    (("cookie",), r"\baccept (all )?cookies\b"),
    (("cookie",), r"\bcookie (policy|settings|preferences)\b"),
    (("privacy",), r"\bprivacy (policy|notice|settings)\b"),
    (("rights reserved",), r"\ball rights reserved\b"),
    (("©",), r"©"),
    (("copyright",), r"\bcopyright \d{4}\b"),
    (("more",), r"\b(read|see) more\s*:"),
    (
        ("related", "more", "read", "recommended", "miss"),
        r"^(related|more|also read|read next|recommended|don['’]t miss)\s*:",
    ),
    (("share",), r"\bshare (this|on) (article|story|post|facebook|x|twitter|whatsapp|email)\b"),
    (("comment",), r"\bcomments? \(\d+\)"),
    (("make a",), r"\bmake a (donation|gift|contribution)\b"),
    (("donate",), r"\bdonate (today|now)\b"),
    (("reader",), r"\breader[- ](funded|supported)\b"),
    (("paywall",), r"\bno paywall\b"),
    (("keep",), r"\bkeep (local |independent )?(news|journalism|reporting) free\b"),
    (("comment",), r"\bcomments are (now )?(closed|open)\b"),
    (("keep",), r"\bhelp (us )?keep (it|us|this|the \w+) (going|free|alive|independent|open)\b"),
    (("isn", "is not"), r"\b(journalism|reporting|news) (isn['’]t|is not) (free|cheap)\b"),
    (("read",), r"\byou['’]ve read \d+ of\b"),
    (("free article",), r"\bfree articles? (this|per|a) month\b"),
]
_WEAK_CTA = [
    r"\bsubscri(be|ption|ber)s?\b",
    r"\b(sign|log) ?(in|up|on)\b",
    r"\bdonat(e|ion)s?\b",
    r"\bnewsletters?\b",
    r"\bmembers?(hip)?\b",
    r"\bshare\b",
    r"\bread more\b",
    r"\bcookies?\b",
    r"\bpaywall\b",
    r"\bregister\b",
    r"\bcomments?\b",
    r"\bsupport us\b",
    r"\bjoin\b",
    r"\bclick here\b",
    r"\bprint\b",
    r"\bemail\b",
    r"\bfollow\b",
    r"\bapp\b",
    r"\bcontinue reading\b",
]
# A price per period next to a word about paying for the site is an appeal.
_PRICE = re.compile(
    r"([$€£¥]\s?\d+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?\s?(?:€|eur|usd|gbp|dollars?|euros?|pounds?))"
    r"\s*(?:a|an|per|/|each)\s*(?:month|mo|week|year)\b",
    re.IGNORECASE,
)
# ... within this many characters of the price, in a paragraph of at most PRICE_WORDS words.
_PAYING_WORDS = re.compile(
    r"\b(member|subscri|supporter|paywall|journalism|newsroom|newspaper|reporting|"
    r"unlimited access|free to read|patron)",
    re.IGNORECASE,
)
# ... and the outlet addresses its reader: news quotes prices in the third person.
_ADDRESS = re.compile(
    r"\b(you|your|us|our|become|join|support|pitch in|chip in|help)\b", re.IGNORECASE
)
PRICE_NEAR_CHARS = 60
PRICE_WORDS = 40
STRONG_WORDS = 80  # longer paragraphs are reporting, whatever words they quote
_STRONG = [(triggers, re.compile(pattern, re.IGNORECASE)) for triggers, pattern in _STRONG_CTA]
# Every trigger word in one alternation: a single C-level scan finds which are present.
_TRIGGERS = re.compile(
    "|".join(
        re.escape(trigger)
        for trigger in sorted(
            {t for triggers, _ in _STRONG_CTA for t in triggers}, key=len, reverse=True
        )
    )
)
_WEAK = re.compile("|".join(f"(?:{p})" for p in _WEAK_CTA), re.IGNORECASE)
# Reporting that someone would not comment ("The firm declined to comment.", "... did not
# respond to a request for comment"): the weak word "comment" there is no button.
_NO_COMMENT = re.compile(
    r"\b(?:declined|declines|refused|refuses|did not|didn['’]t|does not|doesn['’]t|"
    r"would not|wouldn['’]t|could not|couldn['’]t|was not|wasn['’]t|were not|weren['’]t|"
    r"not immediately|unavailable)\b[^.!?]{0,60}?\bcomments?\b"
    r"|\b(?:had|has|have|offered|made|gave) no (?:immediate |further )?comment\b",
    re.IGNORECASE,
)

# A broadcast transcript's stage direction ("(SOUNDBITE OF ARCHIVED RECORDING)", "(BEGIN VIDEO
# CLIP)"): the transcript's own text, not a heading.
_STAGE_DIRECTION = re.compile(
    r"^\((?:SOUNDBITE|SOUND OF|BEGIN|END|CROSSTALK|LAUGHTER|APPLAUSE|MUSIC|INAUDIBLE|"
    r"COMMERCIAL BREAK|VIDEO CLIP|AUDIO CLIP)\b[^()]*\)$"
)

# A credit word at the start of a short line: "Edited by ...", "Photo: ...", "Por ...".
_CREDIT_PREFIX = re.compile(
    r"^(?:[—–-]\s*)?(?:by|story by|words by|written by|reporting by|additional reporting by|"
    r"reported by|edited by|editing by|photo(?:graph)?s?(?: by)?|pictures? by|"
    r"illustrations? by|video by|graphics? by|fact[- ]checked by|produced by|"
    r"with reporting from|(?:story|words|text) and (?:photos?|pictures?) by|"
    r"(?:words|pictures?|photos?|images?)\s*:|"
    # the same in a few other languages: el, es, de, fr, it, pt, ja
    r"επιμέλεια|ρεπορτάζ|κείμενο|φωτογραφία|por|redacción|von|text|foto|fotos|par|"
    r"rédaction|reportage|di|testo|texto)\b\s*:?"
    r"|^(?:編集|取材|文|写真|記者)\s*[:：]",
    re.IGNORECASE,
)
_BLURB_WORDS = (
    "covers",
    "reports on",
    "writes about",
    "reporter",
    "correspondent",
    "editor",
    "writer",
    "columnist",
    "journalist",
    "photographer",
    "intern",
    "fellow",
)
# An author blurb anywhere in a short paragraph.
_AUTHOR_BLURB = re.compile(
    r"\b(?:covers|reports on|writes about) .{2,80}\bfor (?:the|our)\b"
    r"|\bis (?:a|an|the|our) .{0,60}\b(?:reporter|correspondent|editor|writer|columnist|"
    r"journalist|photographer|intern|fellow)\b",
    re.IGNORECASE,
)
# How to reach the author: only in a very short paragraph (news asks readers to
# "contact them" too, e.g. the police).
_AUTHOR_CONTACT = re.compile(
    r"\b(?:email|e-mail|reach|contact|follow|write to) (?:him|her|them|me)\b"
    r"|\b[\w.+-]+@[\w-]+\.[\w.]+\b",
    re.IGNORECASE,
)
CONTACT_WORDS = 25
# An e-mail address alone is the author's contact only in a line of at most this many
# space-separated words (unspaced scripts: a blurb is one or two of them).
EMAIL_WORDS = 15


_LETTER = re.compile(r"[^\W\d_]")
# Scripts written without spaces between words: Thai, Lao, Myanmar, kana, CJK.
_UNSPACED = re.compile(
    r"[\u0e00-\u0eff\u1000-\u109f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
    r"\uf900-\ufaff]"
)


def has_letters(text: str) -> bool:
    return _LETTER.search(text) is not None


def ends_like_a_sentence(text: str) -> bool:
    return text.rstrip().endswith(SENTENCE_END)


def word_count(text: str) -> int:
    """Words, counting CJK and other unspaced scripts as one word per two characters."""
    spaced = len(text.split())
    if text.isascii():
        return spaced
    return max(spaced, len(_UNSPACED.findall(text)) // 2)


# trigger word -> bit mask of the _STRONG patterns it lets run
_FAMILIES: dict[str, int] = {}
for _index, (_triggers, _pattern) in enumerate(_STRONG_CTA):
    for _trigger in _triggers:
        _FAMILIES[_trigger] = _FAMILIES.get(_trigger, 0) | 1 << _index


@functools.lru_cache(maxsize=1024)
def _strong_union(families: int) -> re.Pattern[str]:
    """The patterns of ``families`` (a bit mask) as one alternation, in list order.

    One search gives what searching each and keeping the leftmost (the earlier
    pattern on a tie) gives: at the first position where any pattern matches,
    the alternation takes the first pattern in order that matches there.
    """
    chosen = [pattern for index, (_t, pattern) in enumerate(_STRONG_CTA) if families >> index & 1]
    return re.compile("|".join(f"(?:{pattern})" for pattern in chosen), re.IGNORECASE)


def strong_call_to_action(text: str) -> str | None:
    """The leftmost strong call-to-action phrase, or None."""
    families = 0
    for trigger in set(_TRIGGERS.findall(text.lower())):
        families |= _FAMILIES[trigger]
    if not families:
        return None
    found = _strong_union(families).search(text)
    return found.group(0).strip() if found else None


def too_short(text: str, max_chars: int) -> bool:
    """A fragment: shorter than ``max_chars`` and not ending like a sentence."""
    return len(text) < max_chars and not ends_like_a_sentence(text)


def call_to_action(text: str, short_words: int, words: int | None = None) -> str | None:
    """The call-to-action wording found (the evidence), or None."""
    words = word_count(text) if words is None else words
    strong = strong_call_to_action(text) if words <= STRONG_WORDS else None
    if strong:
        return strong
    price = _PRICE.search(text) if words <= PRICE_WORDS else None
    if price:
        around = text[max(0, price.start() - PRICE_NEAR_CHARS) : price.end() + PRICE_NEAR_CHARS]
        if _PAYING_WORDS.search(around) and _ADDRESS.search(text):
            return price.group(0).strip()
    if words <= short_words and (words <= 4 or not ends_like_a_sentence(text)):
        weak = _WEAK.search(text)
        if weak and weak.group(0).lower() in ("comment", "comments") and _NO_COMMENT.search(text):
            weak = None  # a reported "no comment", not a button
        if weak:
            return weak.group(0).strip()
    return None


def byline(text: str, max_words: int = 45, words: int | None = None) -> str | None:
    """Author blurb, sign-off or credit line: the matched wording, or None.

    A credit word opens many ordinary sentences in other languages ("Par
    ailleurs, ...", "Por la mañana, ..."), so it counts only on a short line
    that does not end like a sentence, or with an explicit "by".
    """
    words = word_count(text) if words is None else words
    if words > max_words:
        return None
    credit = _CREDIT_PREFIX.search(text)
    credit_words = credit.group(0).lower().split() if credit else []
    explicit_by = (len(credit_words) >= 2 and credit_words[-1] == "by") or (
        credit is not None and credit.group(0).rstrip().endswith((":", "："))
    )
    if credit and words <= 10 and (explicit_by or not ends_like_a_sentence(text)):
        return credit.group(0).strip()
    lowered = text.lower()
    blurb = _AUTHOR_BLURB.search(text) if any(w in lowered for w in _BLURB_WORDS) else None
    if blurb:
        return blurb.group(0).strip()
    contact = _AUTHOR_CONTACT.search(text) if words <= CONTACT_WORDS else None
    if contact and "@" in contact.group(0) and len(text.split()) > EMAIL_WORDS:
        # an address in a longer sentence is someone else's ("asked to contact the
        # police tip line at 734-... or e-mail TIPS@a2gov.org."), not the author's
        contact = _AUTHOR_CONTACT.search(text, contact.end())
        while contact and "@" in contact.group(0):
            contact = _AUTHOR_CONTACT.search(text, contact.end())
    return contact.group(0).strip() if contact else None


def heading_like(text: str, max_words: int = 10, words: int | None = None) -> bool:
    """A short line, not ending like a sentence, opening with a capital or an unspaced script."""
    if ends_like_a_sentence(text) or not has_letters(text):
        return False
    if (word_count(text) if words is None else words) > max_words:
        return False
    if text.startswith("(") and _STAGE_DIRECTION.match(text):
        return False
    first = next((ch for ch in text if unicodedata.category(ch).startswith("L")), "")
    return first.isupper() or unicodedata.category(first) == "Lo"
