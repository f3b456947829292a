"""Rule errors found on the real set's development pages (issue 12), each in made-up text.

The sentences, outlets and people here are invented; no real page text is used.
"""

from __future__ import annotations

import pytest

from packager.quality.classify import classify
from packager.quality.signals import call_to_action
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
