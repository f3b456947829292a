# ruff: noqa: RUF001
# Frozen copy of packager/quality/appeals.py at d487888 (before issue 16, item 3): the reference
# the faster classifier must agree with
# (tests/quality/test_classify_identity.py, bench_hot_paths.py).
"""The outlet speaking in its own voice: appeals written as prose, and their sign-offs.

A membership or donation pitch at the end of an article has no button words and
every sentence ends with a full stop, so only its voice gives it away: the
outlet's "we/our", its newsroom, an ask (support, members, donations), paywall
and subscription words, the reader addressed as "you", a reader count ("you've
read 5 articles"). :func:`appeal_prose` counts those cues; :func:`sign_off`
finds the editor's signature under such an appeal. Pure functions of one
paragraph, like :mod:`packager.quality.signals`.
"""

from __future__ import annotations

import re

from classify_before.signals import word_count

# The outlet's own appeal, written as prose: no button words, every sentence ends
# with a full stop, so only its voice gives it away. The
# paragraph is split into words, each looked up in a table of cues (a regex
# alternation of the same words cost ~80 µs on a 130-character paragraph).
_APPEAL_WORDS: dict[str, tuple[str, ...]] = {
    # the organisation speaking in the first person plural (en, de, fr, es)
    "voice": (
        "we",
        "we're",
        "we've",
        "we'll",
        "we'd",
        "our",
        "ours",
        "wir",
        "unser",
        "unsere",
        "unserer",
        "unseren",
        "unserem",
        "unseres",
        "nous",
        "notre",
        "nos",
        "nosotros",
        "nuestro",
        "nuestra",
        "nuestros",
        "nuestras",
    ),
    # what it is: a newsroom and its work
    "newsroom": (
        "journalism",
        "journalist",
        "journalists",
        "newsroom",
        "newsrooms",
        "reporting",
        "reporter",
        "reporters",
        "coverage",
        "newspaper",
        "nonprofit",
        "non-profit",
        "journalismus",
        "journalisten",
        "journalistinnen",
        "redaktion",
        "berichterstattung",
        "journalisme",
        "rédaction",
        "reportage",
        "reportages",
        "periodismo",
        "periodistas",
        "redacción",
    ),
    # what it asks for: support, membership, money
    "support": (
        "support",
        "supports",
        "supported",
        "supporting",
        "supporter",
        "supporters",
        "member",
        "members",
        "membership",
        "donate",
        "donates",
        "donated",
        "donating",
        "donation",
        "donations",
        "donor",
        "donors",
        "contribute",
        "contributing",
        "contribution",
        "contributions",
        "sustain",
        "sustained",
        "sustaining",
        "soutien",
        "soutenir",
        "soutenez",
        "adhérent",
        "adhérents",
        "adhésion",
        "donación",
        "donaciones",
        "socio",
        "socios",
        "apoyo",
        "apoya",
        "apóyanos",
        "apoyar",
        "apoyan",
    ),
    # paywalls and subscriptions
    "paywall": (
        "paywall",
        "paywalls",
        "subscribe",
        "subscriber",
        "subscribers",
        "subscription",
        "subscriptions",
        "subscribing",
        "bezahlschranke",
        "abo",
        "abonnent",
        "abonnenten",
        "abonnement",
        "abonnieren",
        "abonnez",
        "abonnés",
        "suscríbete",
        "suscripción",
        "suscriptores",
    ),
    # the reader addressed
    "you": (
        "you",
        "your",
        "yours",
        "you're",
        "you've",
        "you'll",
        "you'd",
        "dein",
        "deine",
        "deinen",
        "vous",
        "votre",
        "vos",
    ),
    # reported speech: a quoted appeal is news
    "quote": (
        "said",
        "says",
        "told",
        "sagte",
        "sagt",
        "dijo",
        "déclaré",
        "“",
        "”",
        '"',
        "«",
        "»",
        "„",
    ),
}
# German "Sie"/"Ihr" address the reader only when capitalised; "US" is a country.
_CASED = {
    "Sie": "you",
    "Ihre": "you",
    "Ihr": "you",
    "Ihren": "you",
    "Ihrer": "you",
    "Ihnen": "you",
    "usted": "you",
    "ustedes": "you",
    "tú": "you",
    "tu": "you",
    "us": "voice",
    "Us": "voice",
    "uns": "voice",
}
_PREFIX_STEMS = ("unterstütz", "spende", "mitglied")  # support, in German compounds
_QUOTE_MARKS = ("“", "”", '"', "«", "»", "„")
_EDGES = ".,;:!?()[]{}—–*/…'’‘"  # punctuation around a word (quotes returned None already)
# Phrases of several words, looked for only when their first word is present.
_APPEAL_PHRASES: dict[str, tuple[tuple[str, str], ...]] = {
    "chip": (("chip in", "support"),),
    "pitch": (("pitch in", "support"),),
    "funded": (("funded by", "support"),),
    "favour": (("favour to ask", "support"),),
    "favor": (("favor to ask", "support"),),
    "free": (("free to read", "paywall"), ("free for everyone", "paywall")),
    "faire": (("faire un don", "support"),),
    "hazte": (("hazte socio", "support"),),
    "muro": (("muro de pago", "paywall"),),
    "read": (("you've read", "meter"), ("you have read", "meter")),
    "articles": (("articles this month", "meter"), ("articles per month", "meter")),
    "stories": (("stories this month", "meter"),),
    "as": (("as our", "role"), ("as your", "role")),
}
_ROLE = re.compile(
    r"\bas (?:our|your) (?:[\w-]+ ){0,3}?(?:editor|chief|publisher|director|founder|reporter|"
    r"correspondent|editor-in-chief)s?,? (?:i|we)\b",
    re.IGNORECASE,
)
# A subscription sold as a product ("meal-kit subscription boxes"), not the outlet's own.
_PRODUCT_SUBSCRIPTION = re.compile(r"\bsubscriptions? (?:box|boxes|service|services|kit|kits)\b")
_PAYWALL_LEFT = re.compile(r"\b(?:" + "|".join(_APPEAL_WORDS["paywall"]) + r")\b")
_APPEAL_SETS = [(name, frozenset(words)) for name, words in _APPEAL_WORDS.items()]
_CASED_WORDS = frozenset(_CASED)
_PHRASE_STARTS = frozenset(_APPEAL_PHRASES)
APPEAL_WORDS = 150  # longer paragraphs are reporting, whatever words they quote


def appeal_prose(text: str, words: int | None = None) -> tuple[str, str] | None:
    """The outlet's own appeal voice: ("strong" or "weak", the words found) or None.

    Strong: a reader meter ("you've read 4 articles this month"); one of its
    people speaking for it ("As our bureau chief, I ..."); or its voice
    (we/our/us) asking for support, membership, money or subscriptions while it
    names its newsroom. Weak: its voice and an ask without the newsroom (an
    editorial says "you should support our libraries" too): the classifier
    counts it only beside other furniture. Reported speech (quotation marks,
    "said") and long paragraphs never count.
    """
    words = word_count(text) if words is None else words
    if words > APPEAL_WORDS:
        return None
    if any(mark in text for mark in _QUOTE_MARKS):
        return None
    lowered = text.lower().replace("’", "'")
    words_as_written = [word.strip(_EDGES) for word in text.split()]
    tokens = set(" ".join(words_as_written).lower().replace("’", "'").split())
    found: dict[str, set[str]] = {}
    for name, cue_words in _APPEAL_SETS:
        hit = tokens.intersection(cue_words)
        if hit:
            found[name] = hit
    cased = _CASED_WORDS.intersection(words_as_written)
    for word in cased:
        found.setdefault(_CASED[word], set()).add(word.lower())
    if any(stem in lowered for stem in _PREFIX_STEMS):
        found.setdefault("support", set()).update(
            token for token in tokens if token.startswith(_PREFIX_STEMS)
        )
    for first in _PHRASE_STARTS.intersection(tokens):
        for phrase, phrased in _APPEAL_PHRASES[first]:
            if phrase in lowered:
                found.setdefault(phrased, set()).add(phrase)
    # "subscription boxes": a product, not the outlet's subscription
    product = "subscription" in lowered and "paywall" in found
    if product and not _PAYWALL_LEFT.search(_PRODUCT_SUBSCRIPTION.sub("", lowered)):
        del found["paywall"]
    if "quote" in found or len(found) < 2:
        return None
    if "role" in found:
        role = _ROLE.search(text)
        if role:
            found["role"] = [role.group(0).lower()]
        else:
            del found["role"]
    if "meter" in found and not re.search(r"\d", text):
        del found["meter"]
    voice = "voice" in found or "role" in found
    ask = "support" in found or "paywall" in found
    evidence = ", ".join(
        dict.fromkeys(
            word
            for name in _CUE_ORDER
            if name in found
            for word in sorted(found[name], key=lambda w: (lowered.find(w), w))
        )
    )
    if "meter" in found or "role" in found:
        return "strong", evidence
    if voice and ask and "newsroom" in found:
        return "strong", evidence
    # "supporters"/"members" name people, not an ask: alone they need the reader addressed
    # ("we're a long way from a nation of flag football supporters" is a columnist's)
    asked = (found.get("support", set()) - _PEOPLE_NOUNS) or "paywall" in found
    if tokens & _TESTING:
        return None  # a review's "how we tested": the outlet tries products, it does not ask
    if voice and ask and (asked or "you" in found):
        return "weak", evidence
    return None


_PEOPLE_NOUNS = frozenset({"supporter", "supporters", "member", "members"})
_TESTING = frozenset({"tested", "testing", "tester", "testers", "purchased"})
_CUE_ORDER = ("meter", "role", "voice", "newsroom", "support", "paywall", "you")


# A sign-off under an appeal: a lone closing ("Thank you,") or the signer's name
# and title at the outlet ("Hedda Lindqvist-Ward, Editor-in-Chief of the Ledger").
_CLOSING = re.compile(
    r"^(?:[—–-]\s*)?(?:thank you|thanks|many thanks|with (?:thanks|gratitude)|gratefully|"
    r"sincerely|yours(?: sincerely| truly)?|best wishes|warm(?:est)? regards|regards|"
    r"thanks? (?:you )?for reading(?: [^.!?]{0,60})?|danke(?: schön| für ihre unterstützung)?|"
    r"vielen dank|herzlichen dank|merci(?: beaucoup)?|gracias|muchas gracias)\s*[,.!—–-]?$",
    re.IGNORECASE,
)
_TITLE = (
    r"(?i:(?:[\w-]+ ){0,3}?(?:editor(?:-in-chief)?|editora|publisher|chief|director|directora?|"
    r"directeur|directrice|founder|co-founder|ceo|president|head|manager|reporter|"
    r"correspondent|chefredakteur(?:in)?|redakteur(?:in)?|herausgeber(?:in)?|"
    r"rédact(?:eur|rice) en chef|redactora?|jefa?)(?: [\w-]+){0,3}?)"
)
_NAME_TITLE = re.compile(
    r"^(?:[—–-]\s*)?(?:[A-ZÀ-ÞŁŚŽ][\w’'.-]*\s+){1,3}[A-ZÀ-ÞŁŚŽ][\w’'.-]*,\s+" + _TITLE + r",?\s+"
    r"(?i:of|at|for|der|des|von|de|du|del|de la)\s+(?i:the\s+)?"
    r"(?:[A-Z0-9][\w’'&.-]*\s*){1,6}[.]?$"
)
SIGN_OFF_WORDS = 16


def sign_off(text: str, words: int | None = None) -> tuple[str, str] | None:
    """("closing" or "name-title", the line) for a sign-off line, else None."""
    words = word_count(text) if words is None else words
    if words > SIGN_OFF_WORDS:
        return None
    if _CLOSING.match(text):
        return "closing", text.strip()
    if _NAME_TITLE.match(text):
        return "name-title", text.strip()
    return None
