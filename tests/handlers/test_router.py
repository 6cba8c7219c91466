"""`/campaign list`, `status`, `help`, unknown sub-commands, the time-zone picker and editing."""

from __future__ import annotations

import json

from sqlalchemy import select

from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.ids import Action, Field, View
from storage.models import Campaign, KpiTarget
from tests.support import payloads
from tests.support.harness import BotHarness, response_json
from tests.support.scenarios import new_campaign


def test_help_and_unknown_subcommands_answer_with_help(bot: BotHarness) -> None:
    for text in ("help", "", "frobnicate"):
        body = response_json(bot.command(text))
        rendered = json.dumps(body["blocks"])
        assert "/campaign new" in rendered and "/campaign status" in rendered
    assert "I don't know `/campaign frobnicate`" in json.dumps(response_json(bot.command("frobnicate")))
    # Answered in the acknowledgement itself: besides Bolt's one-time auth.test, only the caller's profile
    # (for their language) is looked up, once, then cached.
    assert set(bot.standin.methods()) <= {"auth.test", "users.info"}
    assert bot.standin.methods().count("users.info") == 1


def test_list_shows_live_campaigns_newest_first(bot: BotHarness) -> None:
    assert "No live campaigns yet" in bot.command("list").text
    new_campaign(bot, name="Older")
    new_campaign(bot, name="Newer")
    with bot.session() as session:
        session.scalars(select(Campaign).where(Campaign.name == "Older")).one().created_at = bot.clock.now().replace(
            year=2025
        )
        cancelled = _create_cancelled(session)
    body = response_json(bot.command("list"))
    lines = [block["text"]["text"] for block in body["blocks"] if block["type"] == "section"]
    assert [line.split("*")[1] for line in lines] == ["Newer", "Older"]
    assert cancelled not in json.dumps(body)
    assert "Draft" in lines[0] and "<@U_OWNER>" in lines[0]


def _create_cancelled(session) -> str:  # type: ignore[no-untyped-def]
    from storage.models import Campaign as Model

    first = session.scalars(select(Model)).first()
    clone = Model(**{**first.model_dump(exclude={"id"}), "name": "Gone", "status": "cancelled"})
    session.add(clone)
    return "Gone"


def test_list_pages_within_slacks_block_limit(bot: BotHarness) -> None:
    for index in range(55):
        new_campaign(bot, name=f"Campaign {index:02d}")
    body = response_json(bot.command("list"))
    assert len(body["blocks"]) <= 50
    assert "Showing the newest 48 of 55" in json.dumps(body["blocks"])


def test_status_by_channel_name_and_id(bot: BotHarness) -> None:
    campaign_id = new_campaign(bot, name="Spring Sale", kpis={"exposure": "1000"})
    in_channel = json.dumps(response_json(bot.command("status")))
    assert "Spring Sale" in in_channel and "Exposure: 1,000" in in_channel
    elsewhere = json.dumps(response_json(bot.command("status spring sale", channel="C_OTHER")))
    assert "Spring Sale" in elsewhere
    by_id = json.dumps(response_json(bot.command(f"status #{campaign_id}", channel="C_OTHER")))
    assert "Spring Sale" in by_id


def test_status_explains_what_is_missing(bot: BotHarness) -> None:
    assert "Which campaign?" in bot.command("status", channel="C_OTHER").text
    assert "can't find a live campaign called “Nope &lt;!here&gt;”" in bot.command("status Nope <!here>").text
    new_campaign(bot, name="One")
    new_campaign(bot, name="Two")
    assert "Several campaigns use this channel" in bot.command("status").text


def test_timezone_picker_searches_iana_zones(bot: BotHarness) -> None:
    options = response_json(bot.suggest(Action.PICK_TIMEZONE, "shang"))["options"]
    assert [option["value"] for option in options] == ["Asia/Shanghai"]
    many = response_json(bot.suggest(Action.PICK_TIMEZONE, "a"))["options"]
    assert 0 < len(many) <= 100
    assert [o["value"] for o in response_json(bot.suggest(Action.PICK_TIMEZONE, "new york"))["options"]] == [
        "America/New_York"
    ]


def test_owner_edits_and_the_card_follows(bot: BotHarness) -> None:
    campaign_id = new_campaign(bot, name="Spring Sale", kpis={"exposure": "1000", "clicks": "50"})
    bot.click(Action.EDIT_CAMPAIGN, str(campaign_id))
    [opened] = bot.standin.calls_to("views.open")
    view = opened["view"]
    assert view["callback_id"] == View.EDIT_CAMPAIGN
    assert ModalMetadata.load(view["private_metadata"]).campaign_id == campaign_id
    initial = {block["block_id"]: block["element"].get("initial_value") for block in view["blocks"]
               if block["type"] == "input"}
    shown = (initial[Field.NAME], initial[Field.BUDGET], initial[Field.KPI_EXPOSURE])
    assert shown == ("Spring Sale", "200000", "1000")

    values = payloads.campaign_values(name="Spring Sale 2", budget="300000", kpis={"exposure": "2000"})
    response = bot.submit(View.EDIT_CAMPAIGN, values, private_metadata=view["private_metadata"])
    assert response.text == ""
    with bot.session() as session:
        campaign = session.get(Campaign, campaign_id)
        assert campaign is not None and (campaign.name, str(campaign.budget)) == ("Spring Sale 2", "300000.00")
        targets = {row.metric: str(row.target) for row in session.scalars(select(KpiTarget))}
        assert targets == {"exposure": "2000.00"}  # clicks cleared, exposure changed
    [update] = bot.standin.calls_to("chat.update")
    assert "Spring Sale 2" in json.dumps(update["blocks"])


def test_edit_moving_channel_announces_in_the_new_channel(bot: BotHarness) -> None:
    campaign_id = new_campaign(bot, name="Spring Sale")
    metadata = ModalMetadata(campaign_id=campaign_id).dump()
    bot.submit(View.EDIT_CAMPAIGN, payloads.campaign_values(name="Spring Sale", channel="C_NEW"),
               private_metadata=metadata)
    posts = bot.standin.calls_to("chat.postMessage")
    assert [post["channel"] for post in posts] == [payloads.CHANNEL, "C_NEW"]
    with bot.session() as session:
        assert session.get(Campaign, campaign_id).announcement_channel == "C_NEW"  # type: ignore[union-attr]


def test_stranger_cannot_open_or_submit_the_editor(bot: BotHarness) -> None:
    campaign_id = new_campaign(bot, name="Spring Sale")
    bot.standin.add_user("U_STRANGER", is_admin=False)
    response = bot.click(Action.EDIT_CAMPAIGN, str(campaign_id), user="U_STRANGER")
    assert response.status_code == 200  # acknowledged, then told privately
    assert bot.standin.calls_to("views.open") == []
    [note] = bot.standin.calls_to("chat.postEphemeral")
    assert "can edit" in note["text"]
    metadata = ModalMetadata(campaign_id=campaign_id).dump()
    response = bot.submit(View.EDIT_CAMPAIGN, payloads.campaign_values(name="Hijacked"), user="U_STRANGER",
                          private_metadata=metadata)
    assert "can edit" in response_json(response)["errors"][Field.NAME]
    with bot.session() as session:
        assert session.get(Campaign, campaign_id).name == "Spring Sale"  # type: ignore[union-attr]


def test_edit_keeps_its_own_name_but_not_anothers(bot: BotHarness) -> None:
    first = new_campaign(bot, name="First")
    new_campaign(bot, name="Second")
    metadata = ModalMetadata(campaign_id=first).dump()
    same = bot.submit(View.EDIT_CAMPAIGN, payloads.campaign_values(name="First"), private_metadata=metadata)
    assert same.text == ""
    clash = bot.submit(View.EDIT_CAMPAIGN, payloads.campaign_values(name="second"), private_metadata=metadata)
    assert "already called" in response_json(clash)["errors"][Field.NAME]
