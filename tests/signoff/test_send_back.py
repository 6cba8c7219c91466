"""`send_back_for_approval` on its own, as another modal (the KPI targets one) calls it: changes already in words or
as (field, before, after), written in the caller's transaction, delivered after its commit.
(End to end through the Edit modal: tests/signoff/test_signoff.py.)"""

from __future__ import annotations

import json
from decimal import Decimal

from sqlalchemy import select

from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.ids import Action, View
from bot.kernel.slack import outbox
from bot.signoff import service as approval
from storage.models import AuditEntry, Campaign, OutboxMessage
from tests.support import payloads
from tests.support.harness import BotHarness
from tests.support.scenarios import new_campaign


def _approved(bot: BotHarness) -> None:
    bot.standin.add_user("U_APPROVER")
    new_campaign(bot, approvers=["U_APPROVER"], kpis={"sales": "2,000,000"}, approve=True, approver="U_APPROVER",
                 reset_calls=True)


def _send_back(bot: BotHarness, changes: list[approval.Change]) -> list[str]:
    locales = approval.approval_locales(bot.services, 1)
    with bot.session() as session:
        campaign = session.get_one(Campaign, 1)
        return approval.send_back_for_approval(session, campaign=campaign, actor_id="U_OWNER", changes=changes,
                                               now=bot.clock.now(), locales=locales)


def test_worded_and_typed_changes_send_it_back_and_reach_the_approvers(bot: BotHarness) -> None:
    _approved(bot)
    keys = _send_back(bot, ["Brand searches: +30% → +20%", ("kpi_sales", Decimal("2000000"), Decimal("1500000"))])
    with bot.session() as session:
        campaign = session.get_one(Campaign, 1)
        assert (campaign.status, campaign.approved_by) == ("draft", None)
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "sent_back")).one()
        assert json.loads(entry.after or "{}") == {"status": "draft", "kpi_sales": "1500000",
                                                   "changes": ["Brand searches: +30% → +20%"]}
        # The card is edited through the outbox: an update row anchored to the card.
        [update] = session.scalars(select(OutboxMessage).where(OutboxMessage.kind == outbox.UPDATE)).all()
        assert "Approved by" not in (update.blocks or "") and "Waiting for approval" in (update.blocks or "")
    outbox.deliver(bot.services, keys)
    [dm] = bot.standin.calls_to("chat.postMessage")
    assert dm["channel"] == "U_APPROVER"
    shown = json.dumps(dm["blocks"], ensure_ascii=False)
    assert "• Brand searches: +30% → +20%" in shown and "• sales target: ¥2,000,000 → ¥1,500,000" in shown
    assert [e["action_id"] for b in dm["blocks"] if b["type"] == "actions" for e in b["elements"]] == [
        Action.APPROVE_CAMPAIGN, Action.REQUEST_CHANGES]


def test_no_change_or_a_waiting_campaign_does_nothing(bot: BotHarness) -> None:
    _approved(bot)
    assert _send_back(bot, []) == []
    with bot.session() as session:
        assert session.get_one(Campaign, 1).status == "approved"
    bot.submit(View.EDIT_CAMPAIGN, payloads.campaign_values(approvers=["U_APPROVER"], budget="1"),
               private_metadata=ModalMetadata(campaign_id=1).dump())  # sent back: now it waits
    bot.standin.reset_calls()
    assert _send_back(bot, ["anything"]) == []
