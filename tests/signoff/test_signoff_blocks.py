"""The sign-off builders and the card while it waits: who may approve, never "Approved by", user text escaped."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime

from bot.card.blocks.card import campaign_card
from bot.kernel.ids import Action, Field, View
from bot.signoff.blocks import approval_request, changes_requested, read_comment, request_changes_modal
from tests.card.test_card_blocks import CardCampaign
from tests.tasks.test_task_blocks import dicts

WITHDRAWN = CardCampaign(status="draft", approved_by="U_OLD", approved_at=datetime(2026, 4, 1, tzinfo=UTC))


def _card(campaign: CardCampaign, locale: str = "en", **kwargs: object) -> str:
    return json.dumps(dicts(campaign_card(campaign, {}, locale, **kwargs)), ensure_ascii=False)


def test_a_waiting_card_names_its_approvers_and_never_says_approved() -> None:
    card = _card(WITHDRAWN, approvers=["U_A", "U_B"])
    assert "Approved by" not in card and "U_OLD" not in card
    assert "Waiting for approval by <@U_A> and <@U_B> (or a workspace admin who is not the owner)" in card
    assert "等待 <@U_A>和<@U_B> 审批" in _card(WITHDRAWN, "zh-CN", approvers=["U_A", "U_B"])
    assert "a workspace admin who is not the owner must approve" in _card(WITHDRAWN)


def test_an_approved_card_says_who_approved_and_drops_the_sign_off_buttons() -> None:
    approved = replace(WITHDRAWN, status="approved")
    card = _card(approved, approvers=["U_A"])
    assert "Approved by <@U_OLD>" in card and "Waiting for approval" not in card
    assert Action.APPROVE_CAMPAIGN not in card and Action.REQUEST_CHANGES not in card


def test_the_request_escapes_the_name_and_carries_both_buttons() -> None:
    text, blocks = approval_request(campaign_id=3, name="<!channel> Sale", owner_id="U_OWNER", actor_id=None,
                                    changes=[], locale="en")
    shown = json.dumps(dicts(blocks))
    assert "<!channel>" not in text and "&lt;!channel&gt;" in text
    assert [e["action_id"] for e in dicts(blocks)[1]["elements"]] == [Action.APPROVE_CAMPAIGN, Action.REQUEST_CHANGES]
    assert '"value": "3"' in shown


def test_the_owner_reads_the_comment_quoted_and_escaped() -> None:
    _, blocks = changes_requested(campaign_id=3, name="Sale", approver_id="U_A", comment="line one\n\n<@U_X> two",
                                  locale="en")
    section = dicts(blocks)[0]["text"]["text"]
    assert "> line one\n> &lt;@U_X&gt; two" in section


def test_the_comment_modal_requires_a_comment() -> None:
    view = request_changes_modal(3, "Sale", "zh-TW").to_dict()
    assert view["callback_id"] == View.REQUEST_CHANGES and json.loads(view["private_metadata"]) == {"campaign_id": 3}
    [field] = [block for block in view["blocks"] if block.get("block_id") == Field.CHANGES_COMMENT]
    assert field["label"]["text"] == "意見" and not field.get("optional")
    typed = {"state": {"values": {Field.CHANGES_COMMENT: {"value": {"value": "  fix it  "}}}}}
    assert read_comment(typed) == "fix it"
