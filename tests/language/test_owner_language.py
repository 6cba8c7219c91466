"""Channel notices from the scheduler (campaign start, phase starts, milestones) speak the campaign owner's
language, like the daily summary; a task reminder speaks its recipient's."""

from __future__ import annotations

from tests.support.scenario_clock import Scenario


def test_channel_notices_follow_the_owner_locale(scenario: Scenario) -> None:
    scenario.bot.standin.add_user("U_OWNER", locale="zh-CN")
    scenario.tick("05-01 09:00")  # the campaign starts and its warm-up begins
    scenario.tick("05-12 09:00")  # milestone 上线日 (May 15) in 3 days
    channel = scenario.channel()
    assert any("今天进入预热期" in text for text in channel), channel
    assert any("上线日" in text and "3 天" in text for text in channel), channel
    assert not any("warm-up" in text or "milestone" in text.lower() for text in channel), channel


def test_an_english_owner_keeps_english_notices(scenario: Scenario) -> None:
    scenario.bot.standin.add_user("U_OWNER", locale="en-US")
    scenario.tick("05-01 09:00")
    assert any("enters its warm-up phase" in text for text in scenario.channel())
