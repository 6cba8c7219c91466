"""F1 end to end: a hostile campaign name reaches Slack escaped everywhere, top-level `text` included."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.ids import View
from storage.models import Campaign
from tests.support import payloads
from tests.support.harness import BotHarness, response_json
from tests.support.hostile import assert_escaped, mrkdwn_texts

NAME = "<!channel> <@U1> <https://evil.example|x> & co"


def _every_text(call: dict[str, Any]) -> list[str]:
    return [call.get("text") or "", *mrkdwn_texts(call.get("blocks") or [])]


def test_hostile_name_is_escaped_in_the_card_status_and_incident_posts(bot: BotHarness) -> None:
    assert bot.submit(View.NEW_CAMPAIGN, payloads.campaign_values(name=NAME)).text == ""
    with bot.session() as session:
        campaign_id = session.scalars(select(Campaign.id)).one()
    [card] = bot.standin.calls_to("chat.postMessage")
    for text in _every_text(card):
        assert_escaped(text, "announcement")
    assert "&lt;!channel&gt;" in card["text"]

    status = response_json(bot.command(f"status #{campaign_id}"))
    for text in _every_text(status):
        assert_escaped(text, "status")

    bot.standin.reset_calls()
    response = bot.submit(View.REPORT_INCIDENT, payloads.incident_values(description=NAME), user="U_REPORTER",
                          private_metadata=ModalMetadata(campaign_id=campaign_id).dump())
    assert response.status_code == 200
    posts = bot.standin.calls_to("chat.postMessage")
    assert posts
    for post in posts:
        for text in _every_text(post):
            assert_escaped(text, "incident post")


def test_unknown_subcommand_is_echoed_escaped(bot: BotHarness) -> None:
    answer = response_json(bot.command("<!channel>"))
    assert_escaped(answer["text"], "help text")
    for text in mrkdwn_texts(answer["blocks"]):
        assert_escaped(text, "help blocks")
