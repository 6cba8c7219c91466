"""Only requests signed by Slack, and recent, are served."""

from __future__ import annotations

import time

from sqlalchemy import func, select

from bot.kernel.ids import View
from storage.models import Campaign
from tests.support import payloads
from tests.support.harness import BotHarness


def _campaigns(bot: BotHarness) -> int:
    with bot.session() as session:
        return session.scalar(select(func.count()).select_from(Campaign)) or 0


def test_healthz(bot: BotHarness) -> None:
    response = bot.http.get("/healthz")
    assert (response.status_code, response.text) == (200, "ok")


def test_forged_signature_is_refused_and_changes_nothing(bot: BotHarness) -> None:
    body = payloads.view_submission(View.NEW_CAMPAIGN, payloads.campaign_values(), user="U_OWNER")
    response = bot.post(body, payloads.signed_headers(body, secret="not-the-secret"))
    assert response.status_code == 401
    assert _campaigns(bot) == 0
    assert bot.standin.methods() == []


def test_stale_timestamp_is_refused(bot: BotHarness) -> None:
    body = payloads.slash_command("new", user="U_OWNER")
    response = bot.post(body, payloads.signed_headers(body, timestamp=int(time.time()) - 6 * 60))
    assert response.status_code == 401
    assert bot.standin.methods() == []


def test_tampered_body_is_refused(bot: BotHarness) -> None:
    body = payloads.view_submission(View.NEW_CAMPAIGN, payloads.campaign_values(), user="U_OWNER")
    headers = payloads.signed_headers(body)
    tampered = body.replace("Spring", "Autumn")
    assert bot.post(tampered, headers).status_code == 401
    assert _campaigns(bot) == 0


def test_missing_signature_is_refused(bot: BotHarness) -> None:
    body = payloads.slash_command("list", user="U_OWNER")
    assert bot.post(body, {"Content-Type": "application/x-www-form-urlencoded"}).status_code == 401
