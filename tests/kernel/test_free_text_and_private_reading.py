"""Hostile round 3 (the issue's high finding's `/campaign summary` part, and its two medium findings), end to end
through signed requests: a review that cannot be drawn is answered in words; a control character in a complaint,
a lesson or a risk no longer breaks `/campaign export` for ever, and no log line carries what people typed; a
private channel's campaign is compared and listed only for its members and admins."""

from __future__ import annotations

import io
import json
from typing import Any

import openpyxl
import pytest
from sqlalchemy import func, select

from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.ids import View
from bot.review.service import posting as review_posting
from scheduler.passes import run_due
from storage.models import CampaignLesson, CampaignRisk, DailyReport, OutboxMessage
from tests.campaigns.test_private_campaigns import PRIVATE_REFUSAL, _campaign, _make_private
from tests.plan.test_risks import risk_values
from tests.review.test_review import lesson_values
from tests.runtime.test_json_logs import entries
from tests.support import payloads
from tests.support.harness import BotHarness, response_json

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


# --- medium: a control character in a complaint, a lesson or a risk, and `/campaign export` ----------------------

METADATA = ModalMetadata(campaign_id=1).dump()
# Word's soft line break (U+000B) and U+0001, both refused by XML 1.0 and so by openpyxl.
TYPED = f"Courier lost it\x0bsecond time\x01 — {SECRET}"
CLEANED = f"Courier lost it\nsecond time — {SECRET}"


def _everything_typed_with_control_characters(bot: BotHarness) -> None:
    _campaign(bot)
    run_due(bot.services, bot.clock.now())  # the campaign starts: lessons may be written
    assert bot.submit(View.DAILY_REPORT, payloads.report_values(day=bot.clock.now().date(), exposure="500",
                                                                feedback=TYPED, feedback_type="complaint"),
                      user="U_REP", private_metadata=METADATA).text == ""
    assert bot.submit(View.LESSONS, lesson_values(worked=TYPED, fell_short=TYPED, next_time=TYPED),
                      private_metadata=METADATA).text == ""
    assert bot.submit(View.RISK_REGISTER, risk_values(title=TYPED, mitigation=TYPED, owner="U_REP"),
                      private_metadata=METADATA).text == ""
    with bot.session() as session:  # stored as typed: what is cleaned is the copy written into the workbook
        assert TYPED in {report.feedback for report in session.scalars(select(DailyReport))}
        assert session.scalars(select(CampaignLesson)).one().worked == TYPED
        assert "\x01" in session.scalars(select(CampaignRisk)).one().title  # (its title's blanks are tidied)
    bot.standin.reset_calls()


def test_control_characters_no_longer_break_the_export(bot: BotHarness, json_log: io.StringIO) -> None:
    _everything_typed_with_control_characters(bot)
    response = bot.command("export Spring Sale")
    assert response.status_code == 200 and "Preparing the workbook of *Spring Sale*" in response.text
    assert bot.standin.calls_to("chat.postEphemeral") == []  # no "Something went wrong"
    [content] = bot.standin.uploads.values()
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    feedback = [row[13] for row in workbook["Daily reports"].iter_rows(min_row=2, values_only=True)]
    assert CLEANED in feedback
    lessons = list(workbook["Lessons"].iter_rows(min_row=2, values_only=True))
    assert [row[2:5] for row in lessons] == [(CLEANED, CLEANED, CLEANED)]
    cells = [cell for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row
             if isinstance(cell, str)]
    assert not any("\x0b" in cell or "\x01" in cell for cell in cells)
    assert _errors(json_log) == []
    assert SECRET not in json.dumps(entries(json_log), ensure_ascii=False)
    again = bot.command("export Spring Sale")  # and every export after
    assert "Preparing the workbook" in again.text and len(bot.standin.uploads) == 2


def test_a_failing_export_logs_no_typed_text(bot: BotHarness, monkeypatch: pytest.MonkeyPatch,
                                             json_log: io.StringIO) -> None:
    """Whatever else makes the workbook fail, the ERROR line names the error's kind and place, not the text its
    message quotes (openpyxl's IllegalCharacterError quoted the whole cell)."""
    from openpyxl.utils.exceptions import IllegalCharacterError

    from bot.export.render import workbook as export

    _everything_typed_with_control_characters(bot)

    def refusing(value: object) -> object:
        raise IllegalCharacterError(f"{value} cannot be used in worksheets.")

    monkeypatch.setattr(export, "safe_cell", refusing)
    bot.command("export Spring Sale")
    [told] = bot.standin.calls_to("chat.postEphemeral")
    assert told["user"] == "U_OWNER"
    [error] = _errors(json_log)
    assert "IllegalCharacterError" in error["message"] and "workbook.py" in error["message"]
    assert "exception" not in error  # no traceback text: it would quote the cell
    assert SECRET not in json.dumps(entries(json_log), ensure_ascii=False)


# --- medium: `/campaign compare` and `/campaign list` follow the reader policy of `status` -----------------------

def _private_and_public(bot: BotHarness) -> None:
    """Spring Sale (#1) in a private channel of U_OWNER, U_REP and U_MEMBER; Summer Sale (#2) in a public one."""
    _campaign(bot)
    assert bot.submit(View.NEW_CAMPAIGN, payloads.campaign_values(name="Summer Sale", channel="C_SUMMER")).text == ""
    _make_private(bot, "U_OWNER", "U_REP", "U_MEMBER")
    bot.standin.reset_calls()


def _listed(bot: BotHarness, user: str) -> str:
    return json.dumps(response_json(bot.command("list", user=user, channel="C_OTHER")), ensure_ascii=False)


@pytest.mark.parametrize("text", ['compare "Spring Sale" "Summer Sale"', "compare Summer Sale Spring Sale",
                                  "compare #2 #1"])
def test_compare_refuses_a_private_channels_campaign_to_outsiders(bot: BotHarness, text: str) -> None:
    _private_and_public(bot)
    response = bot.command(text, user="U_OUTSIDER", channel="C_OTHER")
    assert PRIVATE_REFUSAL in response.text
    assert "Blossom" not in response.text and "1,000" not in response.text and "May" not in response.text
    assert bot.standin.calls_to("conversations.members")  # asked of Slack, not guessed


@pytest.mark.parametrize("user", ["U_MEMBER", "U_ADMIN"])
def test_compare_answers_the_channels_members_and_admins(bot: BotHarness, user: str) -> None:
    _private_and_public(bot)
    body = response_json(bot.command('compare "Spring Sale" "Summer Sale"', user=user, channel="C_OTHER"))
    header = body["blocks"][1]["fields"]
    assert header[0]["text"].startswith("*Spring Sale*") and header[1]["text"].startswith("*Summer Sale*")


def test_list_names_a_private_channels_campaign_only_to_its_members_and_admins(bot: BotHarness) -> None:
    _private_and_public(bot)
    outsider = _listed(bot, "U_OUTSIDER")
    assert "Summer Sale" in outsider and "Spring Sale" not in outsider and "#1)" not in outsider
    for user in ("U_MEMBER", "U_ADMIN", "U_OWNER"):
        shown = _listed(bot, user)
        assert "Spring Sale" in shown and "Summer Sale" in shown, user


def test_the_list_counts_only_what_it_may_show(bot: BotHarness) -> None:
    _private_and_public(bot)
    for number in range(50):  # more than a page of public campaigns besides the private one
        assert bot.submit(View.NEW_CAMPAIGN, payloads.campaign_values(name=f"Public {number:02d}",
                                                                      channel="C_SUMMER")).text == ""
    outsider = _listed(bot, "U_OUTSIDER")
    assert "Showing the newest 48 of 51" in outsider and "Spring Sale" not in outsider
    assert "Showing the newest 48 of 52" in _listed(bot, "U_MEMBER")
