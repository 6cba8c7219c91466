"""F9: when something fails after a change was saved, the person is told it was saved, never "nothing was
changed"; before anything is saved, the usual "nothing was changed" stays true."""

from __future__ import annotations

from sqlalchemy import select

from bot.kernel.ids import Action, View
from storage.models import Campaign
from tests.support import payloads
from tests.support.harness import BotHarness
from tests.support.slack_standin import Scripted


def test_failure_after_the_save_says_it_was_saved(bot: BotHarness) -> None:
    assert bot.submit(View.NEW_CAMPAIGN, payloads.campaign_values()).text == ""
    bot.standin.script("chat.update", Scripted(body={"ok": False, "error": "message_not_found"}))
    bot.standin.reset_calls()
    assert bot.approve("1").status_code == 200
    with bot.session() as session:
        assert session.scalars(select(Campaign.status)).one() == "approved"
    [note] = bot.standin.calls_to("chat.postEphemeral")
    assert "nothing was changed" not in note["text"]
    assert "was saved" in note["text"]


def test_failure_before_any_save_still_says_nothing_changed(bot: BotHarness) -> None:
    assert bot.submit(View.NEW_CAMPAIGN, payloads.campaign_values()).text == ""
    bot.standin.script("views.open", Scripted(body={"ok": False, "error": "expired_trigger_id"}))
    bot.standin.reset_calls()
    bot.click(Action.EDIT_CAMPAIGN, "1")
    [note] = bot.standin.calls_to("chat.postEphemeral")
    assert "nothing was changed" in note["text"]
