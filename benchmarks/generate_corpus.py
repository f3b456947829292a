"""Generate a deterministic synthetic corpus of news-like articles for the benchmarks.

The corpus imitates what packager meets in the field, at the size of the benchmark
target (about 23 paragraphs and 4.5 KB of text per article):

* ``wire/feed-00000.jsonl``, ``wire/feed-00001.jsonl``, ...: up to 50,000 records
  per file, each ``{"id", "url", "title", "publisher", "published_at", "authors",
  "language", "text"}`` with one paragraph per line of ``text``;
* about 2% of the articles as ``txt/<outlet-slug>/<n>.txt`` instead, without a
  metadata sidecar: paragraphs separated by a blank line and hard-wrapped at 72
  columns.

Eight made-up outlets (``*.example`` domains) each append their own promo block
(sub-heading, author blurb, membership appeal with a monthly price, button labels
with one label twice, sign-in prompt) to about 80% of their articles: the same
lines every time, which is the repeated boilerplate packager must recognise.
Body paragraphs are built from word lists, so they rarely repeat; they carry curly
quotes and apostrophes, em dashes, emoji in about 1% of paragraphs, and in about
10% of articles a person whose accented name is written decomposed (NFD).

Everything derives from ``random.Random(seed)``: the same seed and article count
give byte-identical files. Articles are streamed to buffered files, so memory
stays flat whatever the count.

    python benchmarks/generate_corpus.py OUT_DIR [--articles N] [--seed S]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
import textwrap
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

DEFAULT_ARTICLES = 100_000
DEFAULT_SEED = 20261123
RECORDS_PER_FILE = 50_000
TXT_SHARE = 0.02  # articles written as hard-wrapped .txt files instead of JSONL records
PROMO_SHARE = 0.80  # articles that end with their outlet's promo block
ACCENTED_SHARE = 0.10  # articles that mention a person with a decomposed (NFD) accented name
EMOJI_SHARE = 0.013  # body paragraphs ending with an emoji: about 1% of all paragraphs
WRAP_WIDTH = 72
BUFFER = 1 << 20

LQ = "\N{LEFT DOUBLE QUOTATION MARK}"
RQ = "\N{RIGHT DOUBLE QUOTATION MARK}"
APOS = "\N{RIGHT SINGLE QUOTATION MARK}"
DASH = "\N{EM DASH}"
EMOJI = (
    "\N{THUMBS UP SIGN}\N{EMOJI MODIFIER FITZPATRICK TYPE-4}",
    "\N{WATER WAVE}",
    "\N{SPARKLES}",
    "\N{FACE WITH TEARS OF JOY}",
    "\N{RED APPLE}",
    "\N{BICYCLE}",
    "\N{CLAPPING HANDS SIGN}\N{EMOJI MODIFIER FITZPATRICK TYPE-1-2}",
    "\N{HOUSE WITH GARDEN}",
)


@dataclass(frozen=True, slots=True)
class Outlet:
    """A made-up publisher: its name, where its pages live, and its fixed promo block."""

    name: str
    slug: str
    weight: int  # relative share of the corpus
    promo: tuple[str, ...]

    @property
    def domain(self) -> str:
        return f"www.{self.slug}.example"


OUTLETS: tuple[Outlet, ...] = (
    Outlet(
        "The Corrowdale Clarion",
        "corrowdale-clarion",
        22,
        (
            "More from the Clarion",
            "Imogen Tarrant has covered Corrowdale and the lower valley for the Clarion "
            "since 2016. She writes about housing, transport and the town hall.",
            "Local reporting like this is paid for by our members. Join from \u00a35 a month "
            "and help keep the Clarion free to read for everyone in the valley.",
            "Subscribe",
            "Share this article",
            "Subscribe",
            "Already a member? Sign in to continue.",
        ),
    ),
    Outlet(
        "Westermoss Evening Tribune",
        "westermoss-tribune",
        18,
        (
            "Keep reading",
            "Our newsroom of eleven reporters covers Westermoss, Hallam Cross and the "
            "coast road every day of the week.",
            "Become a Tribune supporter for $7 a month. No paywall, no pop-ups, just "
            "journalism for the people who live here.",
            "Share this article",
            "Support the Tribune",
            "Share this article",
            "Subscribers, sign in here.",
        ),
    ),
    Outlet(
        "The Pellingham Sentinel",
        "pellingham-sentinel",
        14,
        (
            "About this story",
            "Rafe Okonjo is the Sentinel\u2019s chief reporter. Tips and corrections are "
            "always welcome at the newsdesk.",
            "Members get every edition a day early and an ad-free site for \u20ac6 a month.",
            "Subscribe",
            "Share this article",
            "Subscribe",
            "Sign in",
        ),
    ),
    Outlet(
        "Auldbrook Daily Dispatch",
        "auldbrook-dispatch",
        12,
        (
            "Before you go",
            "The Dispatch has reported on Auldbrook since 1911 and is owned by no one "
            "but its readers.",
            "For \u00a34.50 a month, membership keeps our court, council and schools "
            "reporting going.",
            "Join the Dispatch",
            "Share this article",
            "Join the Dispatch",
            "Sign in to your account to comment.",
        ),
    ),
    Outlet(
        "The Kestrelmouth Mercury",
        "kestrelmouth-mercury",
        10,
        (
            "From the Mercury newsroom",
            "Tamsin Voss edits the Mercury\u2019s harbour and fisheries coverage and has "
            "lived in Kestrelmouth all her life.",
            "Independent news needs independent funding. Become a member for $9 a month "
            "and get the weekend edition delivered.",
            "Subscribe",
            "Share this article",
            "Subscribe",
            "Already subscribed? Log in here.",
            "Follow the Mercury for more stories like this.",
        ),
    ),
    Outlet(
        "Thornwick Harbour News",
        "thornwick-harbour-news",
        9,
        (
            "Support local news",
            "Harbour News is written and edited by a team of five in Thornwick.",
            "Readers like you fund this site. Pledge \u00a33 a month to keep it running.",
            "Donate",
            "Share this article",
            "Donate",
            "Already pledging? Sign in to manage your account.",
        ),
    ),
    Outlet(
        "The Brindlecombe Packet",
        "brindlecombe-packet",
        8,
        (
            "Read more",
            "Ottilie Marchbank covers politics and the environment for the Packet.",
            "Enjoyed this story? Become a Packet member from \u20ac8 a month for unlimited "
            "articles and our daily briefing.",
            "Subscribe",
            "Share this article",
            "Share this article",
            "Have an account? Sign in.",
        ),
    ),
    Outlet(
        "Ravensholm Weekly Standard",
        "ravensholm-standard",
        7,
        (
            "Stay informed",
            "The Standard\u2019s reporters live in the towns they cover, from Ravensholm to "
            "Edgecote Fell.",
            "A Standard membership costs $6 a month and pays for local reporting that "
            "nobody else does.",
            "Subscribe",
            "Share this article",
            "Subscribe",
            "Already a member? Sign in.",
        ),
    ),
)


def _words(text: str) -> tuple[str, ...]:
    """The space-separated words of ``text``, for compact word lists."""
    return tuple(text.split())


FIRST_NAMES = _words(
    "Aaron Abigail Adele Alastair Amara Anjali Arthur Beatrix Callum Carys Cedric Clara "
    "Declan Delphine Dominic Edith Elias Esme Fergus Fiona Gideon Greta Hamish Harriet "
    "Idris Isla Jasper Juno Kieran Leona Lorcan Maeve Malik Marisol Nadia Niall Octavia "
    "Orson Petra Priya Quentin Rhiannon Rowan Saffron Samir Selma Tobias Ursula Vikram "
    "Wren Xavier Yusuf Zara Bernard Corin Dafydd Elspeth Faisal Ginevra Hollis"
)
LAST_NAMES = _words(
    "Abernethy Ashdown Bellweather Blackmore Carrow Chaudhry Crossley Dunmore Ellery "
    "Fairclough Fenwick Galloway Greaves Hadley Halloran Ingram Jessop Kettering Lachlan "
    "Lindley Marchetti Mayhew Nakamura Northcott Oduya Pemberton Quarrie Radcliffe "
    "Rowntree Sandford Sheridan Thackeray Trelawny Underhill Varga Wainwright Whitlock "
    "Yardley Okafor Brennan Castellan Doherty Everett Fitzroy Goodwin Hartigan Iqbal "
    "Kowalczyk Lister Moreland Nwosu Osei Prothero Rasmussen Stanhope Tennant Vance"
)
# Every one of these changes under NFD; the corpus writes them decomposed.
ACCENTED_FIRST = _words(
    "Zo\u00eb Jos\u00e9 Ren\u00e9e Chlo\u00e9 In\u00e9s Agn\u00e8s Fran\u00e7ois No\u00e9mie "
    "Ra\u00fal Bj\u00f6rn Ma\u00ebl H\u00e9l\u00e8ne Jo\u00e3o Ir\u00e8ne"
)
ACCENTED_LAST = _words(
    "M\u00fcller N\u00fa\u00f1ez Lef\u00e8vre Gon\u00e7alves Dvo\u0159\u00e1k P\u00e9rez "
    "S\u00e1nchez J\u00fcrgens Ko\u00e7 Ch\u00e2telain Brand\u00e3o Ol\u00e1h"
)
PLACES = _words(
    "Corrowdale Westermoss Pellingham Auldbrook Kestrelmouth Thornwick Brindlecombe "
    "Ravensholm Hallam-Cross Edgecote Mirefield Saltcote Ashby-Wold Fennick Larkhollow "
    "Gorsewick Marlow-Fen Dunnock Bramblecote Sorrelby Hexley Tolworth Quarrington "
    "Wickmere Orbury Stannage Colverton Ribblesend Harrowdene Pennisford Lowmarsh Caddington "
    "Elmstead Frithby Galdon Holloway-Bridge Ivybank Juniper-Heath Knollbury Linthwaite"
)
BODIES = (
    "Town Council",
    "Harbour Board",
    "Water Authority",
    "Chamber of Commerce",
    "Health Trust",
    "School Board",
    "Transport Partnership",
    "Planning Committee",
    "Fire and Rescue Service",
    "Housing Association",
    "Community Trust",
    "Rail Users\u2019 Group",
    "Fishermen\u2019s Cooperative",
    "Civic Society",
    "Flood Action Group",
    "Youth Forum",
)
ROLES = (
    "spokesperson",
    "chair",
    "director",
    "councillor",
    "head teacher",
    "chief executive",
    "treasurer",
    "project manager",
    "senior engineer",
    "campaign organiser",
    "shop owner",
    "ward nurse",
    "harbour master",
    "planning officer",
    "volunteer coordinator",
)
ROLE_PLURALS = (
    "residents",
    "parents",
    "shopkeepers",
    "commuters",
    "fishermen",
    "nurses",
    "teachers",
    "farmers",
    "pensioners",
    "students",
    "landlords",
    "tenants",
    "volunteers",
    "bus drivers",
)
NOUNS = (
    "budget",
    "bridge repair",
    "ferry service",
    "housing scheme",
    "library",
    "bus route",
    "flood defence",
    "primary school",
    "health clinic",
    "harbour wall",
    "market hall",
    "cycle lane",
    "wind farm",
    "bypass",
    "water supply",
    "recycling scheme",
    "summer festival",
    "football ground",
    "care home",
    "broadband rollout",
    "car park",
    "swimming pool",
    "sea wall",
    "rail link",
    "community centre",
    "youth club",
    "allotment site",
    "tram extension",
    "parking charge",
    "council tax rise",
    "leisure centre",
    "night shelter",
    "road closure",
    "sewage outfall",
    "tree planting plan",
)
ADJECTIVES = (
    "new",
    "long-delayed",
    "controversial",
    "ambitious",
    "modest",
    "revised",
    "proposed",
    "emergency",
    "temporary",
    "regional",
    "scaled-back",
    "expensive",
    "popular",
    "overdue",
    "unfinished",
    "much-debated",
    "cut-price",
    "five-year",
)
VERBS = (
    "approved",
    "rejected",
    "delayed",
    "criticised",
    "welcomed",
    "postponed",
    "announced",
    "reviewed",
    "defended",
    "questioned",
    "funded",
    "scrapped",
    "expanded",
    "backed",
    "challenged",
    "paused",
    "reopened",
    "redesigned",
    "signed off",
    "pushed back",
)
WEEKDAYS = _words("Monday Tuesday Wednesday Thursday Friday Saturday Sunday")
MONTHS = _words(
    "January February March April May June July August September October November December"
)
# ASCII apostrophes here become curly ones when the pools are built.
QUOTES = (
    "We're not going to let the {noun} slip again, not after {n} months of waiting",
    "It's been a difficult year for everyone in {place}, and the {noun} hasn't helped",
    "People in {place} don't want promises, they want the {noun} fixed",
    "I've lived in {place} for {n} years and I've never seen anything like it",
    "This isn't about politics " + DASH + " it's about the {noun}",
    "We'll keep pressing the {org} until the {noun} is finished",
    "Nobody's pretending the {noun} will be cheap, but {money} is a lot of money",
    "The numbers for the {noun} don't add up, and they haven't since {weekday}",
    "We can't keep asking families in {place} to wait for the {noun}",
    "It's the right decision on the {noun}, even if it's not a popular one",
    "I didn't expect {n} people to turn up on a {weekday} night",
    "There's still a lot of work to do on the {noun} before {month}",
    "My kids' school is on that road, so of course I'm worried about the {noun}",
    "We've been told the {noun} is safe, but nobody's shown us the report",
    "If the {noun} is good enough for {place}, it's good enough for us",
    "The {org} hasn't listened to a word we've said about the {noun}",
    "That's {money} we'll never see again",
    "We're cautiously optimistic about the {noun}, but we've been here before",
    "Ask anyone in {place} and they'll tell you the {noun} was {verb} for a reason",
    "I've written to the {org} {n} times and I'm still waiting for an answer",
)
TITLES = (
    "{place} {org_short} {verb} {adj} {noun} plan",
    "{noun_cap} in {place}: what happens next",
    "{role_plural_cap} in {place} say the {noun} has been {verb}",
    "{money} {noun} for {place} {verb} after {n}-hour meeting",
    "Why {place}'s {noun} keeps being {verb}",
    "{place} {noun} {verb} again as costs reach {money}",
    "{person} on the future of the {noun} in {place}",
    "{org_short} {verb} {noun} despite protests from {role_plurals}",
)


def _a(word: str) -> str:
    """The word with its indefinite article: "a modest", "an ambitious"."""
    return f"an {word}" if word[0] in "aeiou" else f"a {word}"


def _pick(rnd: Callable[[], float]) -> Callable[[Sequence[str]], str]:
    """A fast uniform pick from a sequence, driven by ``rnd`` (one ``random()`` call)."""

    def pick(items: Sequence[str]) -> str:
        return items[int(rnd() * len(items))]

    return pick


class Writer:
    """Sentences, paragraphs and articles drawn from one ``random.Random``."""

    def __init__(self, rng: random.Random) -> None:
        self.rnd = rng.random
        self.rng = rng
        pick = self.pick = _pick(self.rnd)
        self.persons = [f"{pick(FIRST_NAMES)} {pick(LAST_NAMES)}" for _ in range(8000)]
        self.orgs = [f"the {pick(PLACES)} {pick(BODIES)}" for _ in range(600)]
        self.subjects = [self._subject() for _ in range(4000)]
        self.predicates = [self._predicate() for _ in range(4000)]
        self.tails = [self._tail() for _ in range(1500)]
        self.quotes = [self._fill(pick(QUOTES)).replace("'", APOS) for _ in range(8000)]
        self.attributions = [self._attribution(pick(self.persons)) for _ in range(4000)]
        self.facts = [self._fact() for _ in range(20000)]
        self.staff = {
            outlet.slug: [f"{pick(FIRST_NAMES)} {pick(LAST_NAMES)}" for _ in range(14)]
            for outlet in OUTLETS
        }
        weights = [outlet.weight for outlet in OUTLETS]
        total = sum(weights)
        self.outlet_bounds = [sum(weights[: i + 1]) / total for i in range(len(OUTLETS))]

    # -- building blocks, drawn once into pools -------------------------------------------

    def _money(self) -> str:
        rnd = self.rnd
        if rnd() < 0.5:
            return f"\u00a3{1 + int(rnd() * 40)}.{int(rnd() * 10)}m"
        return f"\u00a3{25 + int(rnd() * 900)},000"

    def _fill(self, template: str) -> str:
        """Fill the named slots of a title or quote template."""
        pick, rnd = self.pick, self.rnd
        org = pick(self.orgs)
        return template.format(
            place=pick(PLACES).replace("-", " "),
            noun=pick(NOUNS),
            noun_cap=pick(NOUNS).capitalize(),
            adj=pick(ADJECTIVES),
            verb=pick(VERBS),
            org=org[4:],
            org_short=org[4:].split(" ", 1)[1] if rnd() < 0.5 else "Council",
            n=3 + int(rnd() * 60),
            weekday=pick(WEEKDAYS),
            month=pick(MONTHS),
            money=self._money(),
            person=pick(self.persons),
            role_plural_cap=pick(ROLE_PLURALS).capitalize(),
            role_plurals=pick(ROLE_PLURALS),
        )

    def _subject(self) -> str:
        pick, rnd = self.pick, self.rnd
        u = rnd()
        if u < 0.25:
            return pick(self.orgs)
        if u < 0.45:
            return f"{pick(self.persons)}, {pick(ROLES)} at {pick(self.orgs)},"
        if u < 0.6:
            return f"{pick(ROLE_PLURALS)} in {pick(PLACES).replace('-', ' ')}"
        if u < 0.72:
            return f"a group of {4 + int(rnd() * 200)} {pick(ROLE_PLURALS)}"
        if u < 0.85:
            return f"councillors in {pick(PLACES).replace('-', ' ')}"
        return pick(self.persons)

    def _predicate(self) -> str:
        pick, rnd = self.pick, self.rnd
        verb, noun, adj = pick(VERBS), pick(NOUNS), pick(ADJECTIVES)
        place = pick(PLACES).replace("-", " ")
        return pick(
            (
                f"{verb} the {adj} {noun}",
                f"{verb} plans for {_a(adj)} {noun} in {place}",
                f"{verb} a {self._money()} bid to improve the {noun}",
                f"{verb} the decision to close the {noun} in {place}",
                f"{verb} proposals to extend the {noun} to {place}",
                f"{verb} a report on the {adj} {noun}",
                f"{verb} a {int(rnd() * 90) + 10}-page report on the future of the {noun}",
                f"{verb} the {noun}, whose cost is now put at {self._money()}",
                f"{verb} calls for an independent review of the {noun}",
            )
        )

    def _tail(self) -> str:
        pick, rnd = self.pick, self.rnd
        return pick(
            (
                f" on {pick(WEEKDAYS)}",
                " last week",
                " earlier this month",
                f" in {pick(MONTHS)}",
                f" after a {2 + int(rnd() * 6)}-hour meeting",
                f" at a packed public meeting in {pick(PLACES).replace('-', ' ')}",
                f" despite objections from {pick(self.orgs)}",
                " for the second time this year",
                " following a public consultation",
                " without a formal vote",
                f" amid growing pressure from {pick(ROLE_PLURALS)}",
                f" in a letter to {pick(self.orgs)}",
                "",
                "",
            )
        )

    def _attribution(self, person: str) -> str:
        pick = self.pick
        return pick(
            (
                f"said {person}, {pick(ROLES)} at {pick(self.orgs)}",
                f"{person} said",
                f"said {person}",
                f"{person}, a {pick(ROLES)} from {pick(PLACES).replace('-', ' ')}, told reporters",
                f"{person} added",
            )
        )

    def _fact(self) -> str:
        pick, rnd = self.pick, self.rnd
        noun, noun2, place = pick(NOUNS), pick(NOUNS), pick(PLACES).replace("-", " ")
        org, year = pick(self.orgs), 2009 + int(rnd() * 16)
        n, m = 12 + int(rnd() * 900), 12 + int(rnd() * 900)
        return pick(
            (
                f"Figures published by {org} show {n} complaints about the {noun} were recorded "
                f"in {year}, up from {m} the year before.",
                f"The scheme is expected to cost {self._money()}, of which "
                f"{pick(('a third', 'half', 'a quarter', 'most'))} will come from {org}.",
                f"About {n % 90 + 5} per cent of households in {place} are affected, according to "
                f"{org}.",
                f"The {noun} has been closed for {n % 40 + 2} weeks.",
                f"The {noun} {DASH} first proposed in {year} {DASH} has been delayed "
                f"{n % 6 + 2} times.",
                f"For {pick(ROLE_PLURALS)} in {place}, the {noun} is more than a line in the "
                f"budget {DASH} it is a daily concern.",
                f"The answer, for now, is no {DASH} but {org} says that could change by "
                f"{pick(MONTHS)}.",
                f"{place} has a population of about {n % 80 + 3},000 and sits {m % 30 + 2} miles "
                f"from {pick(PLACES).replace('-', ' ')}.",
                f"The {noun} was last upgraded in {year}.",
                f"It is not the first time the {noun} has divided opinion in {place}.",
                f"A petition against the {noun} has gathered {n * 7:,} signatures.",
                f"Work on the {noun2} is due to start in {pick(MONTHS)} and last {m % 20 + 3} "
                "months.",
                f"{org[0].upper()}{org[1:]} did not respond to a request for comment.",
                f"Neither the {noun} nor the {noun2} was mentioned in the council{APOS}s "
                "latest annual plan.",
            )
        )

    # -- per article, drawn fresh -------------------------------------------------------

    def statement(self) -> str:
        """Subject, predicate and optional tail: the most varied sentence kind."""
        pick = self.pick
        text = f"{pick(self.subjects)} {pick(self.predicates)}{pick(self.tails)}."
        return text[0].upper() + text[1:]

    def quote(self, speaker: str | None = None) -> str:
        """A curly-quoted remark with its attribution."""
        pick = self.pick
        attribution = self._attribution(speaker) if speaker else pick(self.attributions)
        return f"{LQ}{pick(self.quotes)},{RQ} {attribution}."

    def sentence(self, first: bool = False) -> str:
        """Any kind of sentence; a paragraph's first one is never a pooled fact.

        Facts come from a fixed pool, so a paragraph made of one fact would repeat
        across articles; statements and quotes are combined fresh each time.
        """
        u = self.rnd() * (0.7 if first else 1.0)
        if u < 0.5:
            return self.statement()
        if u < 0.7:
            return self.quote()
        return self.pick(self.facts)

    def paragraph(self) -> str:
        """One body paragraph: mostly 25-80 words, some 8-20, a few 100-150."""
        rnd = self.rnd
        u = rnd()
        if u < 0.2:
            for _ in range(6):
                if rnd() < 0.85:
                    text = self.statement()
                else:
                    text = self.quote(f"{self.pick(FIRST_NAMES)} {self.pick(LAST_NAMES)}")
                if 8 <= text.count(" ") + 1 <= 20:
                    break
            return text
        if u < 0.95:
            target = int(self.rng.triangular(20, 55, 20))
        else:
            target = 100 + int(rnd() * 40)
        sentences: list[str] = []
        words = 0
        while words < target:
            sentence = self.sentence(first=not sentences)
            sentences.append(sentence)
            words += sentence.count(" ") + 1
        return " ".join(sentences)

    def outlet(self) -> Outlet:
        u = self.rnd()
        for outlet, bound in zip(OUTLETS, self.outlet_bounds, strict=True):
            if u < bound:
                return outlet
        return OUTLETS[-1]

    def article(self, number: int) -> tuple[Outlet, dict[str, object], list[str]]:
        """One article: its outlet, its metadata (without text) and its paragraphs."""
        rng, rnd, pick = self.rng, self.rnd, self.pick
        outlet = self.outlet()
        count = int(rng.triangular(10, 28, 15))
        paragraphs = [self.paragraph() for _ in range(count)]
        if rnd() < 0.5:
            place = pick(PLACES).replace("-", " ").upper()
            paragraphs[0] = f"{place} {DASH} {paragraphs[0]}"
        if rnd() < ACCENTED_SHARE:
            name = f"{pick(ACCENTED_FIRST)} {pick(ACCENTED_LAST)}"
            speaker = unicodedata.normalize("NFD", name)
            for _ in range(2 + int(rnd() * 3)):
                index = 1 + int(rnd() * (count - 1))
                paragraphs[index] = f"{paragraphs[index]} {self.quote(speaker)}"
        for index in range(count):
            if rnd() < EMOJI_SHARE:
                paragraphs[index] = f"{paragraphs[index]} {pick(EMOJI)}"
        if rnd() < PROMO_SHARE:
            paragraphs.extend(outlet.promo)

        title = self._fill(pick(TITLES)).replace("'", APOS)
        title = title[0].upper() + title[1:]
        day = dt.date(2025, 1, 1) + dt.timedelta(days=int(rnd() * 730))
        if rnd() < 0.5:
            published = day.isoformat()
        else:
            published = f"{day.isoformat()}T{int(rnd() * 24):02d}:{int(rnd() * 60):02d}:00Z"
        staff = self.staff[outlet.slug]
        authors = [pick(staff)]
        if rnd() < 0.3:
            second = pick(staff)
            if second != authors[0]:
                authors.append(second)
        slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
        meta: dict[str, object] = {
            "id": f"bench-{number:07d}",
            "url": f"https://{outlet.domain}/news/{day:%Y/%m/%d}/{slug}-{number}",
            "title": title,
            "publisher": outlet.name,
            "published_at": published,
            "authors": authors,
            "language": "en",
        }
        return outlet, meta, paragraphs


def _wrap(paragraphs: list[str]) -> str:
    """Blank-line convention: paragraphs hard-wrapped at 72 columns, blank lines between."""
    return (
        "\n\n".join(
            textwrap.fill(p, WRAP_WIDTH, break_long_words=False, break_on_hyphens=False)
            for p in paragraphs
        )
        + "\n"
    )


def _feeds(wire: Path) -> Iterator[tuple[Path, BinaryIO]]:
    """Open ``feed-00000.jsonl``, ``feed-00001.jsonl``, ... one after another."""
    index = 0
    while True:
        path = wire / f"feed-{index:05d}.jsonl"
        with path.open("wb", buffering=BUFFER) as handle:
            yield path, handle
        index += 1


def generate(out_dir: Path, articles: int, seed: int = DEFAULT_SEED) -> dict[str, int]:
    """Write ``articles`` synthetic articles under ``out_dir`` and return a summary.

    The summary has ``articles`` (total, JSONL records plus .txt files),
    ``txt_articles``, ``files`` (JSONL and .txt files written), ``bytes`` (their total
    size) and ``paragraphs`` (total over all articles, promo lines included). Nothing
    is printed. ``out_dir`` must be missing or empty, so no stale file from an earlier
    run can mix into the corpus.
    """
    if articles < 0:
        raise ValueError(f"articles must be >= 0, got {articles}")
    out_dir = Path(out_dir)
    if out_dir.exists() and any(out_dir.iterdir()):
        raise FileExistsError(f"{out_dir} is not empty")
    wire, txt = out_dir / "wire", out_dir / "txt"
    writer = Writer(random.Random(seed))
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode
    feeds: Iterator[tuple[Path, BinaryIO]] | None = None
    handle: BinaryIO | None = None
    in_file = files = size = paragraphs_total = txt_articles = 0
    txt_dirs: set[str] = set()
    try:
        for number in range(1, articles + 1):
            outlet, meta, paragraphs = writer.article(number)
            paragraphs_total += len(paragraphs)
            if writer.rnd() < TXT_SHARE:
                if outlet.slug not in txt_dirs:
                    (txt / outlet.slug).mkdir(parents=True, exist_ok=True)
                    txt_dirs.add(outlet.slug)
                data = _wrap(paragraphs).encode("utf-8")
                (txt / outlet.slug / f"{number:07d}.txt").write_bytes(data)
                txt_articles += 1
            else:
                if handle is None or in_file == RECORDS_PER_FILE:
                    if feeds is None:
                        wire.mkdir(parents=True, exist_ok=True)
                        feeds = _feeds(wire)
                    _, handle = next(feeds)
                    in_file = 0
                    files += 1
                meta["text"] = "\n".join(paragraphs)
                data = (dumps(meta) + "\n").encode("utf-8")
                handle.write(data)
                in_file += 1
            size += len(data)
    finally:
        if feeds is not None:
            feeds.close()  # closes the open feed file
    return {
        "articles": articles,
        "txt_articles": txt_articles,
        "files": files + txt_articles,
        "bytes": size,
        "paragraphs": paragraphs_total,
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: generate the corpus and print its summary."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path, metavar="OUT_DIR", help="Missing or empty folder.")
    parser.add_argument("--articles", type=int, default=DEFAULT_ARTICLES)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    try:
        summary = generate(args.out_dir, args.articles, args.seed)
    except (FileExistsError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    count = max(1, summary["articles"])
    print(
        f"{summary['articles']:,} articles ({summary['txt_articles']:,} as .txt) in "
        f"{summary['files']:,} files under {args.out_dir}: {summary['bytes'] / 1e6:.1f} MB, "
        f"{summary['paragraphs']:,} paragraphs "
        f"({summary['bytes'] / count:,.0f} bytes and {summary['paragraphs'] / count:.1f} "
        "paragraphs per article)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
