"""The satisfaction question (满意度) end to end: asked once in the campaign channel on the first working day after
the end (a weekend skipped), answered with 1–5 buttons (one answer a person, changeable, confirmed privately), the
question edited in place with the count, and the average in the review and the export."""

from __future__ import annotations

import io
import json
from datetime import date
from typing import Any

import openpyxl
import pytest
from sqlalchemy import select

from bot.kernel.ids import Action
from storage.models import OutboxMessage, SatisfactionAnswer
from tests.support import payloads
from tests.support.harness import BotHarness
from tests.support.scenario_clock import Scenario, at
from tests.support.scenarios import running

QUESTION = "How satisfied were you with Spring Sale?"


@pytest.fixture
def ended_on_friday(bot: BotHarness) -> Scenario:
    """Spring Sale, May 1–29, 2026 (the 29th a Friday), run by the scheduler to its end."""
    running(bot, end=date(2026, 5, 29), started=True, now=None, reset_calls=False)
    scenario = Scenario(bot)
    scenario.tick("05-30 00:00")
    assert scenario.campaign().status == "evaluating"
    return scenario


def _questions(scenario: Scenario) -> list[dict[str, Any]]:
    return [post for post in scenario.bot.standin.calls_to("chat.postMessage")
            if post["channel"] == payloads.CHANNEL and post["text"] == QUESTION]


def _answer(scenario: Scenario, score: int, user: str) -> None:
    question = next(row for row in scenario.outbox() if row.kind == "satisfaction")
    assert question.message_ts
    scenario.bot.click(f"{Action.SATISFACTION_PREFIX.value}{score}", "1", user=user, message_ts=question.message_ts)


def _ephemerals(bot: BotHarness, user: str) -> list[str]:
    return [call["text"] for call in bot.standin.calls_to("chat.postEphemeral") if call["user"] == user]


def test_the_question_comes_once_on_the_first_working_day_after_the_end(ended_on_friday: Scenario) -> None:
    scenario = ended_on_friday
    scenario.tick("05-30 10:00")  # Saturday: the review, but nobody is at work to answer
    assert "The review (复盘) of Spring Sale" in scenario.channel()
    assert _questions(scenario) == []
    assert scenario.campaign().next_event_at == at("06-01 10:00")
    scenario.tick("05-31 10:00")
    assert _questions(scenario) == []
    scenario.tick("06-01 09:59")
    assert _questions(scenario) == []
    scenario.tick("06-01 10:00")  # Monday
    scenario.tick("06-01 10:00")
    scenario.tick("06-02 10:00")
    [question] = _questions(scenario)
    blocks = question["blocks"]
    assert "How satisfied were you with this campaign?" in blocks[0]["text"]["text"]
    buttons = [(e["text"]["text"], e["action_id"], e["value"]) for e in blocks[1]["elements"]]
    assert buttons == [(str(n), f"satisfaction_{n}", "1") for n in range(1, 6)]
    assert "no answers yet" in json.dumps(blocks[2])
    assert scenario.campaign().next_event_at is None


def test_on_a_weekday_the_question_comes_with_the_review(bot: BotHarness) -> None:
    running(bot, end=date(2026, 5, 27), started=True, now=None, reset_calls=False)  # a Wednesday
    scenario = Scenario(bot)
    scenario.tick("05-28 00:00")
    scenario.tick("05-28 10:00")
    texts = scenario.channel()
    assert texts.count(QUESTION) == 1 and texts.index(QUESTION) > texts.index("The review (复盘) of Spring Sale")


def test_answers_one_a_person_changeable_counted_on_the_question(ended_on_friday: Scenario) -> None:
    scenario, bot = ended_on_friday, ended_on_friday.bot
    scenario.tick("06-01 10:00")
    [_question] = _questions(scenario)
    bot.standin.reset_calls()
    bot.clock.set(at("06-01 11:00"))
    _answer(scenario, 4, "U_ANNA")
    assert _ephemerals(bot, "U_ANNA") == ["Thank you: your answer 4 / 5 is counted."]
    [edit] = bot.standin.calls_to("chat.update")
    with bot.session() as session:
        asked = session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "satisfaction")).one()
    assert (edit["channel"], edit["ts"]) == (payloads.CHANNEL, asked.message_ts)
    assert "1 answer so far" in json.dumps(edit["blocks"]) and "U_ANNA" not in json.dumps(edit["blocks"])

    _answer(scenario, 2, "U_ANNA")  # a second click replaces the first
    assert _ephemerals(bot, "U_ANNA")[-1] == "Your answer is now 2 / 5 (it replaces your earlier one)."
    assert "1 answer so far" in json.dumps(bot.standin.calls_to("chat.update")[-1]["blocks"])
    _answer(scenario, 5, "U_BEN")  # anyone in the channel may answer
    assert "2 answers so far" in json.dumps(bot.standin.calls_to("chat.update")[-1]["blocks"])
    with bot.session() as session:
        answers = sorted((a.user_id, a.score) for a in session.scalars(select(SatisfactionAnswer)))
        updates = session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "update")).all()
    assert answers == [("U_ANNA", 2), ("U_BEN", 5)]
    assert {row.status for row in updates} <= {"sent", "skipped"}

    # The review and the export show the average (2 + 5) / 2 and the count.
    bot.clock.set(at("06-01 12:00"))
    bot.standin.reset_calls()
    bot.command("summary")
    [review] = [post for post in bot.standin.calls_to("chat.postMessage") if "review" in post["text"]]
    section = next(b["text"]["text"] for b in review["blocks"] if b.get("block_id") == "review-satisfaction")
    assert section == "*Satisfaction*\nSatisfaction 3.5 / 5 from 2 answers"
    bot.command("export")
    [content] = [c for c in bot.standin.uploads.values() if c.startswith(b"PK")]
    sheet = openpyxl.load_workbook(io.BytesIO(content))["Review"]
    rows = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0]}
    assert rows["Satisfaction"] == "Satisfaction 3.5 / 5 from 2 answers"


def test_a_click_on_a_campaign_never_asked_changes_nothing(ended_on_friday: Scenario) -> None:
    _scenario, bot = ended_on_friday, ended_on_friday.bot
    bot.click(f"{Action.SATISFACTION_PREFIX.value}3", "1", user="U_ANNA")  # before the question was asked
    bot.click(f"{Action.SATISFACTION_PREFIX.value}9", "1", user="U_ANNA")  # a score the bot never offers
    with bot.session() as session:
        assert session.scalars(select(SatisfactionAnswer)).all() == []
    said = _ephemerals(bot, "U_ANNA")
    assert said and all("no longer open" in text for text in said)


def test_the_export_says_no_answers_yet(ended_on_friday: Scenario) -> None:
    bot = ended_on_friday.bot
    bot.command("export")
    [content] = [c for c in bot.standin.uploads.values() if c.startswith(b"PK")]
    sheet = openpyxl.load_workbook(io.BytesIO(content))["Review"]
    rows = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0]}
    assert rows["Satisfaction"] == "Satisfaction: no answers yet"
