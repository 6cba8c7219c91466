"""Campaign start, phases, milestones and end, in the campaign channel."""

from __future__ import annotations

from sqlalchemy import select

from bot.kernel.ids import View
from storage.models import CampaignStatusChange
from tests.support.scenario_clock import Scenario, at


def test_start_runs_the_campaign_and_announces_it_once(scenario: Scenario) -> None:
    assert scenario.campaign().status == "approved"
    scenario.tick("04-30 23:59")
    assert scenario.channel() == []
    scenario.tick("05-01 00:00")
    assert scenario.campaign().status == "running"
    assert "*Spring Sale* starts today and is now running" in scenario.channel()[0]
    scenario.tick("05-01 09:00")
    assert "warm-up phase" in scenario.channel()[1]
    scenario.tick("05-01 09:00")
    assert len(scenario.channel()) == 2
    with scenario.bot.session() as session:
        moves = session.scalars(select(CampaignStatusChange.to_status).order_by(CampaignStatusChange.id)).all()
    assert moves == ["draft", "approved", "running"]


def test_milestone_reminders_in_the_channel(scenario: Scenario) -> None:
    scenario.tick("05-12 09:00")
    scenario.tick("05-14 09:00")
    scenario.tick("05-15 09:00")
    milestones = [text for text in scenario.channel() if "Milestone" in text or "milestone" in text]
    assert milestones == [
        "🏁 Milestone *上线日* of *Spring Sale* is in 3 days, on May 15, 2026.",
        "🏁 Milestone *上线日* of *Spring Sale* is in 1 day, on May 15, 2026.",
        "🏁 Today is milestone *上线日* of *Spring Sale*.",
    ]


def test_end_moves_to_evaluation_even_after_downtime(scenario: Scenario) -> None:
    scenario.tick("05-01 00:00")
    scenario.tick("06-03 10:00")  # down for the whole end of the campaign
    assert scenario.campaign().status == "evaluating"
    assert not any("ended" in text for text in scenario.channel())  # too late to announce
    assert scenario.campaign().next_event_at is None


def test_late_approval_still_starts_the_campaign(bot) -> None:  # type: ignore[no-untyped-def]
    from bot.kernel.ids import View
    from tests.support import payloads
    from tests.support.scenario_clock import Scenario, at

    assert bot.submit(View.NEW_CAMPAIGN, payloads.campaign_values()).text == ""
    bot.clock.set(at("05-03 10:00"))
    bot.approve("1")
    scenario = Scenario(bot)
    scenario.tick("05-03 10:01")
    assert scenario.campaign().status == "running"


def test_the_review_follows_the_end_at_ten_once(scenario: Scenario) -> None:
    scenario.tick("05-01 00:00")
    scenario.tick("06-01 00:00")
    assert scenario.campaign().status == "evaluating"
    assert scenario.campaign().next_event_at == at("06-01 10:00")
    scenario.tick("06-01 09:59")
    assert not any("review" in text for text in scenario.channel())
    scenario.tick("06-01 10:00")
    scenario.tick("06-01 10:00")
    scenario.tick("06-02 10:00")
    reviews = [text for text in scenario.channel() if "review" in text]
    assert reviews == ["The review (复盘) of Spring Sale"]
    assert scenario.campaign().next_event_at is None


def test_after_downtime_the_review_is_still_posted(scenario: Scenario) -> None:
    scenario.tick("05-01 00:00")
    scenario.tick("06-03 10:00")  # down from before the end until two days after it
    assert [text for text in scenario.channel() if "review" in text] == ["The review (复盘) of Spring Sale"]
    kinds = {row.idempotency_key: row.status for row in scenario.outbox() if row.kind.startswith("review")}
    assert kinds == {"campaign:1:review:2026-05-31": "sent", "campaign:1:review:2026-05-31:chart": "sent",
                     "campaign:1:review:2026-05-31:pdf": "sent"}


def test_a_campaign_that_never_ran_has_no_review(bot) -> None:  # type: ignore[no-untyped-def]
    from tests.support import payloads

    assert bot.submit(View.NEW_CAMPAIGN, payloads.campaign_values()).text == ""  # a draft, never approved
    scenario = Scenario(bot)
    scenario.tick("06-02 10:00")
    assert scenario.campaign().status == "draft"
    assert not any(row.kind.startswith("review") for row in scenario.outbox())
