"""A NUL character typed or pasted into any field is dropped before the bot reads it: PostgreSQL would refuse it
in a text column and the person would get a 500. Driven end to end on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.ids import View
from storage.models import Campaign, DailyReport, Incident, Task
from tests.support import payloads
from tests.support.harness import BotHarness, response_json
from tests.support.scenarios import new_campaign

SHANGHAI = ZoneInfo("Asia/Shanghai")
METADATA = ModalMetadata(campaign_id=1, channel_id=payloads.CHANNEL).dump()


NULS = {"name": "Spring\x00 Sale", "theme": "Blossom\x00 deals"}


def test_a_nul_in_a_modal_field_is_dropped(bot: BotHarness) -> None:
    new_campaign(bot, **NULS)
    with bot.session() as session:
        campaign = session.scalars(select(Campaign)).one()
    assert (campaign.name, campaign.theme) == ("Spring Sale", "Blossom deals")


def test_a_nul_in_slash_command_text_is_dropped(bot: BotHarness) -> None:
    new_campaign(bot, **NULS)
    response = bot.command("status Spring\x00 Sale")
    assert response.status_code == 200
    assert "Spring Sale" in response.text or bot.standin.calls


def test_a_nul_in_an_incident_description_and_report_feedback_is_dropped(bot: BotHarness) -> None:
    new_campaign(bot, approve=True, **NULS)
    bot.standin.add_member("UWANG01", "Wang Fang")
    assert bot.submit(View.REPORTING_SETUP, payloads.reporting_values(reporters=["UWANG01"], sources="All\x00, Web"),
                      private_metadata=METADATA).status_code == 200
    bot.clock.set(datetime(2026, 5, 6, 14, 0, tzinfo=SHANGHAI))
    reported = bot.submit(View.REPORT_INCIDENT, payloads.incident_values(description="Main\x00 screen down"),
                          user="UWANG01", private_metadata=METADATA)
    assert reported.status_code == 200
    bot.clock.set(datetime(2026, 5, 3, 20, 0, tzinfo=SHANGHAI))
    filed = bot.submit(View.DAILY_REPORT, payloads.report_values(day=date(2026, 5, 2), exposure="1000",
                                                                 feedback="Too\x00 slow", feedback_type="complaint"),
                       user="UWANG01", private_metadata=METADATA)
    assert (filed.status_code, filed.text) == (200, "")
    with bot.session() as session:
        assert session.scalars(select(Incident.description)).one() == "Main screen down"
        assert session.scalars(select(DailyReport.feedback)).one() == "Too slow"


def test_a_nul_in_an_imported_table_and_milestone_name_is_dropped(bot: BotHarness) -> None:
    new_campaign(bot, approve=True, **NULS)
    bot.standin.add_member("U_WANG", "Wang Fang")
    table = "任务\t负责人\t完成时间\t阶段\n主视觉\x00设计\tWang Fang\t5月13日\t预热期\n上线\x00日\t\t5月15日\t里程碑\n"
    preview = response_json(bot.submit(View.IMPORT_TABLE, payloads.table_values(text=table),
                                       private_metadata=ModalMetadata(campaign_id=1).dump()))
    confirmed = bot.submit(View.IMPORT_PREVIEW, payloads.preview_values(),
                           private_metadata=preview["view"]["private_metadata"])
    assert confirmed.status_code == 200
    with bot.session() as session:
        titles = set(session.scalars(select(Task.title)))
    assert "主视觉设计" in titles and not any("\x00" in title for title in titles)
