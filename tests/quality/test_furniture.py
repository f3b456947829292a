"""Page furniture that passes as prose: appeals in the outlet's voice, sign-offs, template text.

The outlet, its people and its stories are made up for these tests.
"""

from __future__ import annotations

import json

import pytest

from packager.build import build_release
from packager.labeling.scheme import load_scheme
from packager.labeling.task_files import export_release
from packager.quality.appeals import appeal_prose, sign_off
from packager.quality.classify import classify
from packager.quality.survey import SurveyBuilder
from packager.settings import BuildSettings, QualitySettings

from ..conftest import REPO

QUALITY = QualitySettings()
GROUP = ("folder:brackwater-ledger",)

# The same 19 paragraphs end every story of the Brackwater Ledger.
PROMO = [
    "Odile Marchetti reports on housing and city hall for the Brackwater Ledger. "
    "Reach her at omarchetti@example.org.",
    "Before you go",
    "If you value the reporting you just read, we have a small favour to ask.",
    "You’ve read 4 articles this month. Unlike many other outlets, we have no paywall: every "
    "story we publish stays free to read for everyone in the valley.",
    "That is only possible because readers like you chip in. Our journalism is funded by our "
    "members, not by a billionaire owner or by advertisers who expect favours in return.",
    "As our bureau chief, I work to make sure the stories that matter to Brackwater get heard, "
    "from the council chamber to the school board. That work takes time, and time costs money.",
    "Your support helps us hire reporters, file public records requests and keep our newsroom "
    "independent of anyone who would rather we stayed quiet.",
    "More than 3,000 readers already support our work. We would love you to join them.",
    "Becoming a member takes less than a minute, and you can cancel any time.",
    "Thank you,",
    "Hedda Lindqvist-Ward, Editor-in-Chief of the Brackwater Ledger",
    "Become a member for $5 a month",
    "Make a one-time donation",
    "Already a member? Sign in",
    "Sign in with your email to comment",
    "Register for free",
    "Share this article",
    "Subscribe to our newsletter",
    "Thanks for reading the Brackwater Ledger.",
]
QUOTED_TWICE = (
    "“We will not close a single branch while I am in office,” Mayor Ingrid Sølvberg said in a "
    "statement on Monday."
)
NO_COMMENT = "The county did not respond to a request for comment."
STORIES = {
    "library-hours": [
        "Brackwater’s three public libraries will open on Sunday afternoons from March, the "
        "library board decided on Thursday, reversing cuts made four years ago.",
        "The board will pay for the extra hours by moving $84,000 from its book-repair budget, "
        "which has been underspent since the bindery on Mill Lane closed.",
        QUOTED_TWICE,
        "Branch librarian Tomasz Okonjo said children’s reading groups had been the first casualty "
        "of the cuts. “We lost a whole generation of Sunday readers,” he said.",
        NO_COMMENT,
    ],
    "food-bank-drive": [
        "The Brackwater Food Bank’s winter donation drive raised $12,400 in its first week, "
        "about twice what organisers expected, after a cold snap emptied its shelves.",
        "Volunteers will collect donations at the Quay Street depot every Saturday until the end "
        "of February, and residents can also give online through the food bank’s website.",
        "“Your support keeps our shelves full when families need us most,” said director "
        "Amara Feltham, who thanked the schools that ran collection days.",
        "The food bank serves about 400 households a week, up from 260 two years ago.",
        NO_COMMENT,
    ],
    "gazette-paywall": [
        "The Harlow Valley Gazette, Brackwater’s other paper, will put its whole archive behind a "
        "paywall from April, its owners announced, and raise the price of a digital "
        "subscription to $11 a month.",
        "Subscriptions at the Gazette have fallen by a fifth since 2022, according to figures "
        "its parent company filed with regulators, while advertising revenue has halved.",
        "Media analyst Priyanka Aldous said readers tended to accept a paywall when a paper "
        "offered something they could not find elsewhere. “Support follows scoops,” she said.",
        "The Gazette’s editor did not answer questions about job cuts.",
    ],
    "bridge-closure": [
        "The Weir Street bridge will close to cars for six weeks from Monday while engineers "
        "replace two rusted bearings, the county’s highways department said.",
        "Buses will divert over the Tanner’s Row crossing, adding about ten minutes to the "
        "journey between the station and the hospital.",
        "Shopkeepers on Weir Street said they had been given a week’s notice. Bakery owner "
        "Lucía Barrientos said she expected takings to fall by a third.",
        NO_COMMENT,
    ],
    "branch-budget": [
        "The city’s draft budget would cut opening hours at two of Brackwater’s community "
        "centres, a council paper published on Friday shows.",
        QUOTED_TWICE,
        "Council finance chair Desmond Achterberg said the centres would stay open but share "
        "staff, and that no redundancies were planned.",
        "The budget goes to a vote on 14 March.",
    ],
    "rowing-club": [
        "Brackwater Rowing Club will build a new boathouse on the north bank after winning "
        "a $310,000 grant from the regional sports fund.",
        "The club, founded in 1894, has stored its boats in a rented warehouse since floods "
        "wrecked its old shed in 2020.",
        "Members raised a further $45,000 through a sponsored row from Brackwater to the "
        "estuary and back last summer.",
        "Building work is due to start in May.",
    ],
}


def _corpus_survey(stories):
    builder = SurveyBuilder(QUALITY.near_duplicate_threshold, 64)
    for number, paragraphs in enumerate(stories):
        builder.add(f"{number:020d}", GROUP, paragraphs, paragraphs)
    return builder.finish()


def _kinds(paragraphs, survey=None):
    return [kind for kind, _ in classify(paragraphs, GROUP, survey, QUALITY)]


@pytest.fixture(scope="module")
def ledger_release(tmp_path_factory):
    root = tmp_path_factory.mktemp("in")
    folder = root / "brackwater-ledger"
    folder.mkdir()
    for slug, body in STORIES.items():
        (folder / f"{slug}.txt").write_text("\n".join(body + PROMO) + "\n", encoding="utf-8")
    settings = BuildSettings(name="brackwater", version="1.0.0")
    return build_release([root], settings, tmp_path_factory.mktemp("dist")).release


def _records(release, name):
    return [json.loads(line) for line in (release / name).read_text().splitlines()]


def test_built_together_every_promo_paragraph_is_furniture_and_no_body_paragraph_is(
    ledger_release,
):
    paragraphs = _records(ledger_release, "paragraphs.jsonl")
    articles = {a["article_id"]: a for a in _records(ledger_release, "articles.jsonl")}
    assert len(articles) == len(STORIES)
    by_article: dict[str, list[dict]] = {}
    for paragraph in paragraphs:
        by_article.setdefault(paragraph["article_id"], []).append(paragraph)
    for article_paragraphs in by_article.values():
        body, promo = article_paragraphs[: -len(PROMO)], article_paragraphs[-len(PROMO) :]
        assert [p["text"] for p in promo] == PROMO
        assert [p["kind"] for p in body] == ["body"] * len(body), [p["text"] for p in body]
        assert all(p["kind"] != "body" for p in promo), [
            p["text"] for p in promo if p["kind"] == "body"
        ]
        # every pitch paragraph carries the outlet's evidence
        for paragraph in promo:
            codes = {f["code"] for f in paragraph["flags"]}
            assert {"repeated-across-source", "template-text", "promo-block"} <= codes
        sign_offs = [p for p in promo if p["text"] in PROMO[9:11]]
        assert [p["kind"] for p in sign_offs] == ["boilerplate", "byline"]
    template = next(
        f
        for p in paragraphs
        if p["text"] == PROMO[4]
        for f in p["flags"]
        if f["code"] == "template-text"
    )
    assert template == {
        "code": "template-text",
        "count": 6,
        "detail": "6 of 6 articles (100%) of folder:brackwater-ledger",
    }


def test_single_article_mode_flags_the_promo_block_without_a_corpus():
    for slug, body in STORIES.items():
        result = classify(body + PROMO, GROUP, None, QUALITY)
        kinds = [kind for kind, _ in result]
        assert kinds[: len(body)] == ["body"] * len(body), slug
        promo = kinds[len(body) :]
        assert sum(kind != "body" for kind in promo) >= 18, list(zip(PROMO, promo, strict=True))
        assert "heading" not in promo[2:]  # only "Before you go" may be a heading
    result = classify(STORIES["rowing-club"] + PROMO, GROUP, None, QUALITY)
    appeals = [
        text
        for text, (_, flags) in zip(STORIES["rowing-club"] + PROMO, result, strict=True)
        if any(f["code"] == "appeal-prose" for f in flags)
    ]
    assert appeals == PROMO[2:8]


def test_the_body_only_label_studio_export_carries_no_furniture(ledger_release, tmp_path):
    scheme = load_scheme(REPO / "tests" / "data" / "labeling" / "scheme.yaml")
    export_release(ledger_release, "label-studio", scheme, tmp_path / "ls")
    tasks = [
        task
        for path in sorted((tmp_path / "ls").glob("tasks-*.json"))
        for task in json.loads(path.read_text())
    ]
    texts = [task["data"]["text"] for task in tasks]
    assert len(texts) == sum(len(body) for body in STORIES.values())
    assert not set(texts) & set(PROMO)
    for text in texts:
        for word in ("member", "Sign in", "Subscribe", "Thank you", "Editor-in-Chief", "Share"):
            assert word not in text


@pytest.mark.parametrize(
    "text",
    [
        # a charity's donation drive, reported
        STORIES["food-bank-drive"][0],
        STORIES["food-bank-drive"][1],
        # an appeal quoted in a story is news
        STORIES["food-bank-drive"][2],
        "We need your support to keep our shelter open, director Ana Lutz told volunteers.",
        # a paywall story, in the third person
        STORIES["gazette-paywall"][0],
        STORIES["gazette-paywall"][1],
        "The Gazette’s owners say subscribers who support the paper will keep free access.",
        # "US" is a country; "our" without an ask is a story's own voice
        "US support for the plan fell sharply after the vote.",
        "Our reporters visited all three branches last week.",
        # in German, French and Spanish
        "Die Tafel sammelt Spenden für den Winter, sagte die Leiterin.",
        "Le quotidien a rendu son abonnement payant obligatoire en avril.",
        "El banco de alimentos recibió donaciones de 300 familias.",
    ],
)
def test_news_about_donations_paywalls_and_support_is_not_an_appeal(text):
    assert appeal_prose(text) is None
    assert _kinds(["A story opens here, with a full sentence of reporting.", text]) == [
        "body",
        "body",
    ]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (PROMO[3], "you've read"),
        (PROMO[5], "as our bureau chief, i"),
        (PROMO[6], "support"),
        ("Unterstützen Sie unseren Journalismus: Werden Sie Mitglied.", "journalismus"),
        ("Soutenez notre rédaction : votre don compte, abonnez-vous.", "rédaction"),
        ("Apoya nuestro periodismo: hazte socio hoy.", "periodismo"),
    ],
)
def test_the_appeal_voice_in_several_languages(text, words):
    found = appeal_prose(text)
    assert found is not None and found[0] == "strong" and words in found[1]


def test_an_editorial_in_the_first_person_plural_stays_body():
    editorial = (
        "If you care about this town, you should support our libraries at the ballot box, "
        "as we have argued in this column for a decade."
    )
    assert appeal_prose(editorial)[0] == "weak"
    body = "The library levy goes to voters on 14 March."
    assert _kinds([body, editorial, body]) == ["body", "body", "body"]
    assert _kinds([body, editorial]) == ["body", "body"]


def test_a_weak_appeal_counts_only_next_to_furniture():
    weak = "We are funded by donations from people in this valley."
    assert appeal_prose(weak) == ("weak", "we, funded by, donations")
    body = "The harbour trust met on Friday and agreed to add two sailings."
    assert _kinds([body, weak, body]) == ["body", "body", "body"]
    result = classify([body, weak, "Donate"], GROUP, None, QUALITY)
    assert [kind for kind, _ in result] == ["body", "boilerplate", "boilerplate"]
    assert {"code": "appeal-prose", "count": None, "detail": "we, funded by, donations"} in result[
        1
    ][1]


@pytest.mark.parametrize(
    ("text", "kind", "shape"),
    [
        ("Thank you,", "boilerplate", "closing"),
        ("Thanks for reading", "boilerplate", "closing"),
        ("Merci,", "boilerplate", "closing"),
        ("Hedda Lindqvist-Ward, Editor-in-Chief of the Brackwater Ledger", "byline", "name-title"),
        ("— Ana Ruiz, bureau chief at Hill Country Wire", "byline", "name-title"),
        ("Jonas Brell, Chefredakteur der Talbote", "byline", "name-title"),
    ],
)
def test_sign_offs_are_never_headings(text, kind, shape):
    assert sign_off(text)[0] == shape
    body = "The harbour trust met on Friday and agreed to add two sailings."
    result = classify([body, text], GROUP, None, QUALITY)
    assert result[1][0] == kind
    assert {"code": "sign-off", "count": None, "detail": shape} in result[1][1]


@pytest.mark.parametrize(
    "text",
    [
        "Maria Kovac, director of the food bank, said the drive raised $4,000.",
        "Thank you for your patience, the mayor told residents.",
        "Results: Ardley 3, Benholm 1.",
    ],
)
def test_lines_that_only_look_like_sign_offs(text):
    assert sign_off(text) is None


def test_a_statement_quoted_in_two_stories_is_not_template_text():
    survey = _corpus_survey([STORIES["library-hours"], STORIES["branch-budget"]])
    result = classify(STORIES["library-hours"], GROUP, survey, QUALITY)
    kind, flags = result[2]
    assert kind == "body"
    assert flags == [{"code": "repeated-across-source", "count": 2, "detail": GROUP[0]}]


def test_a_stock_sentence_ending_many_stories_stays_body():
    stories = [STORIES[s] + PROMO for s in ("library-hours", "food-bank-drive", "bridge-closure")]
    survey = _corpus_survey(stories)
    for story in stories:
        kinds = _kinds(story, survey)
        assert kinds[story.index(NO_COMMENT)] == "body"
        assert all(kind != "body" for kind in kinds[-len(PROMO) :])


def test_near_copies_count_once_and_a_reporting_paragraph_they_share_stays_body():
    story = STORIES["rowing-club"] + [
        f"Sentence {n} of the syndicated story about the boathouse, its grant and the river."
        for n in range(12)
    ]
    copies = [story, story[:-1], [*story[:-2], "A different last line for this copy."]]
    survey = _corpus_survey(copies)
    assert len(survey.duplicate_of) == 2
    assert survey.template_count(GROUP, story[0]).distinct == 1
    result = classify(story, GROUP, survey, QUALITY)
    assert [kind for kind, _ in result] == ["body"] * len(story)
    assert all(f["code"] != "template-text" for _, flags in result for f in flags)
    # a button they share is template text all the same: it does not read as reporting
    result = classify(
        [*story, "Share this article"],
        GROUP,
        _corpus_survey([[*c, "Share this article"] for c in copies]),
        QUALITY,
    )
    assert any(f["code"] == "template-text" for f in result[-1][1])


def test_a_run_of_repeated_paragraphs_between_headings_joins_as_one_unit():
    pitch = [
        "The Ledger has covered this valley since 1911, through two floods and a fire.",
        "Every week our six reporters sit through meetings nobody else attends.",
        "Last year that meant 212 council and school board sessions.",
        "It is slow work, and it is the work that matters most.",
    ]
    tail = ["Why the Ledger matters", *pitch, "What comes next for the newsroom"]
    stories = [[f"Story {n} opens with a sentence of its own reporting.", *tail] for n in range(2)]
    survey = _corpus_survey(stories)  # two articles: below template_min_articles
    assert _kinds(stories[0], survey) == ["body"] + ["heading"] + ["boilerplate"] * 4 + ["heading"]
    assert _kinds(stories[0]) == ["body", "heading", "body", "body", "body", "body", "heading"]


# The furniture model (issue 12): short paragraphs the rules leave as body.

FERRY_STORY = [
    "The Brackwater council voted on Tuesday night to close the old ferry pier for repairs, a "
    "decision that left dozens of commuters looking for another way across the estuary.",
    "Harbour master Ines Vollmer said the pilings had rotted further than engineers had "
    "expected when they first inspected them in the spring, and that the work would take "
    "at least four months.",
    "Commuters who use the ferry every day said the closure would add an hour to their trips.",
    "The council will hold a public meeting on the repairs next month at the town hall.",
]
FERRY_PAGE = [
    "Home",
    "News",
    "Ferry pier to close for four months",
    *FERRY_STORY,
    "Most read",
    "Storm knocks out power to thousands across the valley",
    "What you need to know about the new parking rules downtown",
    "About us",
]


def test_the_model_takes_a_teaser_title_the_rules_leave_and_keeps_the_story(monkeypatch):
    import dataclasses

    from packager.quality import classify as classify_module

    shipped = classify_module.shipped_model()
    # furniture-linear@5 scores this teaser about 0.99, under its threshold (0.996,
    # chosen for fewer body losses): shipped, the teaser stays body ...
    assert classify(FERRY_PAGE, GROUP, None, QUALITY)[-2][0] == "body"
    # ... and at a lower threshold the same weights take it and keep the story
    lower = dataclasses.replace(shipped, threshold=0.95)
    monkeypatch.setattr(classify_module, "shipped_model", lambda: lower)
    result = classify(FERRY_PAGE, GROUP, None, QUALITY)
    kinds = [kind for kind, _ in result]
    assert kinds[3:7] == ["body"] * 4
    teaser = FERRY_PAGE.index("What you need to know about the new parking rules downtown")
    kind, flags = result[teaser]
    assert kind == "boilerplate"
    model = next(f for f in flags if f["code"] == "model-furniture")
    assert 0.5 <= float(model["detail"]) <= 1.0
    # rules only: the 12-word title is too long to be heading-like, so it stays body
    rules_only = classify(FERRY_PAGE, GROUP, None, QualitySettings(furniture_model=None))
    assert rules_only[teaser][0] == "body"
    assert all(f["code"] != "model-furniture" for _, fs in rules_only for f in fs)


def test_an_unknown_furniture_model_is_refused():
    with pytest.raises(ValueError, match="furniture-linear@5"):
        classify(FERRY_PAGE, GROUP, None, QualitySettings(furniture_model="furniture-linear@0"))


def test_the_shipped_model_is_small_and_names_itself_in_the_settings():
    from packager.quality.model import MODEL_PATH, shipped_model

    assert MODEL_PATH.stat().st_size < 300_000
    assert QualitySettings().furniture_model == shipped_model().label


def test_supporters_in_a_columns_we_is_not_an_appeal():
    column = (
        "We’re a long way from becoming a nation of flag football supporters, but I hope the "
        "momentum grows for finding ways to create a sport that is a lot less violent."
    )
    assert appeal_prose(column) is None
    assert appeal_prose("We are funded by donations from people in this valley.") is not None


def test_an_address_in_a_longer_sentence_is_not_the_authors_contact():
    from packager.quality.signals import byline

    tip = (
        "Those with information on the break-in are asked to contact the Brackwater police "
        "tip line at 555-0199 or e-mail tips@example.org."
    )
    assert byline(tip) is None
    assert byline("Reach Odile Marchetti at omarchetti@example.org.") is not None
    # unspaced scripts count words by characters: a Japanese blurb is still short
    assert byline(
        "佐伯美波　霧ヶ岬新報記者。町政と港湾を担当しています。情報提供はmsaeki@example.orgまで。"
    )


def test_the_model_never_scores_a_sentence_between_two_body_paragraphs():
    from packager.quality.model import candidates

    texts = [*FERRY_STORY[:2], "Commuters said the closure would add an hour.", FERRY_STORY[3]]
    furniture = [False] * 4
    assert 2 not in candidates(texts, furniture)  # 8 words, a sentence, body on both sides
    assert 2 in candidates(texts, [False, True, False, False])  # furniture beside it
    title = "Commuters say closure would add an hour to their trips"  # no full stop
    assert 2 in candidates([*texts[:2], title, texts[3]], furniture)


def test_the_model_counts_unspaced_scripts_by_characters():
    from packager.quality.model import MAX_WORDS, candidates

    long_chinese = "中" * (2 * MAX_WORDS + 2)  # one "word" by spaces, 41 by characters
    assert candidates([long_chinese, "短标题"], [False, False]) == [1]
