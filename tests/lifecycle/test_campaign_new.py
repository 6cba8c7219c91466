"""`/campaign new` → modal → announcement → Approve, through signed requests."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from bot.kernel.ids import Action, Field, View
from storage.models import Campaign, CampaignStatusChange, KpiTarget
from tests.support import payloads
from tests.support.harness import BotHarness, response_json
from tests.support.scenarios import new_campaign
from tests.support.slack_standin import Scripted


def test_new_opens_modal_with_contract_labels_and_defaults(bot: BotHarness) -> None:
    response = bot.command("new")
    assert response.status_code == 200
    [call] = bot.standin.calls_to("views.open")
    assert call["trigger_id"] == "trigger-1"
    view = call["view"]
    assert view["callback_id"] == View.NEW_CAMPAIGN
    assert len(view["title"]["text"]) <= 24
    labels = " | ".join(block["label"]["text"] for block in view["blocks"] if block["type"] == "input")
    for word in ("Name", "Theme", "Start", "End", "Owner", "Channel", "Budget", "Exposure", "Clicks",
                 "Participants", "Conversions", "Sales", "Time zone"):
        assert word in labels, word
    by_id = {block.get("block_id"): block for block in view["blocks"]}
    assert by_id[Field.OWNER]["element"]["initial_user"] == "U_OWNER"
    assert by_id[Field.CHANNEL]["element"]["initial_conversation"] == payloads.CHANNEL
    assert by_id[Field.CONTINGENCY]["element"]["initial_value"] == "10"
    assert by_id[Field.TIMEZONE]["element"]["initial_option"]["value"] == "Asia/Shanghai"


def test_new_with_a_name_prefills_it(bot: BotHarness) -> None:
    bot.command("new  Double 11 drive")
    view = bot.standin.calls_to("views.open")[0]["view"]
    name_block = next(block for block in view["blocks"] if block.get("block_id") == Field.NAME)
    assert name_block["element"]["initial_value"] == "Double 11 drive"


def test_submission_stores_draft_and_announces_card(bot: BotHarness) -> None:
    campaign_id = new_campaign(
        bot, warmup=date(2026, 5, 1), burst=date(2026, 5, 10), longtail=date(2026, 5, 20),
        kpis={"exposure": "500万", "sales": "2,000,000.50", "clicks": "3.5k"},
    )
    with bot.session() as session:
        campaign = session.get(Campaign, campaign_id)
        assert campaign is not None
        assert (campaign.name, campaign.status, campaign.owner_id) == ("Spring Sale", "draft", "U_OWNER")
        assert campaign.budget == Decimal("200000.00")
        assert campaign.contingency_pct == 10
        assert campaign.created_at.tzinfo is not None
        targets = {row.metric: row.target for row in session.scalars(select(KpiTarget))}
        assert targets == {"exposure": Decimal("5000000"), "sales": Decimal("2000000.50"), "clicks": Decimal("3500")}
        history = session.scalars(select(CampaignStatusChange)).all()
        assert [(row.from_status, row.to_status) for row in history] == [(None, "draft")]
        assert campaign.announcement_channel == payloads.CHANNEL
        assert campaign.announcement_ts

    assert bot.standin.calls_to("conversations.join") == [{"channel": payloads.CHANNEL}]
    [post] = bot.standin.calls_to("chat.postMessage")
    assert post["channel"] == payloads.CHANNEL
    text = str(post["blocks"])
    assert "Spring Sale" in text and "<@U_OWNER>" in text
    assert "¥200,000 (contingency 10%: ¥20,000)" in text
    assert "Exposure: 5,000,000" in text and "Sales: ¥2,000,000.50" in text
    assert "Warm-up from May 1, 2026" in text and "Long tail from May 20, 2026" in text
    actions = next(block for block in post["blocks"] if block["type"] == "actions")
    assert [button["action_id"] for button in actions["elements"]] == [
        Action.APPROVE_CAMPAIGN, Action.REQUEST_CHANGES, Action.EDIT_CAMPAIGN, Action.OPEN_REMINDER_SETTINGS,
        Action.OPEN_REPORTING_SETUP, Action.OPEN_BUDGET,
    ]


def test_approver_approves_and_card_is_updated(bot: BotHarness) -> None:
    bot.standin.add_user("U_APPROVER", is_admin=False)
    assert bot.submit(View.NEW_CAMPAIGN, payloads.campaign_values(approvers=["U_APPROVER"])).text == ""
    campaign_id = 1
    announcement = bot.standin.calls_to("chat.postMessage")[0]
    response = bot.approve(str(campaign_id), user="U_APPROVER")
    assert response.status_code == 200
    with bot.session() as session:
        campaign = session.get(Campaign, campaign_id)
        assert campaign is not None and campaign.status == "approved"
        assert campaign.approved_by == "U_APPROVER" and campaign.approved_at == bot.clock.now()
        moves = session.scalars(select(CampaignStatusChange.to_status)).all()
        assert moves == ["draft", "approved"]
    [update] = bot.standin.calls_to("chat.update")
    assert (update["channel"], update["ts"]) == (payloads.CHANNEL, campaign.announcement_ts)
    assert announcement["channel"] == payloads.CHANNEL
    assert "Approved by <@U_APPROVER>" in str(update["blocks"])
    buttons = next(b for b in update["blocks"] if b["type"] == "actions")["elements"]
    assert [button["action_id"] for button in buttons] == [
        Action.EDIT_CAMPAIGN, Action.OPEN_REMINDER_SETTINGS, Action.OPEN_REPORTING_SETUP, Action.OPEN_BUDGET,
    ]
    # The owner's language and the approver's, each once; no look-up of admin rights for a named approver.
    assert bot.standin.methods().count("users.info") <= 2


def test_stranger_cannot_approve_and_is_told_privately(bot: BotHarness) -> None:
    campaign_id = new_campaign(bot)
    bot.standin.add_user("U_STRANGER", is_admin=False)
    assert bot.click(Action.APPROVE_CAMPAIGN, str(campaign_id), user="U_STRANGER").status_code == 200
    with bot.session() as session:
        assert session.get(Campaign, campaign_id).status == "draft"  # type: ignore[union-attr]
    [note] = bot.standin.calls_to("chat.postEphemeral")
    assert note["user"] == "U_STRANGER" and note["channel"] == payloads.CHANNEL
    assert "Only a workspace admin who is not the owner can approve *Spring Sale*" in note["text"]
    assert bot.standin.calls_to("chat.update") == []


def test_workspace_admin_may_approve(bot: BotHarness) -> None:
    campaign_id = new_campaign(bot)
    bot.standin.add_user("U_ADMIN", is_admin=True)
    bot.click(Action.APPROVE_CAMPAIGN, str(campaign_id), user="U_ADMIN")
    with bot.session() as session:
        assert session.get(Campaign, campaign_id).approved_by == "U_ADMIN"  # type: ignore[union-attr]


def test_approving_twice_says_so_and_changes_nothing(bot: BotHarness) -> None:
    campaign_id = new_campaign(bot)
    bot.approve(str(campaign_id))
    bot.approve(str(campaign_id))
    [note] = bot.standin.calls_to("chat.postEphemeral")
    assert "already approved" in note["text"]
    with bot.session() as session:
        assert len(session.scalars(select(CampaignStatusChange)).all()) == 2


def test_private_channel_the_bot_cannot_post_in_tells_the_creator(bot: BotHarness) -> None:
    refused = {"ok": False, "error": "method_not_supported_for_channel_type"}
    bot.standin.script("conversations.join", Scripted(body=refused))
    bot.standin.script("chat.postMessage", Scripted(body={"ok": False, "error": "not_in_channel"}))
    campaign_id = new_campaign(bot, channel="G_PRIVATE")
    posts = bot.standin.calls_to("chat.postMessage")
    assert [post["channel"] for post in posts] == ["G_PRIVATE", "U_OWNER"]
    assert "/invite @campaignbot" in posts[1]["text"]
    with bot.session() as session:
        campaign = session.get(Campaign, campaign_id)
        assert campaign is not None and campaign.announcement_ts is None  # saved, not announced


def test_mentions_in_names_are_escaped(bot: BotHarness) -> None:
    new_campaign(bot, name="<!channel> sale & <@U999>", theme="<!here> big day")
    post = bot.standin.calls_to("chat.postMessage")[0]
    mrkdwn = [
        text["text"]
        for block in post["blocks"]
        for text in ([block.get("text")] if block.get("text") else []) + block.get("fields", [])
        if text and text.get("type") == "mrkdwn"
    ]
    joined = " ".join(mrkdwn)
    assert "<!channel>" not in joined and "<!here>" not in joined and "<@U999>" not in joined
    assert "&lt;!here&gt; big day" in joined
    response = bot.command("list")
    listed = str(response_json(response)["blocks"])
    assert "&lt;!channel&gt; sale &amp; &lt;@U999&gt;" in listed
