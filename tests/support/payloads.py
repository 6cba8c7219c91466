"""Request bodies exactly as Slack sends them, and their signatures."""

from __future__ import annotations

import itertools
import json
import time
from datetime import date
from typing import Any
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

from bot.kernel.ids import INPUT, Action, Field

SIGNING_SECRET = "test-signing-secret"
_VIEW_IDS = itertools.count(1000)
TEAM = "T1"
CHANNEL = "C_CAMPAIGN"


def signed_headers(body: str, *, secret: str = SIGNING_SECRET, timestamp: int | None = None) -> dict[str, str]:
    timestamp = int(time.time()) if timestamp is None else timestamp
    signature = SignatureVerifier(secret).generate_signature(timestamp=str(timestamp), body=body)
    return {
        "X-Slack-Request-Timestamp": str(timestamp),
        "X-Slack-Signature": signature,
        "Content-Type": "application/x-www-form-urlencoded",
    }


def slash_command(text: str, *, user: str, channel: str = CHANNEL, trigger_id: str = "trigger-1",
                  team: str = TEAM) -> str:
    return urlencode({
        "token": "legacy", "team_id": team, "team_domain": "acme", "channel_id": channel,
        "channel_name": "campaign", "user_id": user, "user_name": user.lower(), "command": "/campaign",
        "text": text, "api_app_id": "A1", "response_url": "http://127.0.0.1:9/unused", "trigger_id": trigger_id,
    })


def block_action(
    action_id: str, value: str, *, user: str, channel: str = CHANNEL, message_ts: str = "1700000001.000100",
    trigger_id: str = "trigger-2", is_ephemeral: bool = False, response_url: str = "http://127.0.0.1:9/unused",
    message_blocks: list[dict[str, Any]] | None = None, with_message: bool = True, team: str = TEAM,
) -> str:
    """`message_blocks`: the blocks of the message the button is in; `with_message=False` leaves `message` out."""
    payload: dict[str, Any] = {
        "type": "block_actions",
        "team": {"id": team, "domain": "acme"},
        "user": {"id": user, "username": user.lower(), "team_id": team},
        "api_app_id": "A1",
        "trigger_id": trigger_id,
        "container": {"type": "message", "message_ts": message_ts, "channel_id": channel,
                      "is_ephemeral": is_ephemeral},
        "channel": {"id": channel, "name": "campaign"},
        "message": {"ts": message_ts, "text": "card"},
        "response_url": response_url,
        "actions": [{"action_id": action_id, "block_id": "b", "value": value, "type": "button",
                     "action_ts": "1700000002.0"}],
    }
    if message_blocks is not None:
        payload["message"]["blocks"] = message_blocks
    if not with_message:
        del payload["message"]
    return urlencode({"payload": json.dumps(payload)})


def view_submission(callback_id: str, values: dict[str, Any], *, user: str, private_metadata: str = "",
                    view_id: str | None = None, team: str = TEAM) -> str:
    """Each call is a new modal (its own view id, as in Slack) unless `view_id` names the one submitted again."""
    payload = {
        "type": "view_submission",
        "team": {"id": team, "domain": "acme"},
        "user": {"id": user, "username": user.lower(), "team_id": team},
        "api_app_id": "A1",
        "trigger_id": "trigger-3",
        "view": {
            "id": view_id or f"V{next(_VIEW_IDS)}", "type": "modal", "callback_id": callback_id,
            "private_metadata": private_metadata,
            "state": {"values": values}, "hash": "h",
        },
        "response_urls": [],
    }
    return urlencode({"payload": json.dumps(payload)})


def block_suggestion(action_id: str, value: str, *, user: str) -> str:
    payload = {
        "type": "block_suggestion", "team": {"id": TEAM}, "user": {"id": user}, "action_id": action_id,
        "block_id": Field.TIMEZONE, "value": value, "api_app_id": "A1", "view": {"id": "V123"},
    }
    return urlencode({"payload": json.dumps(payload)})


def campaign_values(
    *, name: str = "Spring Sale", theme: str = "Blossom deals", objective: str | None = "sales",
    start: date | None = date(2026, 5, 1), end: date | None = date(2026, 5, 31),
    warmup: date | None = None, burst: date | None = None, longtail: date | None = None,
    owner: str | None = "U_OWNER", channel: str | None = CHANNEL, budget: str = "200,000",
    contingency: str = "10", timezone: str | None = "Asia/Shanghai", kpis: dict[str, str] | None = None,
    approvers: list[str] | None = None, language: str | None = None,
) -> dict[str, Any]:
    """view.state.values of a filled-in campaign modal; its optional language block only when `language` is given
    (`""`: sent with nothing chosen)."""

    def text(value: str) -> dict[str, Any]:
        return {INPUT: {"type": "plain_text_input", "value": value or None}}

    def day(value: date | None) -> dict[str, Any]:
        return {INPUT: {"type": "datepicker", "selected_date": value.isoformat() if value else None}}

    values: dict[str, Any] = {
        Field.NAME: text(name),
        Field.THEME: text(theme),
        Field.OBJECTIVE: {INPUT: {"type": "static_select",
                                  "selected_option": {"value": objective} if objective else None}},
        Field.START: day(start),
        Field.END: day(end),
        Field.WARMUP_START: day(warmup),
        Field.BURST_START: day(burst),
        Field.LONGTAIL_START: day(longtail),
        Field.OWNER: {INPUT: {"type": "users_select", "selected_user": owner}},
        Field.CHANNEL: {INPUT: {"type": "conversations_select", "selected_conversation": channel}},
        Field.APPROVERS: {INPUT: {"type": "multi_users_select", "selected_users": list(approvers or [])}},
        Field.BUDGET: text(budget),
        Field.CONTINGENCY: text(contingency),
        Field.TIMEZONE: {Action.PICK_TIMEZONE: {
            "type": "external_select",
            "selected_option": {"value": timezone, "text": {"type": "plain_text", "text": timezone}}
            if timezone else None,
        }},
    }
    for metric in ("exposure", "clicks", "participants", "conversions", "sales"):
        values[f"kpi_{metric}"] = text((kpis or {}).get(metric, ""))
    if language is not None:
        values[Field.LANGUAGE] = {INPUT: {"type": "static_select",
                                          "selected_option": {"value": language} if language else None}}
    return values


def table_values(*, text: str = "", file_ids: tuple[str, ...] = ()) -> dict[str, Any]:
    """view.state.values of the import modal."""
    return {
        Field.TABLE_TEXT: {INPUT: {"type": "plain_text_input", "value": text or None}},
        Field.TABLE_FILE: {INPUT: {"type": "file_input", "files": [{"id": file_id} for file_id in file_ids]}},
    }


def preview_values(*, close_missing: bool = False, unassigned: bool = False) -> dict[str, Any]:
    selected = [{"value": "close"}] if close_missing else []
    ticked = [{"value": "unassigned"}] if unassigned else []
    return {Field.CLOSE_MISSING: {INPUT: {"type": "checkboxes", "selected_options": selected}},
            Field.IMPORT_UNASSIGNED: {INPUT: {"type": "checkboxes", "selected_options": ticked}}}


def event_callback(event: dict[str, Any]) -> str:
    return json.dumps({
        "token": "legacy", "team_id": TEAM, "api_app_id": "A1", "type": "event_callback",
        "event_id": "Ev1", "event_time": 1_700_000_000, "event": event,
    })


def json_headers(body: str) -> dict[str, str]:
    return {**signed_headers(body), "Content-Type": "application/json"}


def report_values(
    *, day: date | None = date(2026, 5, 5), source: str | None = "All", confirm: bool = False,
    feedback: str = "", feedback_type: str | None = None, budget_line: str | None = None, **figures: str,
) -> dict[str, Any]:
    """view.state.values of the daily report modal; figures by field name, e.g. exposure="12,000"."""

    def text(value: str) -> dict[str, Any]:
        return {INPUT: {"type": "plain_text_input", "value": value or None}}

    values: dict[str, Any] = {
        Field.REPORT_DAY: {INPUT: {"type": "datepicker", "selected_date": day.isoformat() if day else None}},
        Field.REPORT_SOURCE: {INPUT: {"type": "static_select",
                                      "selected_option": {"value": source} if source else None}},
        Field.FEEDBACK: text(feedback),
        Field.FEEDBACK_TYPE: {INPUT: {"type": "static_select",
                                      "selected_option": {"value": feedback_type} if feedback_type else None}},
        Field.REPORT_BUDGET_LINE: {INPUT: {"type": "static_select",
                                           "selected_option": {"value": budget_line} if budget_line else None}},
    }
    for name in ("exposure", "clicks", "participants", "conversions", "sales", "spend", "new_members"):
        values[name] = text(figures.get(name, ""))
    for name in ("new_customers", "brand_searches", "repeat_buyers"):  # asked only when a target needs them
        if name in figures:
            values[name] = text(figures[name])
    if confirm:
        values[Field.CONFIRM_FIGURES] = {INPUT: {"type": "checkboxes", "selected_options": [{"value": "confirm"}]}}
    return values


def reporting_values(*, reporters: list[str], sources: str = "") -> dict[str, Any]:
    return {
        Field.REPORTERS: {INPUT: {"type": "multi_users_select", "selected_users": reporters}},
        Field.SOURCES: {INPUT: {"type": "plain_text_input", "value": sources or None}},
    }


def incident_values(
    *, kind: str | None = "equipment", severity: str | None = "minor", description: str | None = "Main screen down"
) -> dict[str, Any]:
    """view.state.values of the incident report modal."""

    def select(value: str | None) -> dict[str, Any]:
        return {INPUT: {"type": "static_select", "selected_option": {"value": value} if value else None}}

    return {
        Field.INCIDENT_KIND: select(kind),
        Field.INCIDENT_SEVERITY: select(severity),
        Field.INCIDENT_DESCRIPTION: {INPUT: {"type": "plain_text_input", "value": description}},
    }


def plan_values(*, responders: dict[str, str] | None = None, sponsor: str | None = None) -> dict[str, Any]:
    """view.state.values of the emergency plan modal: `responders` maps an incident kind to a user id."""
    kinds = ("equipment", "public_opinion", "traffic", "supply", "weather", "safety")
    values: dict[str, Any] = {
        f"{Field.PLAN_RESPONDER_PREFIX.value}{kind}": {
            INPUT: {"type": "users_select", "selected_user": (responders or {}).get(kind)}
        }
        for kind in kinds
    }
    values[Field.PLAN_SPONSOR] = {INPUT: {"type": "users_select", "selected_user": sponsor}}
    return values


def home_action(action_id: str, value: str, *, user: str, trigger_id: str = "trigger-home") -> str:
    """A button clicked on the App Home tab: a view container, no channel and no message."""
    payload = {
        "type": "block_actions",
        "team": {"id": TEAM, "domain": "acme"},
        "user": {"id": user, "username": user.lower(), "team_id": TEAM},
        "api_app_id": "A1",
        "trigger_id": trigger_id,
        "container": {"type": "view", "view_id": "VHOME"},
        "view": {"id": "VHOME", "type": "home", "callback_id": "home", "blocks": [], "private_metadata": "",
                 "state": {"values": {}}, "hash": "h"},
        "actions": [{"action_id": action_id, "block_id": "b", "value": value, "type": "button",
                     "action_ts": "1700000002.0"}],
    }
    return urlencode({"payload": json.dumps(payload)})


def app_home_opened(user: str, *, tab: str = "home") -> str:
    return event_callback({"type": "app_home_opened", "user": user, "channel": "D" + user[1:], "tab": tab,
                           "event_ts": "1700000003.0"})


def targets_values(**typed: str) -> dict[str, Any]:
    """view.state.values of the KPI targets modal, by block id: `kpi_sales`, `target_roi`, `baseline_brand_searches`."""
    names = [f"kpi_{metric}" for metric in ("exposure", "clicks", "participants", "conversions", "sales")]
    names += [f"target_{goal}" for goal in ("new_members", "new_customer_share", "conversion_rate",
                                            "average_order_value", "roi", "brand_searches", "repurchase_rate")]
    names += ["baseline_brand_searches", "baseline_repurchase_rate"]
    unknown = set(typed) - set(names)
    assert not unknown, unknown
    return {name: {INPUT: {"type": "plain_text_input", "value": typed.get(name) or None}} for name in names}
