"""Invalid campaign forms are answered on the offending field and save nothing."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from bot.kernel.ids import Field, View
from storage.models import Campaign, KpiTarget
from tests.support import payloads
from tests.support.harness import BotHarness, response_json


def _errors(bot: BotHarness, **overrides) -> dict[str, str]:  # type: ignore[no-untyped-def]
    response = bot.submit(View.NEW_CAMPAIGN, payloads.campaign_values(**overrides))
    assert response.status_code == 200
    body = response_json(response)
    assert body.get("response_action") == "errors", body
    return body["errors"]


def _count(bot: BotHarness) -> int:
    with bot.session() as session:
        return session.scalar(select(func.count()).select_from(Campaign)) + session.scalar(  # type: ignore[operator]
            select(func.count()).select_from(KpiTarget)
        )


@pytest.mark.parametrize(
    ("overrides", "field", "says"),
    [
        ({"end": date(2026, 4, 30)}, Field.END, "before the start"),
        ({"warmup": date(2026, 4, 1)}, Field.WARMUP_START, "outside the campaign"),
        ({"longtail": date(2026, 6, 2)}, Field.LONGTAIL_START, "outside the campaign"),
        ({"warmup": date(2026, 5, 10), "burst": date(2026, 5, 5)}, Field.BURST_START, "after the warm-up start"),
        ({"budget": "-5"}, Field.BUDGET, "can't be negative"),
        ({"budget": "lots"}, Field.BUDGET, "isn't a number"),
        ({"budget": "1,2"}, Field.BUDGET, "isn't a number"),
        ({"budget": ""}, Field.BUDGET, "fill this in"),
        ({"contingency": "60"}, Field.CONTINGENCY, "0 to 50"),
        ({"contingency": "-1"}, Field.CONTINGENCY, "0 to 50"),
        ({"kpis": {"exposure": "-100"}}, Field.KPI_EXPOSURE, "can't be negative"),
        ({"kpis": {"clicks": "many"}}, Field.KPI_CLICKS, "isn't a number"),
        ({"kpis": {"participants": "2.5"}}, Field.KPI_PARTICIPANTS, "whole number"),
        ({"kpis": {"sales": "0"}}, Field.KPI_SALES, "above zero"),
        ({"name": "   "}, Field.NAME, "fill this in"),
        ({"name": "2026"}, Field.NAME, "campaign number"),
        ({"timezone": "Mars/Olympus"}, Field.TIMEZONE, "isn't a time zone"),
        ({"objective": None}, Field.OBJECTIVE, "fill this in"),
    ],
)
def test_each_rule_answers_on_its_field(bot: BotHarness, overrides: dict, field: str, says: str) -> None:
    errors = _errors(bot, **overrides)
    assert set(errors) == {field}
    assert says in errors[field]
    assert _count(bot) == 0
    assert bot.standin.calls_to("chat.postMessage") == []


def test_several_mistakes_are_reported_together(bot: BotHarness) -> None:
    errors = _errors(bot, end=date(2026, 4, 1), budget="abc", kpis={"sales": "-1"})
    assert set(errors) == {Field.END, Field.BUDGET, Field.KPI_SALES}


def test_name_of_a_live_campaign_is_refused_case_insensitively(bot: BotHarness) -> None:
    assert bot.submit(View.NEW_CAMPAIGN, payloads.campaign_values(name="Spring Sale")).text == ""
    errors = _errors(bot, name="  spring   SALE ")
    assert "already called" in errors[Field.NAME]
    with bot.session() as session:
        assert session.scalar(select(func.count()).select_from(Campaign)) == 1


def test_name_of_a_closed_campaign_may_be_reused(bot: BotHarness) -> None:
    bot.submit(View.NEW_CAMPAIGN, payloads.campaign_values(name="Spring Sale"))
    with bot.session() as session:
        campaign = session.scalars(select(Campaign)).one()
        campaign.status = "closed"
    assert bot.submit(View.NEW_CAMPAIGN, payloads.campaign_values(name="Spring Sale")).text == ""


def test_numbers_are_read_as_people_write_them(bot: BotHarness) -> None:
    response = bot.submit(View.NEW_CAMPAIGN, payloads.campaign_values(budget="¥1.5万", contingency="15%"))
    assert response.text == ""
    with bot.session() as session:
        campaign = session.scalars(select(Campaign)).one()
        assert (str(campaign.budget), campaign.contingency_pct) == ("15000.00", 15)
