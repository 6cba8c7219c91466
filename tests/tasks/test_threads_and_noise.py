"""Threads and noise: a date-only due is a date wherever its owner lives; overdue nudges end with the
campaign (the review lists what was left)."""

from __future__ import annotations

import json

from sqlalchemy import select

from storage.models import Task
from tests.support import payloads
from tests.support.scenario_clock import Scenario, at


def test_a_date_only_due_is_shown_as_its_date_to_an_owner_in_another_time_zone(scenario: Scenario) -> None:
    with scenario.bot.session() as session:
        task = session.scalars(select(Task)).one()  # 主视觉设计, due 5月13日 (a date: the end of that day in Shanghai)
        task.owner_tz = "America/Chicago"
        task.next_reminder_at = at("05-10 22:00")  # 09:00 in Chicago, three days before
    scenario.bot.standin.add_member("U_WANG", "Wang Fang", tz="America/Chicago")  # awake: it is morning there
    scenario.tick("05-10 22:00")
    [reminder] = scenario.dms()
    assert "is due in 3 days, May 13, 2026." in reminder
    assert "AM" not in reminder and "PM" not in reminder  # not "10:59 AM", the hour 23:59 in Shanghai is there


def test_overdue_nudges_stop_when_the_campaign_ends(scenario: Scenario) -> None:
    scenario.tick("05-01 00:00")
    scenario.tick("05-29 09:00")
    assert "overdue" in scenario.dms()[-1]  # the last working day of the campaign still nudges
    scenario.bot.standin.reset_calls()
    for when in ("06-01 09:00", "06-02 09:00", "06-03 09:00"):
        scenario.tick(when)
    assert scenario.dms() == [] and scenario.dms("U_OWNER") == []
    with scenario.bot.session() as session:
        assert session.scalars(select(Task.next_reminder_at)).one() is None
    review = [post for post in scenario.bot.standin.calls_to("chat.postMessage") if post["channel"] == payloads.CHANNEL]
    assert "主视觉设计" in json.dumps(review, ensure_ascii=False)  # what was left is in the review
