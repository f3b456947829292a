"""The paragraph kinds and flag codes, and what each one means.

The words a release uses: :mod:`packager.quality.classify` gives them out, the dataset
card (:mod:`packager.export.card`) explains them. Kept here, below both, so that
writing a release needs nothing from the steps that decide them.
"""

from __future__ import annotations

KIND_MEANINGS = {
    "body": "the article's own reporting",
    "heading": "a sub-heading (in the story or of a promo section)",
    "byline": "author blurb, sign-off or credit line",
    "boilerplate": "page furniture: appeals, buttons, sign-in prompts, teasers",
}
FLAG_MEANINGS = {
    "repeated-in-article": "the same text more than once in the article (count)",
    "repeated-across-source": "in several articles of one publisher or folder (count, group)",
    "template-text": "in template_min_articles distinct articles of one group, near-copies "
    "once (count, share and group)",
    "call-to-action": "subscribe/sign-in/donate/newsletter/paywall wording (the words)",
    "appeal-prose": "the outlet asking for support in its own voice: we/our, support, "
    "membership, paywall, the reader addressed (the words)",
    "sign-off": 'a closing ("Thank you,") or a signer\'s name and title at the outlet '
    "(closing or name-title)",
    "promo-block": "part of a run of non-body paragraphs (run length, positions)",
    "too-short": "a fragment that does not end like a sentence (length)",
    "no-letters": "only digits, punctuation, symbols or emoji",
    "credit-line": "byline or credit wording (the words)",
    "heading-like": "short line shaped like a sub-heading",
    "control-characters": "control characters other than tab (count, the code points)",
    "mojibake": "text decoded with the wrong code page upstream (ftfy's repair)",
    "very-long": "longer than long_paragraph_chars (length)",
    "model-furniture": "a short paragraph the rules left as body that the furniture model "
    "scores at or above its threshold (the score)",
}
