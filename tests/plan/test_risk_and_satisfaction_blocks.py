"""The risk register modal, the prepared mitigation on an incident card, the satisfaction question, and the review's
lines about both: within Slack's limits, user text escaped, in each language."""

from __future__ import annotations

from decimal import Decimal

from slack_sdk.models.blocks import ActionsBlock, ButtonElement, SectionBlock

from bot.feedback.blocks.satisfaction import question_blocks, satisfaction_text
from bot.feedback.rules.satisfaction import Tally
from bot.plan.blocks.risks import edit_modal, prepared_mitigation, register_modal, with_prepared
from bot.plan.rules.risks import REGISTER_MAX, RiskItem, RiskOutcome
from bot.review.blocks.follow_through import follow_through_sections
from bot.review.rules.follow_through import FollowThrough
from tests.review.test_review_rendering import package

HOSTILE = "<!channel> & co"


def _risk(risk_id: int, **changes: object) -> RiskItem:
    data: dict[str, object] = {"id": risk_id, "title": f"Risk {risk_id} {HOSTILE}", "likelihood": "high",
                               "impact": "medium", "mitigation": "备用 " * 400, "owner_id": "U_TECH",
                               "trigger": "t" * 300, "incident_kind": "equipment"}
    data.update(changes)
    return RiskItem(**data)  # type: ignore[arg-type]


def test_a_full_register_fits_in_one_modal_and_escapes_what_was_typed() -> None:
    view = register_modal(name=HOSTILE, risks=[_risk(n) for n in range(1, REGISTER_MAX + 1)], metadata="{}",
                          locale="zh-CN").to_dict()  # to_dict validates Slack's limits
    assert len(view["blocks"]) <= 100
    text = str(view["blocks"])
    assert "<!channel>" not in text and "&lt;!channel&gt; &amp; co" in text
    assert view["title"]["text"] == "风险预案表" and view["submit"]["text"] == "添加风险"
    edit = edit_modal(risk=_risk(1, owner_id=None, incident_kind=None), metadata="{}", locale="zh-TW").to_dict()
    assert edit["title"]["text"] == "編輯風險"


def test_the_prepared_mitigation_goes_above_the_cards_buttons() -> None:
    card = [SectionBlock(text="card"), ActionsBlock(elements=[ButtonElement(text="Ack", action_id="a")])]
    prepared = prepared_mitigation([_risk(1), _risk(2, owner_id=None)], "en")
    shown = with_prepared(card, prepared)
    assert [block.type for block in shown] == ["section", "section", "actions"]
    text = shown[1].to_dict()["text"]["text"]
    assert "(owner <@U_TECH>)" in text and "(owner nobody named)" in text and "<!channel>" not in text
    assert with_prepared(card, prepared_mitigation([], "en")) == card
    assert with_prepared(card[:1], prepared)[-1] is prepared[0]  # a resolved card has no buttons left


def test_the_question_counts_answers_never_names_them() -> None:
    blocks = [block.to_dict() for block in question_blocks(campaign_id=7, name=HOSTILE, answers=1, locale="en")]
    assert "&lt;!channel&gt;" in blocks[0]["text"]["text"]
    assert [e["action_id"] for e in blocks[1]["elements"]] == [f"satisfaction_{n}" for n in range(1, 6)]
    assert {e["value"] for e in blocks[1]["elements"]} == {"7"}
    assert blocks[2]["elements"][0]["text"].endswith("1 answer so far")
    zh = question_blocks(campaign_id=7, name="x", answers=3, locale="zh-TW")[2].to_dict()
    assert "已有 3 人作答" in zh["elements"][0]["text"]


def test_satisfaction_in_words() -> None:
    assert satisfaction_text(Tally(6, Decimal("4.2")), "en") == "Satisfaction 4.2 / 5 from 6 answers"
    assert satisfaction_text(Tally(1, Decimal("5.0")), "en") == "Satisfaction 5 / 5 from 1 answer"
    assert satisfaction_text(Tally(), "en") == "Satisfaction: no answers yet"
    assert satisfaction_text(Tally(6, Decimal("4.2")), "zh-CN") == "满意度 4.2 / 5，共 6 人作答"
    assert satisfaction_text(Tally(), "zh-TW") == "滿意度：還沒有人作答"


def test_the_review_sections_say_what_came_true() -> None:
    follow = FollowThrough(risks=(RiskOutcome(HOSTILE, "weather", 1), RiskOutcome("Agency late", None, 0)),
                           satisfaction=Tally(2, Decimal("3.5")))
    reviewed = package()
    reviewed = type(reviewed)(reviewed.subject, reviewed.review, follow)
    sections = {key: (title, lines) for key, title, lines in follow_through_sections(reviewed, "en", safe=str)}
    assert sections["risks"] == ("Risks", (
        f"⚠️ Came true: {HOSTILE} (1 incident: Weather (天气突变))", "✅ Never happened: Agency late"))
    assert sections["satisfaction"] == ("Satisfaction", ("Satisfaction 3.5 / 5 from 2 answers",))
    empty = {key: lines for key, _, lines in follow_through_sections(package(), "zh-CN", safe=str)}
    assert empty == {"risks": ("未登记风险。",), "satisfaction": ("满意度：还没有人作答",)}
