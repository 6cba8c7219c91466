"""F11: a database lock held past Slack's 3 seconds never leaves the person without an answer (and then a
duplicate when they try again): the submission is answered in time on its field, nothing is saved, and the
same submission goes through once the lock is gone."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, func, select, text

from bot.kernel.ids import Field, View
from storage.models import Campaign
from tests.support import payloads
from tests.support.harness import BotHarness, response_json

SLACK_DEADLINE = 3.0


@contextmanager
def writer_holding_the_lock(engine: Engine) -> Iterator[None]:
    """Another process in the middle of a long write transaction."""
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        if engine.dialect.name == "sqlite":
            cursor.execute("BEGIN IMMEDIATE")
        else:
            cursor.execute("LOCK TABLE campaign IN EXCLUSIVE MODE")
        yield
    finally:
        connection.rollback()
        connection.close()


def test_a_locked_database_is_answered_in_time_and_nothing_doubles(bot: BotHarness, engine: Engine) -> None:
    body = payloads.view_submission(View.NEW_CAMPAIGN, payloads.campaign_values(), user="U_OWNER")
    with writer_holding_the_lock(engine):
        started = time.monotonic()
        response = bot.post(body)
        elapsed = time.monotonic() - started
    assert elapsed < SLACK_DEADLINE
    answer = response_json(response)
    assert answer["response_action"] == "errors"
    assert "submit again" in answer["errors"][Field.NAME] and "Nothing was saved" in answer["errors"][Field.NAME]
    with bot.session() as session:
        assert session.scalar(select(func.count()).select_from(Campaign)) == 0
    assert bot.standin.calls_to("chat.postMessage") == []

    assert bot.post(body).text == ""  # the same submission, once the lock is gone
    assert bot.post(body).text == ""  # and again: still one campaign
    with bot.session() as session:
        assert session.scalar(select(func.count()).select_from(Campaign)) == 1


def test_after_the_answer_the_connection_waits_as_long_as_usual(bot: BotHarness, engine: Engine) -> None:
    """The short wait is for answering Slack in time only; pooled connections go back to the normal wait."""
    body = payloads.view_submission(View.NEW_CAMPAIGN, payloads.campaign_values(), user="U_OWNER")
    with writer_holding_the_lock(engine):
        bot.post(body)
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            assert connection.execute(text("PRAGMA busy_timeout")).scalar() >= 30000
