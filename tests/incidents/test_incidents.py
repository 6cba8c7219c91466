"""Incidents through signed requests: `/campaign incident`, the report modal, Acknowledge / Resolve / Escalate,
and the emergency plan modal."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.ids import Action, Field, View
from storage.models import Campaign, Incident, IncidentEvent, OutboxMessage
from tests.support import payloads
from tests.support.harness import BotHarness, response_json
from tests.support.scenarios import new_campaign

SHANGHAI = ZoneInfo("Asia/Shanghai")
REPORTED = datetime(2026, 5, 6, 14, 0, tzinfo=SHANGHAI)
BUTTONS = [Action.INCIDENT_ACKNOWLEDGE, Action.INCIDENT_RESOLVE, Action.INCIDENT_ESCALATE, Action.INCIDENT_ADJUST]


def _set_plan(bot: BotHarness, campaign_id: int, *, responders: dict[str, str] | None = None,
              sponsor: str | None = None, user: str = "U_OWNER") -> Any:
    return bot.submit(View.EMERGENCY_PLAN, payloads.plan_values(responders=responders, sponsor=sponsor), user=user,
                      private_metadata=ModalMetadata(campaign_id=campaign_id, channel_id=payloads.CHANNEL).dump())


def _report(bot: BotHarness, campaign_id: int, *, user: str = "U_REPORTER", **values: Any) -> Any:
    bot.clock.set(REPORTED)
    return bot.submit(View.REPORT_INCIDENT, payloads.incident_values(**values), user=user,
                      private_metadata=ModalMetadata(campaign_id=campaign_id, channel_id=payloads.CHANNEL).dump())


def _incident(bot: BotHarness) -> Incident:
    with bot.session() as session:
        return session.scalars(select(Incident)).one()


def _events(bot: BotHarness) -> list[tuple[str, str | None, datetime]]:
    with bot.session() as session:
        return [(e.kind, e.actor_id, e.at) for e in session.scalars(select(IncidentEvent).order_by(IncidentEvent.id))]


def _posts(bot: BotHarness, channel: str) -> list[dict[str, Any]]:
    return [post for post in bot.standin.calls_to("chat.postMessage") if post["channel"] == channel]


def _buttons(blocks: list[dict[str, Any]]) -> list[str]:
    return [e["action_id"] for b in blocks if b["type"] == "actions" for e in b["elements"]]


def _card_ts(bot: BotHarness) -> str:
    with bot.session() as session:
        row = session.scalars(select(OutboxMessage).where(OutboxMessage.idempotency_key == "incident:1:card")).one()
        assert row.status == "sent" and row.message_ts
        return row.message_ts


def _click(bot: BotHarness, action: Action, user: str, *, minutes: int, **kwargs: Any) -> Any:
    bot.clock.set(REPORTED + timedelta(minutes=minutes))
    kwargs.setdefault("message_ts", _card_ts(bot))
    return bot.click(action, "1", user=user, **kwargs)


# --- `/campaign incident` and its modal ---------------------------------------------------------------------------

def test_incident_opens_the_modal_with_the_contract_labels(bot: BotHarness) -> None:
    new_campaign(bot)
    bot.standin.reset()
    response = bot.command("incident", user="U_ANYONE")
    assert response.status_code == 200 and response.text == ""
    [opened] = bot.standin.calls_to("views.open")
    view = opened["view"]
    assert view["callback_id"] == View.REPORT_INCIDENT and len(view["title"]["text"]) <= 24
    assert ModalMetadata.load(view["private_metadata"]).campaign_id == 1
    by_id = {block.get("block_id"): block for block in view["blocks"]}
    assert "Kind" in by_id[Field.INCIDENT_KIND]["label"]["text"]
    assert "Severity" in by_id[Field.INCIDENT_SEVERITY]["label"]["text"]
    assert "Description" in by_id[Field.INCIDENT_DESCRIPTION]["label"]["text"]
    kinds = [option["value"] for option in by_id[Field.INCIDENT_KIND]["element"]["options"]]
    assert kinds == ["equipment", "public_opinion", "traffic", "supply", "weather", "safety"]
    assert by_id[Field.INCIDENT_SEVERITY]["element"]["initial_option"]["value"] == "minor"
    description = by_id[Field.INCIDENT_DESCRIPTION]["element"]
    assert description["multiline"] is True and description["max_length"] == 2000
    assert "Spring Sale" in json.dumps(view["blocks"][0])


def test_incident_by_name_from_elsewhere_and_in_help(bot: BotHarness) -> None:
    new_campaign(bot)
    bot.command("incident Spring Sale", channel="C_ELSEWHERE")
    assert bot.standin.calls_to("views.open")[0]["view"]["callback_id"] == View.REPORT_INCIDENT
    assert "I can't find a live campaign called “Autumn”" in bot.command("incident Autumn", channel="C_ELSEWHERE").text
    assert len(bot.standin.calls_to("views.open")) == 1
    assert "/campaign incident" in json.dumps(response_json(bot.command("help")))


def test_a_closed_campaign_takes_no_reports(bot: BotHarness) -> None:
    campaign_id = new_campaign(bot)
    with bot.session() as session:
        session.get(Campaign, campaign_id).status = "closed"  # type: ignore[union-attr]
    assert "closed" in bot.command("incident #1").text
    refused = _report(bot, campaign_id)
    assert "closed" in response_json(refused)["errors"][Field.INCIDENT_DESCRIPTION]
    with bot.session() as session:
        assert session.scalars(select(Incident)).all() == []


def test_invalid_report_is_answered_on_the_field_and_nothing_is_saved(bot: BotHarness) -> None:
    campaign_id = new_campaign(bot)
    bot.standin.reset()
    empty = _report(bot, campaign_id, description="   ")
    assert response_json(empty) == {"response_action": "errors",
                                    "errors": {Field.INCIDENT_DESCRIPTION: "Please fill this in."}}
    too_long = _report(bot, campaign_id, description="x" * 2001)
    assert "under 2000 characters" in response_json(too_long)["errors"][Field.INCIDENT_DESCRIPTION]
    no_kind = _report(bot, campaign_id, kind=None)
    assert set(response_json(no_kind)["errors"]) == {Field.INCIDENT_KIND}
    with bot.session() as session:
        assert session.scalars(select(Incident)).all() == []
        # The campaign's own card went through the outbox too; nothing about an incident did.
        assert session.scalars(select(OutboxMessage.kind)).all() == ["campaign_card"]
    assert bot.standin.calls_to("chat.postMessage") == []


def test_report_by_anyone_is_posted_with_buttons_and_dmed_to_the_responder(bot: BotHarness) -> None:
    campaign_id = new_campaign(bot)
    assert _set_plan(bot, campaign_id, responders={"equipment": "U_TECH"}, sponsor="U_BOSS").text == ""
    bot.standin.reset()

    response = _report(bot, campaign_id, description="Main screen <!channel> down\nat the east stage")
    assert response.status_code == 200 and response.text == ""
    incident = _incident(bot)
    assert (incident.kind, incident.severity, incident.status, incident.reporter_id, incident.responder_id) == (
        "equipment", "minor", "open", "U_REPORTER", "U_TECH"
    )
    assert incident.created_at == REPORTED and incident.next_step_at == REPORTED + timedelta(minutes=5)
    assert [kind for kind, _actor, _at in _events(bot)] == ["opened", "notified"]

    [card] = _posts(bot, payloads.CHANNEL)
    assert _buttons(card["blocks"]) == BUTTONS
    text = json.dumps(card["blocks"], ensure_ascii=False)
    assert "Incident #1 — Equipment / tech failure (设备故障)" in text
    assert "&lt;!channel&gt;" in text and "<!channel>" not in text
    assert "Acknowledge within 5 min" in text and "Resolve within 30 min" in text
    assert "<@U_TECH>" in text and "<@U_REPORTER>" in text
    [dm] = _posts(bot, "U_TECH")
    assert dm["text"].startswith("🚨 You're the responder for *Equipment / tech failure (设备故障)* problems")
    assert "<@U_REPORTER> reported incident #1 (Minor (轻度)). Please acknowledge it within 5 min." in dm["text"]
    assert _buttons(dm["blocks"]) == BUTTONS
    assert _posts(bot, "U_OWNER") == [] and _posts(bot, "U_BOSS") == []  # minor: the responder is enough


def test_without_a_plan_the_owner_is_the_responder(bot: BotHarness) -> None:
    campaign_id = new_campaign(bot)
    bot.standin.reset()
    _report(bot, campaign_id, kind="weather", description="Typhoon warning for Saturday")
    assert _incident(bot).responder_id == "U_OWNER"
    [dm] = _posts(bot, "U_OWNER")
    assert "You're the responder for *Weather (天气突变)* problems" in dm["text"]
    assert "within 1 hr" in dm["text"]


def test_higher_tiers_tell_the_owner_and_the_sponsor_at_once(bot: BotHarness) -> None:
    campaign_id = new_campaign(bot)
    _set_plan(bot, campaign_id, responders={"public_opinion": "U_PR"}, sponsor="U_BOSS")
    bot.standin.reset()
    _report(bot, campaign_id, kind="public_opinion", severity="severe", description="Viral complaint thread")
    assert "You're the responder" in _posts(bot, "U_PR")[0]["text"]
    [owner] = _posts(bot, "U_OWNER")
    assert "A *Severe (重度)* incident was reported in *Spring Sale*" in owner["text"]
    [boss] = _posts(bot, "U_BOSS")
    assert "needs executives to step in (高层介入)" in boss["text"]


# --- Acknowledge / Resolve / Escalate -----------------------------------------------------------------------------

def _reported(bot: BotHarness, **plan: Any) -> None:
    campaign_id = new_campaign(bot)
    _set_plan(bot, campaign_id, **plan)
    _report(bot, campaign_id)
    bot.standin.reset_calls()


def test_stranger_may_not_acknowledge(bot: BotHarness) -> None:
    _reported(bot, responders={"equipment": "U_TECH"})
    response = _click(bot, Action.INCIDENT_ACKNOWLEDGE, "U_STRANGER", minutes=1)
    assert response.status_code == 200
    [note] = bot.standin.calls_to("chat.postEphemeral")
    assert note["user"] == "U_STRANGER"
    assert note["text"] == ("Only the responder (<@U_TECH>), the campaign's owner (<@U_OWNER>), the executive "
                            "sponsor or a workspace admin can handle incident #1.")
    assert _incident(bot).status == "open"
    assert bot.standin.calls_to("chat.update") == [] and bot.standin.calls_to("chat.postMessage") == []


def test_responder_acknowledges_and_the_card_is_rerendered(bot: BotHarness) -> None:
    _reported(bot, responders={"equipment": "U_TECH"})
    card_ts = _card_ts(bot)
    _click(bot, Action.INCIDENT_ACKNOWLEDGE, "U_TECH", minutes=3)
    incident = _incident(bot)
    acknowledged_at = REPORTED + timedelta(minutes=3)
    assert (incident.status, incident.acknowledged_by, incident.acknowledged_at) == (
        "acknowledged", "U_TECH", acknowledged_at
    )
    assert incident.next_step_at == REPORTED + timedelta(minutes=30)  # the resolution reminder, not a page
    assert _events(bot)[-1] == ("acknowledged", "U_TECH", acknowledged_at)
    [update] = bot.standin.calls_to("chat.update")
    assert (update["channel"], update["ts"]) == (payloads.CHANNEL, card_ts)
    assert _buttons(update["blocks"]) == [Action.INCIDENT_RESOLVE, Action.INCIDENT_ESCALATE, Action.INCIDENT_ADJUST]
    assert "acknowledged by <@U_TECH> after 3 min" in json.dumps(update["blocks"])
    [note] = _posts(bot, payloads.CHANNEL)
    assert note["text"] == ("✅ <@U_TECH> acknowledged incident #1 (Equipment / tech failure (设备故障)) 3 min after "
                            "it was reported.")
    with bot.session() as session:
        stored = session.get(Incident, 1)
        assert stored is not None and (stored.message_channel, stored.message_ts) == (payloads.CHANNEL, card_ts)

    _click(bot, Action.INCIDENT_ACKNOWLEDGE, "U_OWNER", minutes=4)
    [again] = bot.standin.calls_to("chat.postEphemeral")
    assert again["text"] == "Incident #1 was already acknowledged by <@U_TECH>."


def test_acknowledge_from_the_dm_rerenders_both_messages(bot: BotHarness) -> None:
    campaign_id = new_campaign(bot)
    _set_plan(bot, campaign_id, responders={"equipment": "U_TECH"})
    _report(bot, campaign_id)
    [dm] = _posts(bot, "U_TECH")
    bot.standin.reset_calls()
    _click(bot, Action.INCIDENT_ACKNOWLEDGE, "U_TECH", minutes=2, channel="D_TECH", message_ts="1700000099.000100",
           message_blocks=dm["blocks"])
    updates = bot.standin.calls_to("chat.update")
    assert [(u["channel"], u["ts"]) for u in updates] == [(payloads.CHANNEL, _card_ts(bot)),
                                                          ("D_TECH", "1700000099.000100")]
    in_dm = updates[1]["blocks"]
    assert in_dm[0] == dm["blocks"][0]  # the intro stays
    assert _buttons(in_dm) == [Action.INCIDENT_RESOLVE, Action.INCIDENT_ESCALATE, Action.INCIDENT_ADJUST]


def test_the_dm_is_rerendered_from_what_was_sent_not_from_the_clicked_blocks(bot: BotHarness) -> None:
    """The DM's words come from its outbox row; blocks a click carries (forged, or trimmed by a client) are
    never read back into a message."""
    campaign_id = new_campaign(bot)
    _set_plan(bot, campaign_id, responders={"equipment": "U_TECH"})
    _report(bot, campaign_id)
    [dm] = _posts(bot, "U_TECH")
    with bot.session() as session:
        sent = session.scalars(select(OutboxMessage).where(OutboxMessage.channel == "U_TECH")).one()
    bot.standin.reset_calls()
    forged = [{"type": "section", "block_id": "x", "text": {"type": "mrkdwn", "text": "<!channel> forged"}},
              *dm["blocks"][1:]]
    _click(bot, Action.INCIDENT_ACKNOWLEDGE, "U_TECH", minutes=2, channel="D_TECH", message_ts=sent.message_ts,
           message_blocks=forged)
    in_dm = bot.standin.calls_to("chat.update")[1]
    assert in_dm["ts"] == sent.message_ts
    assert in_dm["blocks"][0] == dm["blocks"][0] and "forged" not in json.dumps(in_dm["blocks"])
    assert _buttons(in_dm["blocks"]) == [Action.INCIDENT_RESOLVE, Action.INCIDENT_ESCALATE, Action.INCIDENT_ADJUST]


def test_resolve_ends_it_and_counts_as_acknowledged(bot: BotHarness) -> None:
    _reported(bot)
    _click(bot, Action.INCIDENT_RESOLVE, "U_OWNER", minutes=12)
    incident = _incident(bot)
    resolved_at = REPORTED + timedelta(minutes=12)
    assert (incident.status, incident.resolved_by, incident.resolved_at, incident.next_step_at) == (
        "resolved", "U_OWNER", resolved_at, None
    )
    assert incident.acknowledged_at == resolved_at  # MTTA is defined even when nobody pressed Acknowledge
    assert [e[0] for e in _events(bot)][-2:] == ["acknowledged", "resolved"]
    [update] = bot.standin.calls_to("chat.update")
    assert _buttons(update["blocks"]) == [Action.INCIDENT_ADJUST]  # the cause may still be recorded
    assert "Resolved" in json.dumps(update["blocks"]) and "resolved by <@U_OWNER> after 12 min" in json.dumps(
        update["blocks"])
    [note] = _posts(bot, payloads.CHANNEL)
    assert note["text"].startswith("🟢 <@U_OWNER> resolved incident #1") and "12 min after" in note["text"]
    _click(bot, Action.INCIDENT_ESCALATE, "U_OWNER", minutes=13)
    assert bot.standin.calls_to("chat.postEphemeral")[-1]["text"] == "Incident #1 is already resolved."


def test_escalate_by_hand_climbs_one_rung_per_press(bot: BotHarness) -> None:
    _reported(bot, responders={"equipment": "U_TECH"}, sponsor="U_BOSS")
    _click(bot, Action.INCIDENT_ESCALATE, "U_TECH", minutes=1)
    [owner] = _posts(bot, "U_OWNER")
    assert owner["text"] == ("📟 Incident #1 in *Spring Sale* (Equipment / tech failure (设备故障), Minor (轻度)) was "
                             "escalated by <@U_TECH>. You're paged as the campaign's owner: acknowledge it, or find "
                             "who can.")
    assert _buttons(owner["blocks"]) == BUTTONS
    [note] = _posts(bot, payloads.CHANNEL)
    assert note["text"] == ("📟 Incident #1 (Equipment / tech failure (设备故障)) was escalated by <@U_TECH>: paging "
                            "the campaign owner <@U_OWNER>.")
    incident = _incident(bot)
    assert (incident.step, incident.severity) == (1, "minor")
    assert incident.next_step_at == REPORTED + timedelta(minutes=6)  # the sponsor one interval after this page

    _click(bot, Action.INCIDENT_ESCALATE, "U_OWNER", minutes=2)
    [boss] = _posts(bot, "U_BOSS")
    assert "Severity raised from Minor (轻度) to *Moderate (中度)*." in boss["text"]
    assert "You're paged as the executive sponsor." in boss["text"]
    update = bot.standin.calls_to("chat.update")[-1]
    assert _buttons(update["blocks"]) == BUTTONS  # Escalate stays: past the sponsor it pages the top again
    assert "Moderate (中度)" in json.dumps(update["blocks"], ensure_ascii=False)

    bot.standin.reset_calls()
    _click(bot, Action.INCIDENT_ESCALATE, "U_OWNER", minutes=3)
    again = ("📟 Incident #1 in *Spring Sale* (Equipment / tech failure (设备故障), Moderate (中度)) was escalated by "
             "<@U_OWNER> and needs you now: acknowledge or resolve it.")
    assert [post["text"] for post in _posts(bot, "U_BOSS")] == [again]
    assert [post["text"] for post in _posts(bot, "U_OWNER")] == [again]
    [note] = _posts(bot, payloads.CHANNEL)
    assert note["text"].endswith("was escalated by <@U_OWNER>: <@U_BOSS>, <@U_OWNER> paged again.")
    assert _incident(bot).severity == "moderate"  # no tier higher by hand
    assert [e[0] for e in _events(bot)] == ["opened", "notified", "escalated_by_hand", "owner_paged",
                                            "escalated_by_hand", "severity_raised", "sponsor_paged",
                                            "escalated_by_hand", "last_reminder"]


def test_without_a_sponsor_the_owner_is_paged_again(bot: BotHarness) -> None:
    _reported(bot)
    _click(bot, Action.INCIDENT_ESCALATE, "U_OWNER", minutes=1)
    _click(bot, Action.INCIDENT_ESCALATE, "U_OWNER", minutes=2)
    second = _posts(bot, "U_OWNER")[-1]["text"]
    assert "The emergency plan names no executive sponsor, so you're paged again as the owner" in second
    assert "No executive sponsor is set, so the owner <@U_OWNER> is paged again." in _posts(bot, payloads.CHANNEL)[-1][
        "text"]


# --- the emergency plan -------------------------------------------------------------------------------------------

def test_the_card_has_an_emergency_plan_button(bot: BotHarness) -> None:
    new_campaign(bot)
    [announcement] = bot.standin.calls_to("chat.postMessage")
    plan = next(b for b in announcement["blocks"] if b.get("block_id") == "campaign-plan-1")
    assert plan["accessory"]["action_id"] == Action.OPEN_EMERGENCY_PLAN and plan["accessory"]["value"] == "1"
    assert "Emergency plan" in plan["text"]["text"]


def test_owner_sets_the_plan(bot: BotHarness) -> None:
    campaign_id = new_campaign(bot)
    bot.standin.reset()
    bot.click(Action.OPEN_EMERGENCY_PLAN, str(campaign_id), user="U_OWNER", trigger_id="trigger-plan")
    [opened] = bot.standin.calls_to("views.open")
    view = opened["view"]
    assert view["callback_id"] == View.EMERGENCY_PLAN and opened["trigger_id"] == "trigger-plan"
    selects = [b for b in view["blocks"] if b["type"] == "input"]
    assert len(selects) == 7 and all(b["element"]["type"] == "users_select" for b in selects)
    assert "Acknowledge within 5 min, resolve within 30 min." in selects[0]["hint"]["text"]
    assert "Executive sponsor" in selects[-1]["label"]["text"]

    response = bot.submit(View.EMERGENCY_PLAN, payloads.plan_values(responders={"equipment": "U_TECH",
                                                                                 "safety": "U_MEDIC"},
                                                                     sponsor="U_BOSS"),
                          user="U_OWNER", private_metadata=view["private_metadata"])
    assert response.text == ""
    with bot.session() as session:
        campaign = session.get(Campaign, campaign_id)
        assert campaign is not None and json.loads(campaign.emergency_plan or "") == {
            "responders": {"equipment": "U_TECH", "safety": "U_MEDIC"}, "sponsor": "U_BOSS"
        }
    [note] = _posts(bot, payloads.CHANNEL)
    assert note["text"] == ("📋 <@U_OWNER> updated the emergency plan of *Spring Sale*: Equipment / tech failure "
                            "(设备故障) → <@U_TECH>; People / safety (人员突发状况) → <@U_MEDIC>; executive sponsor: "
                            "<@U_BOSS>.")
    # Opened again, the modal shows what is set.
    bot.click(Action.OPEN_EMERGENCY_PLAN, str(campaign_id), user="U_OWNER")
    again = bot.standin.calls_to("views.open")[-1]["view"]
    initial = [b["element"].get("initial_user") for b in again["blocks"] if b["type"] == "input"]
    assert initial == ["U_TECH", None, None, None, None, "U_MEDIC", "U_BOSS"]


def test_stranger_may_not_set_the_plan(bot: BotHarness) -> None:
    campaign_id = new_campaign(bot)
    bot.standin.reset()
    bot.click(Action.OPEN_EMERGENCY_PLAN, str(campaign_id), user="U_STRANGER")
    assert bot.standin.calls_to("views.open") == []
    [note] = bot.standin.calls_to("chat.postEphemeral")
    assert note["text"] == ("Only the campaign's owner (<@U_OWNER>) or a workspace admin can change the emergency "
                            "plan of *Spring Sale*.")
    refused = _set_plan(bot, campaign_id, sponsor="U_STRANGER", user="U_STRANGER")
    assert "Only the campaign's owner" in response_json(refused)["errors"][Field.PLAN_SPONSOR]
    with bot.session() as session:
        campaign = session.get(Campaign, campaign_id)
        assert campaign is not None and campaign.emergency_plan is None
