"""Rule errors found on the real set's development pages (issue 12), each in made-up text.

The sentences, outlets and people here are invented; no real page text is used.
"""

from __future__ import annotations

import pytest

from packager.quality.appeals import appeal_prose
from packager.quality.classify import classify
from packager.quality.signals import call_to_action, heading_like
from packager.settings import QualitySettings

QUALITY = QualitySettings(furniture_model=None)
GROUP = ("folder:tamsford-courier",)
STORY = (
    "The Tamsford water board raised its rates by 4 percent on Tuesday, its first rise since 2019."
)


def _kinds(texts: list[str]) -> list[str]:
    return [kind for kind, _ in classify(texts, GROUP, None, QUALITY)]


@pytest.mark.parametrize(
    "text",
    [
        "Brindlecorp declined to comment.",
        "Mayor Osei refused to comment.",
        "Ferrowin did not comment.",
        "The ministry did not immediately respond to a request for comment.",
        "A spokesperson could not be reached for comment.",
        "The union had no immediate comment.",
    ],
)
def test_a_reported_no_comment_is_not_a_call_to_action(text):
    assert call_to_action(text, QUALITY.short_line_words) is None
    assert call_to_action(text.rstrip("."), QUALITY.short_line_words) is None
    assert _kinds([STORY, text, STORY]) == ["body", "body", "body"]


@pytest.mark.parametrize(
    "text", ["Leave a comment", "Comments", "Sign in to comment!", "Post your comment."]
)
def test_comment_buttons_stay_calls_to_action(text):
    assert call_to_action(text, QUALITY.short_line_words) is not None


@pytest.mark.parametrize(
    "text",
    [
        # a review site's "how we tested", in its own voice
        "To rank the tea clubs, we tested seven subscriptions over two months and our testers "
        "scored every box for freshness.",
        "Every pick here was purchased by our editors, and we kept the subscriptions we liked.",
        # a subscription sold as a product
        "Parcelbrook is home to some of our favourite snack subscription boxes, and you can "
        "skip a month whenever you like.",
    ],
)
def test_a_reviews_own_voice_is_not_an_appeal(text):
    assert appeal_prose(text) is None
    assert _kinds(["How We Chose", text, "Methodology"]) == ["heading", "body", "heading"]


@pytest.mark.parametrize(
    "text",
    [
        "We are funded by subscriptions from people in this valley, and you can help.",
        "Our subscription keeps this site running. Please consider one.",
    ],
)
def test_the_outlets_own_subscription_ask_is_still_an_appeal(text):
    assert appeal_prose(text) is not None
    assert _kinds(["Before You Go", text, "Subscribe"])[1] == "boilerplate"


@pytest.mark.parametrize(
    "text",
    ["(SOUNDBITE OF HARBOUR FOGHORN)", "(SOUNDBITE OF ARCHIVED BROADCAST)", "(BEGIN VIDEO CLIP)"],
)
def test_a_transcripts_stage_direction_is_not_a_heading(text):
    assert not heading_like(text)
    transcript = [
        "LENA ABARA, HOST: The ferry to Quillon Bay stopped running on Monday.",
        text,
        "UNIDENTIFIED PERSON: We waited on the pier for an hour, and nobody came.",
    ]
    kinds = _kinds(transcript)
    assert kinds[0] == kinds[2] == "body"
    assert kinds[1] == ("body" if len(text) >= QUALITY.too_short_chars else "boilerplate")


@pytest.mark.parametrize("text", ["(Reporting by Lena Abara; editing by Tomas Reyes)", "Sections"])
def test_other_lines_keep_their_kind(text):
    assert _kinds([STORY, text, STORY])[1] != "body"
