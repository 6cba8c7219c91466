"""A campaign dated 1900-01-01, or in the zone "localtime": refused on the field, nothing saved (SQLite and
PostgreSQL, through the modal as Slack sends it)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from bot.kernel.bounds import is_iana_zone
from bot.kernel.ids import View
from storage.models import Campaign
from tests.support import payloads
from tests.support.harness import BotHarness, response_json


def _errors(bot: BotHarness, **values: object) -> dict[str, str]:
    response = bot.submit(View.NEW_CAMPAIGN, payloads.campaign_values(**values))  # type: ignore[arg-type]
    assert response.status_code == 200
    with bot.session() as session:
        assert session.scalar(select(func.count()).select_from(Campaign)) == 0
    return response_json(response).get("errors", {})


@pytest.mark.parametrize("field, values", [
    ("start", {"start": date(1900, 1, 1)}),
    ("end", {"end": date(2150, 1, 1)}),
    ("warmup_start", {"start": date(1900, 1, 1), "end": date(1900, 3, 1), "warmup": date(1900, 2, 1)}),
])
def test_dates_outside_a_sane_window_are_refused_on_their_field(bot: BotHarness, field: str,
                                                                values: dict[str, date]) -> None:
    errors = _errors(bot, **values)
    assert "Pick a date between 2000-01-01 and 2099-12-31." in errors.values()
    assert any(key.endswith(field) or field in key for key in errors), errors


@pytest.mark.parametrize("zone", ["localtime", "posixrules", "Factory", "posix/Asia/Shanghai", "right/UTC"])
def test_a_time_zone_that_is_not_an_iana_name_is_refused(bot: BotHarness, zone: str) -> None:
    errors = _errors(bot, timezone=zone)
    assert [message for message in errors.values() if "time zone" in message], errors


@pytest.mark.parametrize("zone", ["Asia/Shanghai", "UTC", "America/Argentina/Buenos_Aires", "Europe/Kyiv"])
def test_iana_names_are_zones(zone: str) -> None:
    assert is_iana_zone(zone)
