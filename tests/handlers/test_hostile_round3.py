"""Hostile round 3 (the issue's high finding's `/campaign summary` part, and its two medium findings), end to end
through signed requests: a review that cannot be drawn is answered in words; a control character in a complaint,
a lesson or a risk no longer breaks `/campaign export` for ever, and no log line carries what people typed; a
private channel's campaign is compared and listed only for its members and admins."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.usecases import review_posting
from storage.models import OutboxMessage
from tests.handlers.test_hostile_round2 import _campaign
from tests.runtime.test_json_logs import entries
from tests.support.harness import BotHarness

SECRET = "Blossom deals for Mrs Wang 138-0000-0000"  # what a person typed: never in a log line


def _errors(log: io.StringIO) -> list[dict[str, Any]]:
    return [entry for entry in entries(log) if entry["level"] in ("ERROR", "CRITICAL")]


# --- the high finding: `/campaign summary` when the review cannot be drawn --------------------------------------

def test_a_review_that_cannot_be_drawn_is_answered_in_words(bot: BotHarness, monkeypatch: pytest.MonkeyPatch,
                                                             json_log: io.StringIO) -> None:
    _campaign(bot)

    def broken(package: Any, **kwargs: Any) -> Any:
        raise ValueError(f"cannot draw {package.subject.name}: {SECRET}")

    monkeypatch.setattr(review_posting, "render_files", broken)
    response = bot.command("summary Spring Sale")
    assert response.status_code == 200 and response.text.startswith("Posting the review of *Spring Sale*")
    [told] = bot.standin.calls_to("chat.postEphemeral")
    assert told["user"] == "U_OWNER"
    assert told["text"].startswith("The review of *Spring Sale* could not be put together, so nothing was posted")
    assert "(campaign #1)" in told["text"]
    with bot.session() as session:  # nothing half-posted
        assert session.scalar(select(func.count()).select_from(OutboxMessage)
                              .where(OutboxMessage.kind.like("review%"))) == 0
    [error] = _errors(json_log)
    assert error["campaign_id"] == 1 and "ValueError" in error["message"]
    assert SECRET not in json.dumps(entries(json_log), ensure_ascii=False)

    monkeypatch.undo()  # drawn again: asked again, it is posted
    bot.standin.reset_calls()
    assert bot.command("summary Spring Sale").text.startswith("Posting the review")
    assert bot.standin.calls_to("chat.postEphemeral") == []
    assert any(post["text"].startswith("The review") for post in bot.standin.calls_to("chat.postMessage"))
