"""A campaign with one imported task and one milestone, approved, ready for clock-driven passes (the `scenario`
fixture, registered in tests/conftest.py)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.ids import View
from scheduler.passes import PassReport, run_due
from storage.models import Campaign, OutboxMessage
from tests.support import payloads
from tests.support.harness import BotHarness, response_json
from tests.support.scenarios import new_campaign

SHANGHAI = ZoneInfo("Asia/Shanghai")
TABLE = "任务\t负责人\t完成时间\t阶段\n主视觉设计\tWang Fang\t5月13日\t预热期\n上线日\t\t5月15日\t里程碑\n"


def at(text: str) -> datetime:
    """`05-13 09:00` in Shanghai, in 2026."""
    return datetime.strptime(f"2026-{text}", "%Y-%m-%d %H:%M").replace(tzinfo=SHANGHAI)


class Scenario:
    def __init__(self, bot: BotHarness) -> None:
        self.bot = bot

    def tick(self, when: str | datetime) -> PassReport:
        instant = at(when) if isinstance(when, str) else when
        self.bot.clock.set(instant)
        return run_due(self.bot.services, instant)

    def dms(self, user: str = "U_WANG") -> list[str]:
        return [post["text"] for post in self.bot.standin.calls_to("chat.postMessage") if post["channel"] == user]

    def channel(self) -> list[str]:
        return [post["text"] for post in self.bot.standin.calls_to("chat.postMessage")
                if post["channel"] == payloads.CHANNEL]

    def outbox(self) -> list[OutboxMessage]:
        with self.bot.session() as session:
            return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))

    def campaign(self) -> Campaign:
        with self.bot.session() as session:
            return session.scalars(select(Campaign)).one()


@pytest.fixture
def scenario(bot: BotHarness) -> Scenario:
    bot.standin.add_member("U_WANG", "Wang Fang", tz="Asia/Shanghai")
    new_campaign(bot, warmup=at("05-01 00:00").date(), burst=at("05-11 00:00").date(), approve=True)
    preview = response_json(bot.submit(View.IMPORT_TABLE, payloads.table_values(text=TABLE),
                                       private_metadata=ModalMetadata(campaign_id=1).dump()))
    assert bot.submit(View.IMPORT_PREVIEW, payloads.preview_values(),
                      private_metadata=preview["view"]["private_metadata"]).text
    bot.standin.reset_calls()
    return Scenario(bot)
