"""The risk register (风险预案表) end to end through signed requests: `/campaign risks` opens the register with the
contract's labels, refusals on their fields save nothing, Edit changes a risk, an incident of a linked kind shows the
prepared mitigation and its owner on its card, and the review says which risks came true."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.ids import INPUT, Action, Field, View
from storage.models import AuditEntry, CampaignRisk
from tests.support import payloads
from tests.support.harness import BotHarness, response_json
from tests.support.scenarios import new_campaign

SHANGHAI = ZoneInfo("Asia/Shanghai")
METADATA = ModalMetadata(campaign_id=1).dump()
LABELS = ("Risk", "Likelihood", "Impact", "Mitigation", "Owner", "Trigger", "Incident kind")


def risk_values(*, title: str = "Main screen fails", likelihood: str | None = "medium", impact: str | None = "high",
                mitigation: str = "Backup screen on site, switch within 5 minutes", owner: str | None = "U_TECH",
                trigger: str = "", kind: str | None = "equipment") -> dict[str, Any]:
    def text(value: str) -> dict[str, Any]:
        return {INPUT: {"type": "plain_text_input", "value": value or None}}

    def select_(value: str | None) -> dict[str, Any]:
        return {INPUT: {"type": "static_select", "selected_option": {"value": value} if value else None}}

    return {Field.RISK_TITLE: text(title), Field.RISK_LIKELIHOOD: select_(likelihood),
            Field.RISK_IMPACT: select_(impact), Field.RISK_MITIGATION: text(mitigation),
            Field.RISK_OWNER: {INPUT: {"type": "users_select", "selected_user": owner}},
            Field.RISK_TRIGGER: text(trigger), Field.RISK_INCIDENT_KIND: select_(kind)}


def _campaign(bot: BotHarness) -> None:
    new_campaign(bot)
    bot.standin.reset()


def _risks(bot: BotHarness) -> list[CampaignRisk]:
    with bot.session() as session:
        return list(session.scalars(select(CampaignRisk).order_by(CampaignRisk.id)))


def _labels(view: dict[str, Any]) -> dict[str, str]:
    return {block["block_id"]: block["label"]["text"] for block in view["blocks"] if block["type"] == "input"}


def _opened(bot: BotHarness) -> dict[str, Any]:
    return bot.standin.calls_to("views.open")[-1]["view"]


def test_risks_opens_the_register_with_the_contract_labels(bot: BotHarness) -> None:
    _campaign(bot)
    response = bot.command("risks")
    assert response.status_code == 200 and response.text == ""
    view = _opened(bot)
    assert view["callback_id"] == View.RISK_REGISTER and view["title"]["text"] == "Risk register"
    assert view["submit"]["text"] == "Add risk"
    assert ModalMetadata.load(view["private_metadata"]).campaign_id == 1
    labels = _labels(view)
    for label in LABELS:
        assert any(label in text for text in labels.values()), label
    assert labels[Field.RISK_TITLE] == "Risk" and labels[Field.RISK_INCIDENT_KIND] == "Incident kind"
    by_id = {block.get("block_id"): block for block in view["blocks"]}
    levels = [o["value"] for o in by_id[Field.RISK_LIKELIHOOD]["element"]["options"]]
    assert levels == ["low", "medium", "high"]
    assert [o["value"] for o in by_id[Field.RISK_IMPACT]["element"]["options"]] == levels
    assert by_id[Field.RISK_OWNER]["element"]["type"] == "users_select"
    kinds = [o["value"] for o in by_id[Field.RISK_INCIDENT_KIND]["element"]["options"]]
    assert kinds == ["equipment", "public_opinion", "traffic", "supply", "weather", "safety"]
    assert by_id[Field.RISK_INCIDENT_KIND]["optional"] is True
    assert "No risks yet" in json.dumps(view["blocks"])
    assert "/campaign risks" in json.dumps(response_json(bot.command("help")))


def test_the_chinese_aliases_open_it_in_chinese(bot: BotHarness) -> None:
    _campaign(bot)
    bot.standin.add_user("U_ZH", locale="zh-CN", is_admin=True)  # admins keep any campaign's register
    bot.standin.add_user("U_TW", locale="zh-TW", is_admin=True)
    bot.command("风险", user="U_ZH")
    view = _opened(bot)
    assert (view["callback_id"], view["title"]["text"]) == (View.RISK_REGISTER, "风险预案表")
    assert set(_labels(view).values()) >= {"风险", "可能性", "影响", "应对措施", "负责人", "触发信号", "突发事件类型"}
    bot.command("風險預案", user="U_TW")
    view = _opened(bot)
    assert (view["callback_id"], view["title"]["text"]) == (View.RISK_REGISTER, "風險預案表")
    assert set(_labels(view).values()) >= {"風險", "可能性", "影響", "應對措施", "負責人", "觸發訊號", "突發事件類型"}


def test_a_risk_without_mitigation_or_title_is_refused_on_its_field_and_nothing_is_saved(bot: BotHarness) -> None:
    _campaign(bot)
    no_mitigation = response_json(bot.submit(View.RISK_REGISTER, risk_values(mitigation="   "),
                                             private_metadata=METADATA))
    assert no_mitigation["response_action"] == "errors"
    assert set(no_mitigation["errors"]) == {Field.RISK_MITIGATION}
    assert "mitigation" in no_mitigation["errors"][Field.RISK_MITIGATION]
    no_title = response_json(bot.submit(View.RISK_REGISTER, risk_values(title=""), private_metadata=METADATA))
    assert set(no_title["errors"]) == {Field.RISK_TITLE}
    assert "what could go wrong" in no_title["errors"][Field.RISK_TITLE]
    neither = response_json(bot.submit(View.RISK_REGISTER, risk_values(title=" ", mitigation=""),
                                       private_metadata=METADATA))
    assert set(neither["errors"]) == {Field.RISK_TITLE, Field.RISK_MITIGATION}
    tampered = response_json(bot.submit(View.RISK_REGISTER, risk_values(kind="volcano"), private_metadata=METADATA))
    assert set(tampered["errors"]) == {Field.RISK_INCIDENT_KIND}
    assert _risks(bot) == []


def test_strangers_keep_no_register(bot: BotHarness) -> None:
    _campaign(bot)
    assert "can keep its risk register" in bot.command("risks", user="U_STRANGER").text
    assert bot.standin.calls_to("views.open") == []
    refused = response_json(bot.submit(View.RISK_REGISTER, risk_values(), user="U_STRANGER",
                                       private_metadata=METADATA))
    assert "can keep its risk register" in refused["errors"][Field.RISK_TITLE]
    assert _risks(bot) == []


def test_a_risk_is_added_listed_and_edited(bot: BotHarness) -> None:
    _campaign(bot)
    assert bot.submit(View.RISK_REGISTER, risk_values(trigger="Screen flickers"), private_metadata=METADATA).text == ""
    [risk] = _risks(bot)
    assert (risk.title, risk.likelihood, risk.impact, risk.owner_id, risk.trigger, risk.incident_kind) == (
        "Main screen fails", "medium", "high", "U_TECH", "Screen flickers", "equipment")
    bot.command("risks")
    view = _opened(bot)
    [listed] = [block for block in view["blocks"] if block.get("block_id") == f"risk-{risk.id}"]
    assert "*Main screen fails*" in listed["text"]["text"] and "<@U_TECH>" in listed["text"]["text"]
    assert "Backup screen on site" in listed["text"]["text"]
    assert listed["accessory"]["action_id"] == Action.RISK_EDIT and listed["accessory"]["value"] == str(risk.id)

    bot.post(_click_in_modal(Action.RISK_EDIT, str(risk.id), view_id="V_REGISTER", metadata=METADATA))
    [updated] = bot.standin.calls_to("views.update")
    assert updated["view_id"] == "V_REGISTER"
    edit = updated["view"]
    assert edit["title"]["text"] == "Edit risk" and ModalMetadata.load(edit["private_metadata"]).risk_id == risk.id
    by_id = {block.get("block_id"): block for block in edit["blocks"]}
    assert by_id[Field.RISK_TITLE]["element"]["initial_value"] == "Main screen fails"
    assert by_id[Field.RISK_IMPACT]["element"]["initial_option"]["value"] == "high"

    changed = risk_values(title="Main screen fails", impact="medium", mitigation="Two spare screens", kind=None)
    assert bot.submit(View.RISK_REGISTER, changed, private_metadata=edit["private_metadata"]).text == ""
    [risk] = _risks(bot)
    assert (risk.impact, risk.mitigation, risk.incident_kind) == ("medium", "Two spare screens", None)
    with bot.session() as session:
        actions = session.scalars(select(AuditEntry.action).where(AuditEntry.object_type == "risk")).all()
    assert actions == ["added", "changed"]
    assert "changed a risk in the register" in json.dumps(response_json(bot.command("history")))


def _click_in_modal(action_id: str, value: str, *, view_id: str, metadata: str) -> str:
    from urllib.parse import urlencode

    payload = {
        "type": "block_actions", "team": {"id": payloads.TEAM, "domain": "acme"},
        "user": {"id": "U_OWNER", "username": "u_owner", "team_id": payloads.TEAM}, "api_app_id": "A1",
        "trigger_id": "trigger-modal", "container": {"type": "view", "view_id": view_id},
        "view": {"id": view_id, "type": "modal", "callback_id": View.RISK_REGISTER, "private_metadata": metadata,
                 "state": {"values": {}}, "hash": "h"},
        "actions": [{"action_id": action_id, "block_id": "b", "value": value, "type": "button",
                     "action_ts": "1700000002.0"}],
    }
    return urlencode({"payload": json.dumps(payload)})


def test_an_incident_of_a_linked_kind_shows_the_mitigation_and_its_owner(bot: BotHarness) -> None:
    _campaign(bot)
    assert bot.submit(View.RISK_REGISTER, risk_values(), private_metadata=METADATA).text == ""
    assert bot.submit(View.RISK_REGISTER, risk_values(title="Rain on the day", mitigation="Tent and indoor hall",
                                                      owner="U_VENUE", kind="weather"),
                      private_metadata=METADATA).text == ""
    bot.clock.set(datetime(2026, 5, 6, 14, 0, tzinfo=SHANGHAI))
    for kind in ("equipment", "traffic"):
        assert bot.submit(View.REPORT_INCIDENT, payloads.incident_values(kind=kind), user="U_REPORTER",
                          private_metadata=ModalMetadata(campaign_id=1, channel_id=payloads.CHANNEL).dump()).text == ""
    cards = [post for post in bot.standin.calls_to("chat.postMessage")
             if post["channel"] == payloads.CHANNEL and any(b.get("block_id", "").startswith("incident-card-")
                                                            for b in post.get("blocks") or [])]
    assert len(cards) == 2
    blocks = {b.get("block_id"): b for b in cards[0]["blocks"]}
    prepared = blocks["incident-mitigation"]["text"]["text"]
    assert "Prepared in the risk register" in prepared
    assert "*Main screen fails*: Backup screen on site, switch within 5 minutes (owner <@U_TECH>)" in prepared
    assert "Rain on the day" not in prepared
    # Above the card's buttons, which stay last.
    assert cards[0]["blocks"][-1]["type"] == "actions"
    assert "incident-mitigation" not in {b.get("block_id") for b in cards[1]["blocks"]}  # nothing prepared for it
    # A later edit of the card (Acknowledge) still shows it.
    bot.standin.reset_calls()
    bot.click(Action.INCIDENT_ACKNOWLEDGE, "1", user="U_OWNER")
    edits = [call for call in bot.standin.calls_to("chat.update")]
    assert edits and "Backup screen on site" in json.dumps(edits[-1]["blocks"])


def test_the_review_says_which_risks_came_true(bot: BotHarness) -> None:
    _campaign(bot)
    for values in (risk_values(), risk_values(title="Rain on the day", mitigation="Tent", kind="weather"),
                   risk_values(title="Agency late", mitigation="Second agency on call", kind=None)):
        assert bot.submit(View.RISK_REGISTER, values, private_metadata=METADATA).text == ""
    bot.approve("1")
    bot.clock.set(datetime(2026, 5, 6, 14, 0, tzinfo=SHANGHAI))
    metadata = ModalMetadata(campaign_id=1, channel_id=payloads.CHANNEL).dump()
    for _ in range(2):
        bot.submit(View.REPORT_INCIDENT, payloads.incident_values(kind="equipment"), user="U_REPORTER",
                   private_metadata=metadata)
    bot.standin.reset_calls()
    bot.command("summary")
    [review] = [post for post in bot.standin.calls_to("chat.postMessage") if "review" in post["text"]]
    risks = next(b["text"]["text"] for b in review["blocks"] if b.get("block_id") == "review-risks")
    assert risks.splitlines() == [
        "*Risks*",
        "⚠️ Came true: Main screen fails (2 incidents: Equipment / tech failure (设备故障))",
        "✅ Never happened: Rain on the day",
        "✅ Never happened: Agency late",
    ]
    satisfaction = next(b["text"]["text"] for b in review["blocks"] if b.get("block_id") == "review-satisfaction")
    assert satisfaction == "*Satisfaction*\nSatisfaction: no answers yet"
