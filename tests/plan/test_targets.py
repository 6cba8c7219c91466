"""`/campaign targets` end to end: the KPI targets modal, its refusals on the field, saving (audit trail, channel
note, card), and the daily report asking only for the figures the targets need."""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.kernel import formatting
from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.ids import View
from storage.models import AuditEntry, Campaign, CampaignGoal, DailyReport, KpiTarget
from tests.support import payloads
from tests.support.harness import BotHarness, response_json
from tests.support.scenarios import new_campaign

METADATA = ModalMetadata(campaign_id=1).dump()


def money(amount: int) -> str:
    return formatting.money(Decimal(amount), "en")


@pytest.fixture
def campaign(bot: BotHarness) -> BotHarness:
    new_campaign(bot, kpis={"sales": "200万", "clicks": "50000"}, approve=True, reset_calls=True)
    return bot


def _opened(bot: BotHarness) -> dict[str, Any]:
    return bot.standin.calls_to("views.open")[-1]["view"]


def _inputs(view: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {block["block_id"]: block for block in view["blocks"] if block["type"] == "input"}


def _labels(view: dict[str, Any]) -> list[str]:
    return [block["label"]["text"] for block in _inputs(view).values()]


def _goals(bot: BotHarness) -> list[tuple[str, str, Decimal, Decimal | None]]:
    with bot.session() as session:
        return [(row.goal, row.kind, row.target, row.baseline)
                for row in session.scalars(select(CampaignGoal).order_by(CampaignGoal.goal))]


def _totals(bot: BotHarness) -> dict[str, Decimal]:
    with bot.session() as session:
        return {row.metric: row.target for row in session.scalars(select(KpiTarget))}


def _save(bot: BotHarness, user: str = "U_OWNER", **typed: str) -> Any:
    return bot.submit(View.KPI_TARGETS, payloads.targets_values(**typed), user=user, private_metadata=METADATA)


def test_the_modal_opens_with_the_contract_labels_and_the_current_totals(campaign: BotHarness) -> None:
    campaign.command("targets")
    view = _opened(campaign)
    assert view["callback_id"] == View.KPI_TARGETS and view["title"]["text"] == "KPI targets"
    labels = _labels(view)
    for word in ("Exposure", "Clicks", "Participants", "Conversions", "Sales", "New members", "New-customer share",
                 "Conversion rate", "Average order value", "ROI", "Brand searches", "Repurchase rate"):
        assert any(word in label for label in labels), word
    assert sum("baseline" in label for label in labels) == 2
    inputs = _inputs(view)
    assert inputs["kpi_sales"]["element"]["initial_value"] == "2000000"
    assert inputs["kpi_clicks"]["element"]["initial_value"] == "50000"
    assert "initial_value" not in inputs["kpi_exposure"]["element"]
    assert "percent of the baseline" in inputs["target_repurchase_rate"]["hint"]["text"]


def test_the_chinese_alias_opens_it_in_chinese(campaign: BotHarness) -> None:
    # Workspace admins may set any campaign's targets; each reads the modal in their own language.
    campaign.standin.add_user("U_ZH", locale="zh-CN", is_admin=True)
    campaign.standin.add_user("U_TW", locale="zh-TW", is_admin=True)
    campaign.command("目标", user="U_ZH")
    view = _opened(campaign)
    assert view["title"]["text"] == "KPI 目标"
    labels = " ".join(_labels(view))
    for word in ("新增会员", "新客占比", "转化率", "客单价", "ROI", "品牌搜索量", "复购率", "基线"):
        assert word in labels, word
    campaign.command("目標", user="U_TW")
    view = _opened(campaign)
    assert view["title"]["text"] == "KPI 目標"
    assert "新客佔比" in " ".join(_labels(view)) and "品牌搜尋量基準（日均）" in " ".join(_labels(view))


def test_only_the_owner_or_an_admin_sets_targets(campaign: BotHarness) -> None:
    campaign.standin.add_user("U_STRANGER", is_admin=False)
    assert "Only the owner of *Spring Sale*" in campaign.command("targets", user="U_STRANGER").text
    assert campaign.standin.calls_to("views.open") == []
    body = response_json(_save(campaign, user="U_STRANGER", target_roi="300%"))
    assert body["response_action"] == "errors" and "KPI targets" in body["errors"]["kpi_exposure"]
    campaign.standin.add_user("U_ADMIN", is_admin=True)
    campaign.command("targets", user="U_ADMIN")
    assert _opened(campaign)["callback_id"] == View.KPI_TARGETS
    assert _goals(campaign) == []


@pytest.mark.parametrize(("typed", "field", "says"), [
    ({"target_new_customer_share": "140%"}, "target_new_customer_share", "cannot be more than 100%"),
    ({"target_conversion_rate": "≥120%"}, "target_conversion_rate", "cannot be more than 100%"),
    ({"target_new_customer_share": "40"}, "target_new_customer_share", "Type it as a percent, e.g. 40%: “40”"),
    ({"target_roi": "300"}, "target_roi", "Type it as a percent"),
    ({"target_brand_searches": "+30%"}, "baseline_brand_searches", "fill in the baseline"),
    ({"target_repurchase_rate": "+15%"}, "baseline_repurchase_rate", "fill in the baseline"),
    ({"baseline_brand_searches": "1,000"}, "target_brand_searches", "clear the baseline"),
    ({"target_brand_searches": "+30%", "baseline_brand_searches": "12%"}, "baseline_brand_searches", "not a percent"),
    ({"target_repurchase_rate": "+15%", "baseline_repurchase_rate": "20"}, "baseline_repurchase_rate",
     "as a percent"),
    ({"target_roi": "-50%"}, "target_roi", "negative"),
    ({"target_average_order_value": "¥-300"}, "target_average_order_value", "negative"),
    ({"kpi_sales": "-5"}, "kpi_sales", "negative"),
    ({"target_new_members": "lots"}, "target_new_members", "isn't a number"),
    ({"target_conversion_rate": "abc%"}, "target_conversion_rate", "isn't a number"),
    ({"target_new_members": "10%"}, "target_new_members", "not a percent"),
    ({"target_new_members": "1.5"}, "target_new_members", "whole number"),
    ({"target_brand_searches": "+30%", "baseline_brand_searches": "0"}, "baseline_brand_searches", "0 is no target"),
])
def test_each_mistake_is_refused_on_its_field_and_nothing_is_saved(campaign: BotHarness, typed: dict[str, str],
                                                                   field: str, says: str) -> None:
    # Everything else on the form is fine, and would be saved if the mistake did not stop the whole submission.
    good = {"kpi_sales": "250万", "target_roi": "300%", "target_new_customer_share": "≥40%"}
    body = response_json(_save(campaign, **{**good, **typed}))
    assert body["response_action"] == "errors", body
    assert says in body["errors"][field], body["errors"]
    assert _goals(campaign) == []
    assert _totals(campaign) == {"sales": Decimal("2000000.00"), "clicks": Decimal("50000.00")}


def test_saving_keeps_every_shape_notes_the_change_and_opens_again_as_typed(campaign: BotHarness) -> None:
    assert _save(campaign, kpi_sales="2,500,000", kpi_clicks="50000", target_new_members="1万",
                 target_new_customer_share="≥40%", target_conversion_rate="5%", target_average_order_value="¥300",
                 target_roi="300%", target_brand_searches="+30%", baseline_brand_searches="1,000",
                 target_repurchase_rate="+15%", baseline_repurchase_rate="20%").text == ""
    assert _goals(campaign) == [
        ("average_order_value", "rate", Decimal("300.00"), None),
        ("brand_searches", "lift", Decimal("30.00"), Decimal("1000.00")),
        ("conversion_rate", "rate", Decimal("5.00"), None),
        ("new_customer_share", "rate", Decimal("40.00"), None),
        ("new_members", "total", Decimal("10000.00"), None),
        ("repurchase_rate", "lift", Decimal("15.00"), Decimal("20.00")),
        ("roi", "rate", Decimal("300.00"), None),
    ]
    assert _totals(campaign)["sales"] == Decimal("2500000.00")
    [note] = [post for post in campaign.standin.calls_to("chat.postMessage") if post["channel"] == payloads.CHANNEL]
    assert note["text"].startswith("🎯 <@U_OWNER> changed the KPI targets of *Spring Sale*: "
                                   f"Sales: {money(2000000)} → {money(2500000)}; New members: — → 10,000; "
                                   "New-customer share: — → ≥ 40%;")
    assert "Brand searches: — → +30% (baseline 1,000 a day)" in note["text"]
    assert "Repurchase rate: — → +15% (baseline 20%)" in note["text"]
    # The card shows the new sales target.
    [update] = campaign.standin.calls_to("chat.update")
    assert "2,500,000" in json.dumps(update["blocks"], ensure_ascii=False)
    with campaign.session() as session:
        [entry] = session.scalars(select(AuditEntry).where(AuditEntry.object_type == "targets")).all()
    assert json.loads(entry.after or "{}")["target_new_customer_share"] == "≥40%"
    history = json.dumps(response_json(campaign.command("history"))["blocks"], ensure_ascii=False)
    assert "changed the KPI targets" in history and "average order value target: — → ¥300" in history
    assert "sales target: ¥2,000,000 → ¥2,500,000" in history and "brand searches baseline: — → 1,000" in history
    campaign.command("targets")
    inputs = _inputs(_opened(campaign))
    assert {name: inputs[name]["element"].get("initial_value") for name in (
        "kpi_sales", "target_new_customer_share", "target_brand_searches", "baseline_brand_searches",
        "target_repurchase_rate", "baseline_repurchase_rate", "target_average_order_value", "target_new_members",
    )} == {"kpi_sales": "2500000", "target_new_customer_share": "≥40%", "target_brand_searches": "+30%",
           "baseline_brand_searches": "1000", "target_repurchase_rate": "+15%", "baseline_repurchase_rate": "20%",
           "target_average_order_value": "300", "target_new_members": "10000"}


def test_saving_the_same_targets_again_changes_nothing(campaign: BotHarness) -> None:
    assert _save(campaign, kpi_sales="200万", kpi_clicks="50000", target_roi="300%").text == ""
    campaign.standin.reset_calls()
    assert _save(campaign, kpi_sales="2000000", kpi_clicks="5万", target_roi="≥300%").text == ""
    assert campaign.standin.calls_to("chat.postMessage") == []
    with campaign.session() as session:
        assert len(session.scalars(select(AuditEntry).where(AuditEntry.object_type == "targets")).all()) == 1


def test_clearing_a_field_removes_that_target(campaign: BotHarness) -> None:
    assert _save(campaign, kpi_sales="200万", target_roi="300%", target_new_customer_share="40%").text == ""
    assert _save(campaign, kpi_sales="200万", target_new_customer_share="40%").text == ""
    assert [goal for goal, *_ in _goals(campaign)] == ["new_customer_share"]
    assert _totals(campaign) == {"sales": Decimal("2000000.00")}


def _report_labels(bot: BotHarness) -> str:
    bot.command("report")
    return " ".join(_labels(_opened(bot)))


def test_the_report_asks_only_for_the_figures_the_targets_need(campaign: BotHarness) -> None:
    labels = _report_labels(campaign)
    for word in ("Exposure", "Clicks", "Sales", "Spend"):
        assert word in labels
    for word in ("New customers", "Brand searches", "Repeat buyers", "New members"):
        assert word not in labels, word
    assert _save(campaign, target_new_customer_share="40%", target_brand_searches="+30%",
                 baseline_brand_searches="1000").text == ""
    labels = _report_labels(campaign)
    assert "New customers" in labels and "Brand searches" in labels
    assert "Repeat buyers" not in labels and "New members" not in labels
    assert _save(campaign, target_new_members="10000", target_repurchase_rate="+15%",
                 baseline_repurchase_rate="20%").text == ""
    labels = _report_labels(campaign)
    assert "Repeat buyers" in labels and "New members" in labels and "New customers" not in labels


def test_the_extra_figures_are_saved_with_the_report(campaign: BotHarness) -> None:
    assert _save(campaign, target_new_customer_share="40%").text == ""
    campaign.clock.set(datetime(2026, 5, 5, 20, 0, tzinfo=ZoneInfo("Asia/Shanghai")))
    values = payloads.report_values(conversions="100", new_customers="35", brand_searches="1,200")
    body = response_json(campaign.submit(View.DAILY_REPORT, values, private_metadata=METADATA))
    assert body == {}, body
    with campaign.session() as session:
        report = session.scalars(select(DailyReport)).one()
    assert (report.conversions, report.new_customers, report.brand_searches) == (100, 35, 1200)
    body = response_json(campaign.submit(View.DAILY_REPORT, payloads.report_values(new_customers="-3"),
                                         private_metadata=METADATA))
    assert "negative" in body["errors"]["new_customers"]


def test_new_targets_send_an_approved_campaign_back_to_its_approvers(bot: BotHarness) -> None:
    bot.standin.add_user("U_APPROVER", is_admin=False)
    new_campaign(bot, kpis={"sales": "200万"}, approvers=["U_APPROVER"], approve=True, approver="U_APPROVER",
                 reset_calls=True)
    assert response_json(_save(bot, user="U_APPROVER", kpi_sales="250万", target_roi="300%")) in (None, {})
    with bot.session() as session:
        assert session.get(Campaign, 1).status == "draft"  # type: ignore[union-attr]
    [dm] = [post for post in bot.standin.calls_to("chat.postMessage") if post["channel"] == "U_APPROVER"]
    said = json.dumps(dm, ensure_ascii=False)
    assert money(2_000_000) in said and money(2_500_000) in said and "ROI" in said
