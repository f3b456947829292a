"""Kinds, flags, duplicates and languages: the rules one by one, then through a build."""

from __future__ import annotations

import json
import typing

import pytest

from packager.build import build_release
from packager.models import FlagCode, Kind
from packager.quality.classify import FLAG_CODES, KINDS, classify
from packager.quality.dedup import DuplicateFinder
from packager.quality.signals import byline, call_to_action, too_short
from packager.quality.survey import SurveyBuilder
from packager.settings import BuildSettings, QualitySettings

QUALITY = QualitySettings()

BODY = [
    "The harbour trust will add two sailings on weekdays from June, its chair said on Friday.",
    "“Demand has grown every summer,” said Zoë Ackerley, who has chaired the trust since 2019.",
    "The council voted to subscribe to the regional water scheme after a two-hour debate.",
    "Residents can donate blood at the Quay Street clinic on Friday between 9am and 4pm.",
    "Rents in the old town rose to $1,150 a month last year, the survey found.",
    "Then the lights went out.",
    "“No,” she said.",
    "Results: Ardley 3, Benholm 1.",
]
TAIL = [
    "Subscribe",
    "Priya Holloway covers transport for the Herald. Email her at priya@example.org.",
    "Edited by Sam Okafor",
    "Support local reporting",
    "Become a member for $7 a month and keep local news free for everyone.",
    "Already a member? Log in",
    "Share this article",
    "Subscribe",
    "Thanks for reading the Herald.",
]


def kinds(texts, survey=None, groups=("folder:x",)):
    return [kind for kind, _ in classify(texts, groups, survey, QUALITY)]


def test_schema_enums_are_the_classifier_codes():
    assert typing.get_args(Kind) == KINDS
    assert typing.get_args(FlagCode) == FLAG_CODES


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Subscribe", "Subscribe"),
        ("Already a member? Log in", "Already a member"),
        ("Become a member for $7 a month and keep local news free.", "Become a member"),
        ("Unlimited access for just €4.99 a month. Cancel anytime.", "Unlimited access"),
        ("We use cookies to improve your experience. Accept all", "We use cookies"),
        (
            "Get the Morning Briefing in your inbox every weekday.",
            "Get the Morning Briefing in your inbox",
        ),
        ("Comments (12)", "Comments (12)"),
        ("Read more: Council delays bridge vote", "Read more:"),
        ("The council voted to subscribe to the regional water scheme after a debate.", None),
        ("Subscriptions to the town's compost scheme doubled.", None),
        ("The club asks members to sign in at the gate.", None),
        ("Rents rose to $1,150 a month last year, the survey found.", None),
        ("She urged residents to donate to the flood fund.", None),
    ],
)
def test_call_to_action_wording_and_news_that_only_looks_like_it(text, found):
    assert call_to_action(text, QUALITY.short_line_words) == found


@pytest.mark.parametrize(
    ("text", "credit"),
    [
        ("Edited by Sam Okafor", True),
        ("— Additional reporting by Ana Ruiz", True),
        ("Greta Lindholm is the Post's health correspondent. Follow her on Mastodon.", True),
        ("Επιμέλεια: Λεωνίδας Χατζηαντωνίου", True),
        ("編集：田辺真司", True),
        ("Par ailleurs, la mairie a voté le budget.", False),
        ("Por la mañana llegaron los bomberos.", False),
        ("By the end of the meeting, the vote was tied.", False),
    ],
)
def test_credit_lines_in_several_languages(text, credit):
    assert (byline(text) is not None) is credit


def test_too_short_means_a_fragment_not_a_short_sentence():
    assert too_short("Share", 20) and too_short("Sign up", 20)
    assert not too_short("It was chaos.", 20)


def test_a_single_article_tail_is_recognised_without_corpus_help():
    result = kinds(BODY + TAIL)
    assert result[: len(BODY)] == ["body"] * len(BODY)
    assert result[len(BODY) :] == [
        "boilerplate",
        "byline",
        "byline",
        "boilerplate",
        "boilerplate",
        "boilerplate",
        "boilerplate",
        "boilerplate",
        "boilerplate",
    ]


def test_a_clean_article_gets_no_flags_at_all():
    for kind, flags in classify(BODY, ("folder:x",), None, QUALITY):
        assert (kind, flags) == ("body", [])


def test_flags_carry_their_evidence():
    result = classify(BODY + TAIL, ("folder:x",), None, QUALITY)
    subscribe = result[len(BODY)][1]
    assert {"code": "repeated-in-article", "count": 2, "detail": None} in subscribe
    assert {"code": "call-to-action", "count": None, "detail": "Subscribe"} in subscribe
    assert {
        "code": "promo-block",
        "count": len(TAIL),
        "detail": f"{len(BODY)}-{len(BODY) + len(TAIL) - 1}",
    } in subscribe
    assert {"code": "no-letters", "count": None, "detail": None} in classify(
        ["* * *"], (), None, QUALITY
    )[0][1]


def test_corpus_repeats_turn_unknown_wording_into_boilerplate_next_to_furniture():
    promo = "Ο Φάρος χρηματοδοτείται από τους αναγνώστες του."  # no English CTA words
    tail = ["Στηρίξτε μας", promo, "Συνδεθείτε"]
    builder = SurveyBuilder(0.8, 64)
    for number in range(3):
        builder.add(f"{number:020d}", ("publisher:faros",), [f"Story {number}.", *tail], [])
    survey = builder.finish()
    article = ["A body paragraph about the olive press and its new cultural centre.", *tail]
    assert kinds(article, survey, ("publisher:faros",)) == ["body"] + ["boilerplate"] * 3
    # the same sentence repeated in the middle of the story stays body, with the evidence
    middle = [
        "First paragraph of the story.",
        "The county did not respond to a request for comment.",
        "Last one.",
    ]
    builder = SurveyBuilder(0.8, 64)
    for number in range(3):
        builder.add(f"{number:020d}", ("publisher:p",), [middle[1]], [])
    result = classify(middle, ("publisher:p",), builder.finish(), QUALITY)
    assert result[1][0] == "body"
    assert result[1][1] == [{"code": "repeated-across-source", "count": 3, "detail": "publisher:p"}]


def test_near_and_exact_duplicates_join_the_earliest_article():
    story = " ".join(
        f"Sentence number {n} about the harbour, the ferry and the council vote." for n in range(40)
    )
    edited = story.replace("number 7", "seven").replace("number 31", "thirty-one")
    finder = DuplicateFinder(0.8, 64)
    finder.add("a" * 20, story, story)
    finder.add("b" * 20, "Something else entirely about schools and buses.", "")
    finder.add("c" * 20, edited, edited)
    finder.add("d" * 20, story, story)
    assert finder.groups() == {"c" * 20: "a" * 20, "d" * 20: "a" * 20}


def _records(release, name):
    return [json.loads(line) for line in (release / name).read_text().splitlines()]


def test_a_build_drops_boilerplate_into_the_rejects_when_asked(write_files, tmp_path):
    root = write_files({"herald/story.txt": "\n".join(BODY + TAIL) + "\n"})
    settings = BuildSettings(name="t", version="1.0.0", drop_kinds=["boilerplate"])
    result = build_release([root], settings, tmp_path / "dist")
    paragraphs = _records(result.release, "paragraphs.jsonl")
    [article] = _records(result.release, "articles.jsonl")
    assert {p["kind"] for p in paragraphs} == {"body", "byline"}
    assert [p["index"] for p in paragraphs] == list(range(len(paragraphs)))
    for paragraph in paragraphs:
        assert article["text"][paragraph["char_start"] : paragraph["char_end"]] == paragraph["text"]
    dropped = _records(result.release, "rejects.jsonl")
    assert {d["reason"] for d in dropped} == {"dropped-boilerplate"}
    assert [d["text"] for d in dropped] == [
        t for t in TAIL if t != "Edited by Sam Okafor" and not t.startswith("Priya")
    ]
    assert all(d["paragraph_id"] and d["line"] for d in dropped)
    counts = result.counts
    assert counts["inputs"] == counts["accepted"] == 1 and counts["rejected"] == 0
    assert counts["paragraphs_dropped"] == {"dropped-boilerplate": len(dropped)}


def test_dedup_drop_moves_copies_to_the_rejects_and_keep_puts_them_in_one_split(
    write_files, tmp_path
):
    story = "\n".join(
        f"Paragraph {n}: the ferry, the harbour trust and the timetable change." for n in range(12)
    )
    root = write_files(
        {
            "a/original.txt": story,
            "b/copy.txt": story.replace("Paragraph 3", "Para 3"),
            "c/other.txt": "A different story about buses.\n",
        }
    )
    kept = build_release(
        [root], BuildSettings(name="k", version="1.0.0"), tmp_path / "dist"
    ).release
    articles = {a["source"]["path"]: a for a in _records(kept, "articles.jsonl")}
    assert articles["b/copy.txt"]["duplicate_of"] == articles["a/original.txt"]["article_id"]
    assert articles["b/copy.txt"]["split"] == articles["a/original.txt"]["split"]
    assert articles["c/other.txt"]["duplicate_of"] is None
    assert articles["c/other.txt"]["dup_group"] == articles["c/other.txt"]["article_id"]
    dropped = build_release(
        [root], BuildSettings(name="d", version="1.0.0", dedup="drop"), tmp_path / "dist"
    )
    [reject] = _records(dropped.release, "rejects.jsonl")
    assert reject["reason"] == "duplicate-article"
    assert reject["message"].startswith(
        f"b/copy.txt:1: duplicates article {articles['a/original.txt']['article_id']}"
    )


def test_language_comes_from_metadata_else_detection(write_files, tmp_path, settings):
    root = write_files(
        {
            "de.txt": "Der Gemeinderat hat am Dienstag beschlossen, die alte Brücke zu sanieren.\n",
            "tagged.txt": "Short.\n",
            "tagged.meta.json": '{"language": "fr"}',
        }
    )
    articles = {
        a["source"]["path"]: a
        for a in _records(
            build_release([root], settings, tmp_path / "dist").release, "articles.jsonl"
        )
    }
    assert (articles["de.txt"]["language"], articles["de.txt"]["language_source"]) == (
        "de",
        "detected",
    )
    assert (articles["tagged.txt"]["language"], articles["tagged.txt"]["language_source"]) == (
        "fr",
        "metadata",
    )


def test_the_example_release_shows_every_kind_and_flag():
    from ..conftest import EXAMPLE_RELEASE

    manifest = json.loads((EXAMPLE_RELEASE / "manifest.json").read_text())
    assert all(manifest["counts"]["kinds"][kind] > 0 for kind in KINDS)
    # every flag but very-long (a 20,000-character paragraph; tests/test_bad_input.py has one)
    # and model-furniture (the example's furniture is all named by rules; the model leaves
    # its body alone; tests/quality/test_furniture.py shows the model at work)
    assert set(manifest["counts"]["flags"]) == set(FLAG_CODES) - {"very-long", "model-furniture"}
    assert manifest["counts"]["duplicates"] >= 1
    assert manifest["settings"]["quality"] == QualitySettings().model_dump()
    assert set(manifest["tools"]) >= {"trafilatura", "datasketch", "py3langid"}
