"""Each campaign can change when its reminders fire; the scheduler follows at once."""

from __future__ import annotations

import json
from decimal import Decimal

from sqlalchemy import select

from bot.campaigns.rules.reminders import ReminderSettings
from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.ids import Action, Field, View
from bot.pace.rules.anomalies import AnomalySettings
from bot.pace.rules.pace import PhaseWeights
from storage.models import Campaign
from tests.support import payloads
from tests.support.harness import BotHarness, response_json


def _values(*, hour: str = "10", due: str = "2", milestone: str = "5, 1", grace: str = "6", tell: str = "2",
            weekends: bool = False, holidays: str = "2026-05-01\n5月4日", threshold: str = "40%",
            report: str = "18", summary: str = "22", weights: str = "15/60/25") -> dict:
    def text(value: str) -> dict:
        return {"value": {"type": "plain_text_input", "value": value or None}}

    return {
        Field.REMINDER_HOUR: text(hour), Field.DAYS_BEFORE_DUE: text(due), Field.DAYS_BEFORE_MILESTONE: text(milestone),
        Field.GRACE_HOURS: text(grace), Field.TELL_OWNER_AFTER: text(tell), Field.HOLIDAYS: text(holidays),
        Field.ALERT_THRESHOLD: text(threshold), Field.REPORT_HOUR: text(report), Field.SUMMARY_HOUR: text(summary),
        Field.PACE_WEIGHTS: text(weights),
        Field.SKIP_WEEKENDS: {"value": {"type": "checkboxes", "selected_options":
                                        [{"value": "weekends_off"}] if weekends else []}},
    }


def _campaign(bot: BotHarness) -> Campaign:
    with bot.session() as session:
        return session.scalars(select(Campaign)).one()


def test_owner_changes_reminders_from_the_card(bot: BotHarness) -> None:
    assert bot.submit(View.NEW_CAMPAIGN, payloads.campaign_values()).text == ""
    bot.click(Action.OPEN_REMINDER_SETTINGS, "1")
    [opened] = bot.standin.calls_to("views.open")
    view = opened["view"]
    assert view["callback_id"] == View.REMINDER_SETTINGS
    initial = {b["block_id"]: b["element"].get("initial_value") for b in view["blocks"]}
    assert (initial[Field.REMINDER_HOUR], initial[Field.DAYS_BEFORE_DUE]) == ("9", "3, 1")  # the defaults

    response = bot.submit(View.REMINDER_SETTINGS, _values(), private_metadata=view["private_metadata"])
    assert response.text == ""
    settings = ReminderSettings.load(_campaign(bot).reminder_settings)
    assert (settings.reminder_hour, settings.days_before_due, settings.days_before_milestone) == (10, (2,), (5, 1))
    assert (settings.grace_hours, settings.tell_owner_after_overdue_days, settings.skip_weekends) == (6, 2, False)
    assert [day.isoformat() for day in settings.holidays] == ["2026-05-01", "2026-05-04"]
    assert (settings.report_hour, settings.summary_hour) == (18, 22)
    weights = PhaseWeights.load(_campaign(bot).pace_weights)
    assert weights is not None and (weights.warmup, weights.burst, weights.longtail) == (15, 60, 25)
    alerts = AnomalySettings.load(_campaign(bot).anomaly_settings)
    assert (alerts.threshold, alerts.moderate, alerts.severe) == (Decimal("0.4"), Decimal("0.4"), Decimal("0.50"))
    assert "changed the reminder settings of *Spring Sale*" in bot.standin.calls_to("chat.postMessage")[-1]["text"]


def test_mistakes_are_answered_on_their_fields_and_nothing_changes(bot: BotHarness) -> None:
    bot.submit(View.NEW_CAMPAIGN, payloads.campaign_values())
    metadata = ModalMetadata(campaign_id=1).dump()
    body = response_json(bot.submit(View.REMINDER_SETTINGS, _values(hour="25", due="3, x", holidays="someday",
                                                                    threshold="95", weights="1/2"),
                                    private_metadata=metadata))
    assert body["response_action"] == "errors"
    assert set(body["errors"]) == {
        Field.REMINDER_HOUR, Field.DAYS_BEFORE_DUE, Field.HOLIDAYS, Field.ALERT_THRESHOLD, Field.PACE_WEIGHTS,
    }
    assert "“someday”" in body["errors"][Field.HOLIDAYS]
    assert _campaign(bot).reminder_settings is None


def test_strangers_may_not_change_reminders(bot: BotHarness) -> None:
    bot.submit(View.NEW_CAMPAIGN, payloads.campaign_values())
    bot.standin.add_user("U_STRANGER", is_admin=False)
    bot.click(Action.OPEN_REMINDER_SETTINGS, "1", user="U_STRANGER")
    assert bot.standin.calls_to("views.open") == []
    assert "can change the reminders" in json.dumps(bot.standin.calls_to("chat.postEphemeral"))
    body = response_json(bot.submit(View.REMINDER_SETTINGS, _values(), user="U_STRANGER",
                                    private_metadata=ModalMetadata(campaign_id=1).dump()))
    assert "can change the reminders" in body["errors"][Field.REMINDER_HOUR]
    assert _campaign(bot).reminder_settings is None


def _with_country(choice: str) -> dict:
    return {**_values(), Field.HOLIDAY_COUNTRY: {"value": {"type": "static_select",
                                                           "selected_option": {"value": choice}}}}


def _country_block(view: dict) -> dict:
    [block] = [b for b in view["blocks"] if b.get("block_id") == Field.HOLIDAY_COUNTRY]
    return block


def test_public_holidays_follow_the_time_zone_and_can_be_chosen(bot: BotHarness) -> None:
    bot.standin.add_user("U_OWNER", locale="zh-CN")
    assert bot.submit(View.NEW_CAMPAIGN, payloads.campaign_values()).text == ""  # Asia/Shanghai, May 2026
    bot.click(Action.OPEN_REMINDER_SETTINGS, "1")
    [opened] = bot.standin.calls_to("views.open")
    block = _country_block(opened["view"])
    assert block["element"]["initial_option"]["value"] == "auto"
    assert block["element"]["initial_option"]["text"]["text"] == "按活动时区：中国"
    assert "5月1日 劳动节" in block["hint"]["text"] and "调休上班的周末：2026年5月9日" in block["hint"]["text"]
    assert _campaign(bot).country is None
    metadata = opened["view"]["private_metadata"]

    assert bot.submit(View.REMINDER_SETTINGS, _with_country("US"), private_metadata=metadata).text == ""
    assert _campaign(bot).country == "US"
    assert bot.submit(View.REMINDER_SETTINGS, _with_country("none"), private_metadata=metadata).text == ""
    assert _campaign(bot).country == ""
    bot.click(Action.OPEN_REMINDER_SETTINGS, "1")
    assert _country_block(bot.standin.calls_to("views.open")[-1]["view"])["element"]["initial_option"]["value"] \
        == "none"


def test_an_unknown_country_is_refused_on_its_field(bot: BotHarness) -> None:
    assert bot.submit(View.NEW_CAMPAIGN, payloads.campaign_values()).text == ""
    metadata = ModalMetadata(campaign_id=1).dump()
    response = response_json(bot.submit(View.REMINDER_SETTINGS, _with_country("XX"), private_metadata=metadata))
    assert response["response_action"] == "errors" and Field.HOLIDAY_COUNTRY in response["errors"]
    assert _campaign(bot).country is None and _campaign(bot).reminder_settings is None
