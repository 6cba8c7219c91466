"""An anomaly day opens one incident per campaign listing every KPI (not one per KPI), names the lagging source by
its pace and the sources without a report; a second report racing on the same incident never answers an error."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.ids import View
from scheduler.passes import run_due
from storage.models import DailyReport, Incident
from storage.repositories import incidents as incident_repository
from storage.session import session_scope
from tests.support import payloads
from tests.support.harness import BotHarness
from tests.support.scenarios import running

SHANGHAI = ZoneInfo("Asia/Shanghai")
META = ModalMetadata(campaign_id=1).dump()


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 5, day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture
def campaign(bot: BotHarness) -> BotHarness:
    """May 2026 with five KPIs, three sources and a reporter; running from May 1."""
    kpis = {"exposure": "3100000", "clicks": "310000", "participants": "31000", "conversions": "3100",
            "sales": "3100000"}
    running(bot, kpis=kpis, reporters={"U_REP": {"tz": "Asia/Shanghai"}}, sources="WeChat\nDouyin\nStores",
            started=True, now=None, reset_calls=False)
    return bot


def _report(bot: BotHarness, day: int, source: str, **figures: object) -> None:
    with bot.session() as session:
        session.add(DailyReport(campaign_id=1, day=date(2026, 5, day), source=source, reporter_id="U_REP",
                                created_at=at(day, 20), updated_at=at(day, 20), **figures))


def _on_pace(bot: BotHarness, day: int) -> None:
    _report(bot, day, "WeChat", exposure=60_000, clicks=6_000, participants=600, conversions=60, sales=60_000)
    _report(bot, day, "Douyin", exposure=40_000, clicks=4_000, participants=400, conversions=40, sales=40_000)


def _incidents(bot: BotHarness) -> list[Incident]:
    with bot.session() as session:
        return list(session.scalars(select(Incident).order_by(Incident.id)))


def test_an_anomaly_day_is_one_incident_listing_every_kpi(campaign: BotHarness) -> None:
    _on_pace(campaign, 1)
    _on_pace(campaign, 2)
    _report(campaign, 3, "WeChat", exposure=20_000, clicks=1_000, participants=100, conversions=5, sales=5_000)
    campaign.clock.set(at(3, 21))
    run_due(campaign.services, at(3, 21))
    assert _incidents(campaign) == []  # 1 of 3 sources in at 21:00: May 3 is not judged yet
    campaign.standin.reset_calls()
    campaign.clock.set(at(4, 21))
    run_due(campaign.services, at(4, 21))  # May 3 is over: judged as reported, Douyin and Stores named
    [incident] = _incidents(campaign)
    assert "May 3, 2026" in incident.description
    assert incident.kind == "traffic" and incident.dedupe_key == "anomaly:traffic"
    for metric in ("Exposure", "Clicks", "Participants", "Conversions", "Sales"):
        assert metric in incident.description
    assert "WeChat" in incident.description and "of its usual day" in incident.description
    assert "Douyin" in incident.description and "Stores" in incident.description  # no report on May 3
    posts = campaign.standin.calls_to("chat.postMessage")
    assert sum(1 for post in posts if "Incident #" in post["text"]) <= 3  # one card and its first DMs, not 60


def test_a_second_check_of_the_day_updates_the_same_incident(campaign: BotHarness) -> None:
    _on_pace(campaign, 1)
    _on_pace(campaign, 2)
    _report(campaign, 3, "WeChat", exposure=20_000, clicks=1_000)
    campaign.clock.set(at(3, 21))
    run_due(campaign.services, at(3, 21))
    campaign.clock.set(at(4, 10))
    response = campaign.submit(View.DAILY_REPORT, payloads.report_values(day=date(2026, 5, 3), source="Douyin",
                                                                          exposure="1000"),
                               user="U_REP", private_metadata=META)
    assert response.text == ""
    [incident] = _incidents(campaign)
    assert incident.dedupe_key == "anomaly:traffic"


def test_a_report_racing_another_on_the_incident_never_answers_an_error(campaign: BotHarness,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    _on_pace(campaign, 1)
    _report(campaign, 2, "WeChat", exposure=1_000, clicks=100)
    campaign.clock.set(at(3, 10))
    real = incident_repository.open_incident_by_key
    raced: list[bool] = []

    def racing(**kwargs: object) -> Incident | None:
        """The other report's transaction opens and commits the day's incident right after our lookup."""
        found = real(**kwargs)  # type: ignore[arg-type]
        if found is None and not raced:
            raced.append(True)
            with session_scope(campaign.services.sessions) as other:
                other.add(Incident(campaign_id=1, kind="traffic", severity="minor", description="by the other report",
                                   reporter_id="campaignbot", responder_id="U_OWNER", status="open",
                                   created_at=at(3, 10), updated_at=at(3, 10), stepped_at=at(3, 10), run_id="x",
                                   dedupe_key=kwargs["dedupe_key"]))  # type: ignore[arg-type]
        return found

    monkeypatch.setattr(incident_repository, "open_incident_by_key", racing)
    response = campaign.submit(View.DAILY_REPORT, payloads.report_values(day=date(2026, 5, 2), source="Douyin",
                                                                          exposure="100"),
                               user="U_REP", private_metadata=META)
    assert response.text == "" and raced
    [incident] = _incidents(campaign)  # the other one, updated with this check's words
    assert incident.description != "by the other report"
    assert not any("went wrong" in note["text"] for note in campaign.standin.calls_to("chat.postEphemeral"))
    with campaign.session() as session:
        assert sorted(session.scalars(select(DailyReport.source).where(DailyReport.day == date(2026, 5, 2)))) \
            == ["Douyin", "WeChat"]


def test_a_failing_pace_check_never_answers_the_reporter_with_an_error(campaign: BotHarness,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.pace.service import anomalies as anomaly_service

    def broken(**_kwargs: object) -> Incident:
        raise RuntimeError("database went away mid-check")

    monkeypatch.setattr(anomaly_service, "open_incident", broken)
    _on_pace(campaign, 1)
    _report(campaign, 2, "WeChat", exposure=1_000, clicks=100)
    campaign.clock.set(at(3, 10))
    response = campaign.submit(View.DAILY_REPORT, payloads.report_values(day=date(2026, 5, 2), source="Douyin",
                                                                          exposure="100"),
                               user="U_REP", private_metadata=META)
    assert response.text == ""
    assert campaign.standin.calls_to("chat.postEphemeral") == []
    receipts = [post for post in campaign.standin.calls_to("chat.postMessage") if post["channel"] == "U_REP"]
    assert len(receipts) == 1 and "went wrong" not in receipts[0]["text"]
