"""Saving targets returns what changed, in words sign-off can send the approvers; a repeat saves nothing twice."""

from __future__ import annotations

from bot.campaigns.rules.campaign import Metric
from bot.kernel import policy
from bot.kernel.ids import View
from bot.pace.blocks.target_lines import change_lines
from bot.plan.flows import targets as target_setting
from bot.plan.rules.targets import Goal, TargetsForm
from tests.support import payloads
from tests.support.harness import BotHarness


def _form(sales: str, share: str = "", lift: str = "", baseline: str = "") -> TargetsForm:
    return TargetsForm(totals={Metric.SALES: sales}, goals={Goal.NEW_CUSTOMER_SHARE: share,
                                                            Goal.BRAND_SEARCHES: lift},
                       baselines={Goal.BRAND_SEARCHES: baseline})


def test_the_changes_are_returned_for_sign_off(bot: BotHarness) -> None:
    assert bot.submit(View.NEW_CAMPAIGN, payloads.campaign_values(kpis={"sales": "200万"})).text == ""
    bot.approve("1")
    owner = policy.Actor("U_OWNER", team_id=payloads.TEAM)
    answered: list[bool] = []
    changes = target_setting.save_targets(
        bot.services, campaign_id=1, form=_form("250万", share="40%", lift="+30%", baseline="1000"),
        submission="view-1", actor=owner, locale="en", answer=lambda: answered.append(True))
    assert answered == [True]
    assert change_lines(changes, "en") == [
        "Sales: ¥2,000,000 → ¥2,500,000", "New-customer share: — → ≥ 40%",
        "Brand searches: — → +30% (baseline 1,000 a day)"]
    assert change_lines(changes, "zh-CN")[0] == "销售额：由 ¥200万 改为 ¥250万"  # in the reader's script and units
    # The same submission again (a double-click) answers and changes nothing.
    again = target_setting.save_targets(
        bot.services, campaign_id=1, form=_form("300万"), submission="view-1", actor=owner, locale="en",
        answer=lambda: answered.append(True))
    assert again == [] and answered == [True, True]
    cleared = target_setting.save_targets(
        bot.services, campaign_id=1, form=_form("250万"), submission="view-2", actor=owner, locale="en",
        answer=lambda: None)
    assert change_lines(cleared, "en") == ["New-customer share: ≥ 40% → —",
                                           "Brand searches: +30% (baseline 1,000 a day) → —"]
