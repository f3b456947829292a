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
from collections.abc import Callable, Set

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
_DIGIT = re.compile(r"\d")  # what every _PRICE match has (Python's \d: any decimal digit)
# ... and one of these currencies (as the lower case has them) and one of these periods
_CURRENCY_CUES = frozenset(("$", "€", "£", "¥", "eur", "usd", "gbp", "dollar", "pound"))
_PERIOD_CUES = ("mo", "week", "year")
_ADDRESS = re.compile(
    r"\b(you|your|us|our|become|join|support|pitch in|chip in|help)\b", re.IGNORECASE
)
PRICE_NEAR_CHARS = 60
PRICE_WORDS = 40
STRONG_WORDS = 80  # longer paragraphs are reporting, whatever words they quote
_STRONG = [(triggers, re.compile(pattern, re.IGNORECASE)) for triggers, pattern in _STRONG_CTA]
# Patterns whose trigger words are common in news ("sign" in "design", "more", "keep",
# "follow"), by a piece of the pattern, with literals the lower case of each of their
# matches also has: groups of alternatives, every group needed. Given the cues, such a
# pattern joins the search only when its literals are there.
_STRONG_NEEDS: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...] = (
    ("(for|to) our", (("for our", "to our"),)),
    (r"(read|see) more\s*:", ((":",),)),
    ("^(related|more", ((":",),)),
    ("keep (local ", (("free",),)),
    ("help (us )?keep", (("help",),)),
    ("follow (us|the", (("follow ",), (" on ",))),
    ("(isn['’]t|is not)", (("free", "cheap"),)),
    (r"comments? \(", (("(",),)),
    ("comments are", (("comments are",),)),
)


def _pattern_with(piece: str) -> int:
    """The index of the one strong pattern that has ``piece``."""
    (index,) = [i for i, (_t, pattern) in enumerate(_STRONG_CTA) if piece in pattern]
    return index


_NEEDS_AT = tuple((_pattern_with(piece), groups) for piece, groups in _STRONG_NEEDS)
# Every trigger word in one alternation, longest first: a single scan finds which are present.
_TRIGGER_WORDS = sorted({t for triggers, _ in _STRONG_CTA for t in triggers}, key=len, reverse=True)
_TRIGGERS = re.compile("|".join(re.escape(trigger) for trigger in _TRIGGER_WORDS))
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

# What the lower-cased text of every match of a pattern contains one of: a pattern
# runs only on a text whose cues (see CUE_WORDS) include one. Exact for the
# patterns matched with IGNORECASE only when the text has none of FOLDS_TO_ASCII.
_CONTACT_CUES = frozenset(("email", "e-mail", "reach", "contact", "follow", "write to", "@"))
_WEAK_CUES = frozenset(
    (
        "subscri",
        "sign",
        "log",
        "donat",
        "newsletter",
        "member",
        "share",
        "read more",
        "cookie",
        "paywall",
        "register",
        "comment",
        "support us",
        "join",
        "click here",
        "print",
        "email",
        "follow",
        "app",
        "continue reading",
    )
)
# The only characters but ASCII letters that Python's IGNORECASE matches to an ASCII
# letter (İ ı to i, ſ to s, the Kelvin sign to k): a text with one may match a
# pattern's ASCII word that its lower case does not contain.
FOLDS_TO_ASCII = frozenset("\u0130\u0131\u017f\u212a")


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


def _found_triggers(lowered: str, present: list[str]) -> set[str]:
    """What ``_TRIGGERS.findall(lowered)`` finds, given the triggers that occur in it.

    findall scans left to right and at each position takes the first alternative
    that matches there, the longest trigger (the alternation is sorted longest
    first), then goes on after it: so an occurrence inside or across one taken
    before is not found ("sign" in "sign up"). This replays that scan on the
    occurrences of ``present``.
    """
    if len(present) == 1:
        return set(present)
    occurrences = []
    for trigger in present:
        at = lowered.find(trigger)
        while at != -1:
            occurrences.append((at, -len(trigger), trigger))
            at = lowered.find(trigger, at + 1)
    occurrences.sort()
    found, free_from = set(), 0
    for at, minus_length, trigger in occurrences:
        if at >= free_from:
            found.add(trigger)
            free_from = at - minus_length
    return found


def literal_scan(words: list[str]) -> Callable[[str], list[str]]:
    """A function that gives which of ``words`` occur in a text (as substrings), in order.

    One scan of an RE2 set of the literal words where google-re2 is installed (~5x
    faster than ``word in text`` for each of 50 words); without RE2, or for a text with
    a lone surrogate (which has no UTF-8), ``word in text`` for each.
    """

    def slow(text: str) -> list[str]:
        return [word for word in words if word in text]

    try:
        import re2
    except ImportError:
        return slow
    options = re2.Options()
    options.log_errors = False
    try:
        literals = re2.Set.SearchSet(options)
        for word in words:
            literals.Add(re.escape(word).encode("utf-8"))
        literals.Compile()
    except re2.error:
        return slow

    def scan(text: str) -> list[str]:
        try:
            encoded = text.encode("utf-8")
        except UnicodeEncodeError:
            return slow(text)
        present = literals.Match(encoded)
        return [words[index] for index in sorted(present)] if present else []

    return scan


@functools.cache
def _trigger_scan() -> Callable[[str], set[str]]:
    """The trigger words ``_TRIGGERS.findall`` finds in a lower-cased text, as a set.

    The triggers that occur (:func:`literal_scan`, ~9x faster than the alternation in
    Python's ``re``), then :func:`_found_triggers`.
    """
    present = literal_scan(_TRIGGER_WORDS)

    def scan(lowered: str) -> set[str]:
        found = present(lowered)
        return _found_triggers(lowered, found) if found else set()

    return scan


def _triggers_in(lowered: str, cues: Set[str] | None) -> set[str]:
    """What ``_trigger_scan()(lowered)`` gives, from ``cues`` when they are given."""
    if cues is None:
        return _trigger_scan()(lowered)
    present = [cue for cue in cues if cue in _FAMILIES]
    return _found_triggers(lowered, present) if present else set()


def folds_to_ascii(text: str) -> bool:
    """Whether ``text`` has a character IGNORECASE matches to an ASCII letter it is not."""
    return not text.isascii() and not FOLDS_TO_ASCII.isdisjoint(text)


def _may_match(text: str, cues: Set[str] | None, needed: frozenset[str]) -> bool:
    """Whether an IGNORECASE pattern whose matches contain one of ``needed`` may match."""
    return cues is None or not cues.isdisjoint(needed) or folds_to_ascii(text)


def _needed(families: int, lowered: str) -> int:
    """``families`` without the patterns whose needed literals ``lowered`` lacks."""
    for index, groups in _NEEDS_AT:
        if families >> index & 1 and not all(
            any(literal in lowered for literal in group) for group in groups
        ):
            families &= ~(1 << index)
    return families


def _may_be_priced(text: str, lowered: str | None, cues: Set[str] | None) -> bool:
    """Whether ``_PRICE`` may match: a currency and a period in the lower case (given cues)."""
    if cues is None or lowered is None or folds_to_ascii(text):
        return True
    return not cues.isdisjoint(_CURRENCY_CUES) and any(p in lowered for p in _PERIOD_CUES)


def strong_call_to_action(
    text: str, lowered: str | None = None, cues: Set[str] | None = None
) -> str | None:
    """The leftmost strong call-to-action phrase, or None (``lowered``: ``text.lower()``).

    ``cues``: the :data:`CUE_WORDS` in ``lowered`` (one scan for every signal), found
    here when not given.
    """
    lowered = text.lower() if lowered is None else lowered
    families = 0
    for trigger in _triggers_in(lowered, cues):
        families |= _FAMILIES[trigger]
    if families and cues is not None and not folds_to_ascii(text):
        families = _needed(families, lowered)
    if not families:
        return None
    found = _strong_union(families).search(text)
    return found.group(0).strip() if found else None


def too_short(text: str, max_chars: int) -> bool:
    """A fragment: shorter than ``max_chars`` and not ending like a sentence."""
    return len(text) < max_chars and not ends_like_a_sentence(text)


def call_to_action(
    text: str,
    short_words: int,
    words: int | None = None,
    lowered: str | None = None,
    sentence: bool | None = None,
    cues: Set[str] | None = None,
) -> str | None:
    """The call-to-action wording found (the evidence), or None.

    ``words``, ``lowered``, ``sentence`` and ``cues`` (word count, lower case, ends
    like a sentence, the :data:`CUE_WORDS` of the lower case) are computed when not
    given.
    """
    words = word_count(text) if words is None else words
    strong = strong_call_to_action(text, lowered, cues) if words <= STRONG_WORDS else None
    if strong:
        return strong
    # every price has a digit: most paragraphs skip the price pattern's scan
    price = (
        _PRICE.search(text)
        if words <= PRICE_WORDS and _may_be_priced(text, lowered, cues) and _DIGIT.search(text)
        else None
    )
    if price:
        around = text[max(0, price.start() - PRICE_NEAR_CHARS) : price.end() + PRICE_NEAR_CHARS]
        if _PAYING_WORDS.search(around) and _ADDRESS.search(text):
            return price.group(0).strip()
    if words <= short_words and (
        words <= 4 or not (ends_like_a_sentence(text) if sentence is None else sentence)
    ):
        weak = _WEAK.search(text) if _may_match(text, cues, _WEAK_CUES) else None
        if weak and weak.group(0).lower() in ("comment", "comments") and _NO_COMMENT.search(text):
            weak = None  # a reported "no comment", not a button
        if weak:
            return weak.group(0).strip()
    return None


def byline(
    text: str,
    max_words: int = 45,
    words: int | None = None,
    lowered: str | None = None,
    sentence: bool | None = None,
    cues: Set[str] | None = None,
) -> str | None:
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
    sentence = ends_like_a_sentence(text) if sentence is None else sentence
    if credit and words <= 10 and (explicit_by or not sentence):
        return credit.group(0).strip()
    lowered = text.lower() if lowered is None else lowered
    blurbs = _blurb_scan()(lowered) if cues is None else not cues.isdisjoint(_BLURB_WORDS)
    blurb = _AUTHOR_BLURB.search(text) if blurbs else None
    if blurb:
        return blurb.group(0).strip()
    contactable = words <= CONTACT_WORDS and _may_match(text, cues, _CONTACT_CUES)
    contact = _AUTHOR_CONTACT.search(text) if contactable else None
    if contact and "@" in contact.group(0) and len(text.split()) > EMAIL_WORDS:
        # an address in a longer sentence is someone else's ("asked to contact the
        # police tip line at 734-... or e-mail TIPS@a2gov.org."), not the author's
        contact = _AUTHOR_CONTACT.search(text, contact.end())
        while contact and "@" in contact.group(0):
            contact = _AUTHOR_CONTACT.search(text, contact.end())
    return contact.group(0).strip() if contact else None


@functools.cache
def _blurb_scan() -> Callable[[str], list[str]]:
    return literal_scan(list(_BLURB_WORDS))


# Every literal a signal of this module looks for in the lower-cased text: one
# literal_scan finds them all (see packager.quality.reading).
CUE_WORDS = frozenset(
    (*_TRIGGER_WORDS, *_BLURB_WORDS, *_CONTACT_CUES, *_WEAK_CUES, *_CURRENCY_CUES)
)


def heading_like(
    text: str,
    max_words: int = 10,
    words: int | None = None,
    sentence: bool | None = None,
    letters: bool | None = None,
) -> bool:
    """A short line, not ending like a sentence, opening with a capital or an unspaced script."""
    if ends_like_a_sentence(text) if sentence is None else sentence:
        return False
    if not (has_letters(text) if letters is None else letters):
        return False
    if (word_count(text) if words is None else words) > max_words:
        return False
    if text.startswith("(") and _STAGE_DIRECTION.match(text):
        return False
    first = next((ch for ch in text if unicodedata.category(ch).startswith("L")), "")
    return first.isupper() or unicodedata.category(first) == "Lo"
