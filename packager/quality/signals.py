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

import re
import unicodedata

SENTENCE_END = tuple('.!?…:;"”’“‘»«」』。！？')  # “ and ‘ close a quote in German

_STRONG_CTA = [
    r"\b(become|join us as) an? (paying |digital )?(member|subscriber|supporter|patron)\b",
    r"\b(sign|log) ?(up|in) (for|to) our\b",
    r"\b(sign|log) ?(up|in) (for|to) (the|a) (free )?"
    r"((daily|weekly|morning|evening|breaking[- ]news) )?"
    r"(newsletter|briefing|digest|news alerts)s?\b",
    r"\bsubscribe (to|for) (our|the) (newsletter|briefing|digest|channel|podcast)",
    r"\b(get|receive) (the|our) .{0,40}\b(newsletter|briefing|digest)\b.{0,40}\b(inbox|email)",
    r"\bin your inbox\b",
    r"\balready (a|an) (member|subscriber|supporter)\b",
    r"\b(support|fund|back) (our|local|independent|quality|public[- ]interest|nonprofit) "
    r"(journalism|news|reporting|newsroom)",
    r"\bthanks? (you )?for (reading|supporting|your support)\b",
    r"\b(unlimited|full|digital) access\b",
    r"\bcancel any ?time\b",
    r"\bfree trial\b",
    r"\bdownload our\b.{0,30}\bapp\b",
    r"\bdownload the (free |news )?app\b",
    r"\bfollow us on\b",
    r"\b(we|this (site|website)) uses? cookies\b",
    r"\baccept (all )?cookies\b",
    r"\bcookie (policy|settings|preferences)\b",
    r"\bprivacy (policy|notice|settings)\b",
    r"\ball rights reserved\b",
    r"©",
    r"\bcopyright \d{4}\b",
    r"\b(read|see) more\s*:",
    r"^(related|more|also read|read next|recommended|don['’]t miss)\s*:",
    r"\bshare (this|on) (article|story|post|facebook|x|twitter|whatsapp|email)\b",
    r"\bcomments? \(\d+\)",
    r"\bmake a (donation|gift|contribution)\b",
    r"\bdonate (today|now)\b",
    r"\breader[- ](funded|supported)\b",
    r"\bno paywall\b",
    r"\bcomments are (now )?(closed|open)\b",
    r"\bhelp (us )?keep (it|us|this|the \w+) (going|free|alive|independent|open)\b",
    r"\b(journalism|reporting|news) (isn['’]t|is not) (free|cheap)\b",
    r"\byou['’]ve read \d+ of\b",
    r"\bfree articles? (this|per|a) month\b",
    r"\bkeep (local |independent )?(news|journalism|reporting) free\b",
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
    r"\b(member|subscri|supporter|paywall|journalism|newsroom|reporting|unlimited access|"
    r"free to read|patron)",
    re.IGNORECASE,
)
PRICE_NEAR_CHARS = 60
PRICE_WORDS = 40
_STRONG = re.compile("|".join(f"(?:{p})" for p in _STRONG_CTA), re.IGNORECASE)
_WEAK = re.compile("|".join(f"(?:{p})" for p in _WEAK_CTA), re.IGNORECASE)

# A credit word at the start of a short line: "Edited by ...", "Photo: ...", "Por ...".
_CREDIT_PREFIX = re.compile(
    r"^(?:[—–-]\s*)?(?:by|story by|words by|written by|reporting by|additional reporting by|"
    r"reported by|edited by|editing by|photo(?:graph)?s?(?: by)?|pictures? by|"
    r"illustrations? by|video by|graphics? by|fact[- ]checked by|produced by|"
    r"with reporting from|"
    # the same in a few other languages: el, es, de, fr, it, pt, ja
    r"επιμέλεια|ρεπορτάζ|κείμενο|φωτογραφία|por|redacción|von|text|foto|fotos|par|"
    r"rédaction|reportage|di|testo|texto)\b\s*:?"
    r"|^(?:編集|取材|文|写真|記者)\s*[:：]",
    re.IGNORECASE,
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


def has_letters(text: str) -> bool:
    return any(unicodedata.category(ch).startswith("L") for ch in text)


def ends_like_a_sentence(text: str) -> bool:
    return text.rstrip().endswith(SENTENCE_END)


def word_count(text: str) -> int:
    """Words, counting CJK and other unspaced scripts as one word per two characters."""
    spaced = len(text.split())
    letters = sum(1 for ch in text if unicodedata.category(ch) == "Lo")
    return max(spaced, letters // 2)


def too_short(text: str, max_chars: int) -> bool:
    """A fragment: shorter than ``max_chars`` and not ending like a sentence."""
    return len(text) < max_chars and not ends_like_a_sentence(text)


def call_to_action(text: str, short_words: int) -> str | None:
    """The call-to-action wording found (the evidence), or None."""
    strong = _STRONG.search(text)
    if strong:
        return strong.group(0).strip()
    words = word_count(text)
    price = _PRICE.search(text) if words <= PRICE_WORDS else None
    if price:
        around = text[max(0, price.start() - PRICE_NEAR_CHARS) : price.end() + PRICE_NEAR_CHARS]
        if _PAYING_WORDS.search(around):
            return price.group(0).strip()
    if words <= short_words and (words <= 4 or not ends_like_a_sentence(text)):
        weak = _WEAK.search(text)
        if weak:
            return weak.group(0).strip()
    return None


def byline(text: str, max_words: int = 45) -> str | None:
    """Author blurb, sign-off or credit line: the matched wording, or None.

    A credit word opens many ordinary sentences in other languages ("Par
    ailleurs, ...", "Por la mañana, ..."), so it counts only on a short line
    that does not end like a sentence, or with an explicit "by".
    """
    words = word_count(text)
    if words > max_words:
        return None
    credit = _CREDIT_PREFIX.search(text)
    credit_words = credit.group(0).lower().split() if credit else []
    explicit_by = len(credit_words) >= 2 and credit_words[-1] == "by"
    if credit and words <= 10 and (explicit_by or not ends_like_a_sentence(text)):
        return credit.group(0).strip()
    blurb = _AUTHOR_BLURB.search(text)
    if blurb:
        return blurb.group(0).strip()
    contact = _AUTHOR_CONTACT.search(text) if words <= CONTACT_WORDS else None
    return contact.group(0).strip() if contact else None


def heading_like(text: str, max_words: int = 10) -> bool:
    """A short line, not ending like a sentence, opening with a capital or an unspaced script."""
    if ends_like_a_sentence(text) or not has_letters(text):
        return False
    if word_count(text) > max_words:
        return False
    first = next((ch for ch in text if unicodedata.category(ch).startswith("L")), "")
    return first.isupper() or unicodedata.category(first) == "Lo"
