"""Set-ups several test files share, built through signed requests like everything else."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.ids import View
from tests.support import payloads
from tests.support.harness import BotHarness

SHANGHAI = ZoneInfo("Asia/Shanghai")


def running_with_reporters(bot: BotHarness, reporters: dict[str, dict[str, str]], *, sources: str) -> BotHarness:
    """An approved campaign, May 2026 (campaign 1), with `reporters` (user id → stand-in user fields) reporting
    from `sources`; the clock at 18:00 on May 5 in Shanghai, and the stand-in's calls forgotten."""
    assert bot.submit(View.NEW_CAMPAIGN, payloads.campaign_values()).text == ""
    bot.approve("1")
    for user_id, fields in reporters.items():
        bot.standin.add_user(user_id, **fields)
    response = bot.submit(View.REPORTING_SETUP, payloads.reporting_values(reporters=list(reporters), sources=sources),
                          private_metadata=ModalMetadata(campaign_id=1).dump())
    assert response.text == ""
    bot.clock.set(datetime(2026, 5, 5, 18, 0, tzinfo=SHANGHAI))
    bot.standin.reset_calls()
    return bot
