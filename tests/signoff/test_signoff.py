"""Sign-off by someone other than the owner: approvers in the campaign form, "Approve" and "Request changes" on the
card and in the approvers' DMs, and a change of what was approved sending the campaign back for approval."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlalchemy import select

from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.ids import Action, Field, View
from storage.models import AuditEntry, Campaign, CampaignApprover, ChangeRequest
from tests.support import payloads
from tests.support.harness import BotHarness, response_json
from tests.support.scenarios import new_campaign

META = ModalMetadata(campaign_id=1).dump()
WAITING = "Waiting for approval by <@U_APPROVER> and <@U_SECOND>"


def _create(bot: BotHarness, **overrides: Any) -> None:
    bot.standin.add_user("U_APPROVER", is_admin=False)
    bot.standin.add_user("U_SECOND", is_admin=False, locale="zh-CN")
    new_campaign(bot, **{"approvers": ["U_APPROVER", "U_SECOND"], **overrides})


def _dms_to(bot: BotHarness, user: str) -> list[dict[str, Any]]:
    return [post for post in bot.standin.calls_to("chat.postMessage") if post["channel"] == user]


def _buttons(blocks: list[dict[str, Any]]) -> list[str]:
    return [element["action_id"] for block in blocks if block["type"] == "actions" for element in block["elements"]]


def _status(bot: BotHarness) -> Campaign:
    with bot.session() as session:
        campaign = session.get(Campaign, 1)
        assert campaign is not None
        session.expunge(campaign)
        return campaign


def _history(bot: BotHarness, user: str = "U_OWNER") -> str:
    return json.dumps(response_json(bot.command("history Spring Sale", user=user)), ensure_ascii=False)


def test_approvers_are_kept_and_asked_by_dm_with_both_buttons(bot: BotHarness) -> None:
    _create(bot)
    with bot.session() as session:
        assert session.scalars(select(CampaignApprover.user_id).order_by(CampaignApprover.position)).all() == [
            "U_APPROVER", "U_SECOND"]
    [dm] = _dms_to(bot, "U_APPROVER")
    assert "<@U_OWNER> is asking you to approve *Spring Sale*" in dm["text"]
    assert _buttons(dm["blocks"]) == [Action.APPROVE_CAMPAIGN, Action.REQUEST_CHANGES]
    [zh_dm] = _dms_to(bot, "U_SECOND")
    assert "请你审批 *Spring Sale*" in zh_dm["text"]  # each approver in their own language
    assert _buttons(zh_dm["blocks"]) == [Action.APPROVE_CAMPAIGN, Action.REQUEST_CHANGES]
    [card] = _dms_to(bot, payloads.CHANNEL)
    assert _buttons(card["blocks"])[:2] == [Action.APPROVE_CAMPAIGN, Action.REQUEST_CHANGES]
    assert WAITING in json.dumps(card["blocks"]) and "Approved by" not in json.dumps(card["blocks"])


def test_the_owner_cannot_approve_their_own_campaign_even_as_an_admin(bot: BotHarness) -> None:
    bot.standin.add_user("U_OWNER", is_admin=True)
    _create(bot)
    bot.standin.reset_calls()
    assert bot.click(Action.APPROVE_CAMPAIGN, "1", user="U_OWNER").status_code == 200
    [note] = bot.standin.calls_to("chat.postEphemeral")
    assert note["user"] == "U_OWNER"
    assert note["text"] == ("You own *Spring Sale*, so you cannot approve it yourself: <@U_APPROVER> and <@U_SECOND> "
                            "or a workspace admin who is not the owner can.")
    assert _status(bot).status == "draft" and _status(bot).approved_by is None
    assert bot.standin.calls_to("chat.update") == []


def test_a_named_approver_approves_from_their_dm(bot: BotHarness) -> None:
    _create(bot)
    bot.standin.reset_calls()
    bot.post(payloads.block_action(Action.APPROVE_CAMPAIGN, "1", user="U_APPROVER", channel="D_APPROVER"))
    campaign = _status(bot)
    assert (campaign.status, campaign.approved_by) == ("approved", "U_APPROVER")
    [update] = bot.standin.calls_to("chat.update")
    assert "Approved by <@U_APPROVER>" in json.dumps(update["blocks"])
    assert Action.APPROVE_CAMPAIGN not in _buttons(update["blocks"])
    assert "approved the campaign" in _history(bot)


def test_without_approvers_an_admin_who_is_not_the_owner_approves(bot: BotHarness) -> None:
    assert bot.submit(View.NEW_CAMPAIGN, payloads.campaign_values()).text == ""
    [card] = bot.standin.calls_to("chat.postMessage")  # nobody to ask by DM
    assert ("no approvers named, so a workspace admin who is not the owner must approve"
            in json.dumps(card["blocks"]))
    bot.standin.add_user("U_STRANGER", is_admin=False)
    bot.click(Action.APPROVE_CAMPAIGN, "1", user="U_STRANGER")
    [note] = bot.standin.calls_to("chat.postEphemeral")
    assert note["text"] == "Only a workspace admin who is not the owner can approve *Spring Sale*."
    bot.approve("1")  # U_ADMIN
    assert (_status(bot).status, _status(bot).approved_by) == ("approved", "U_ADMIN")


def test_request_changes_sends_the_comment_to_the_owner_and_keeps_it(bot: BotHarness) -> None:
    _create(bot)
    bot.standin.reset_calls()
    bot.click(Action.REQUEST_CHANGES, "1", user="U_APPROVER")
    [opened] = bot.standin.calls_to("views.open")
    view = opened["view"]
    assert view["callback_id"] == View.REQUEST_CHANGES
    assert json.loads(view["private_metadata"]) == {"campaign_id": 1}
    [comment_block] = [block for block in view["blocks"] if block.get("block_id") == Field.CHANGES_COMMENT]
    assert comment_block["label"]["text"] == "Comment" and not comment_block.get("optional")

    comment = "The venue line is missing.\nAnd <!channel> the KPI is too low."
    values = {Field.CHANGES_COMMENT: {"value": {"type": "plain_text_input", "value": comment}}}
    assert bot.submit(View.REQUEST_CHANGES, values, user="U_APPROVER", private_metadata=META).text == ""
    [dm] = _dms_to(bot, "U_OWNER")
    assert "<@U_APPROVER> asked for changes to *Spring Sale* before approving it" in dm["text"]
    shown = json.dumps(dm["blocks"])
    assert "> The venue line is missing." in shown and "&lt;!channel&gt;" in shown and "<!channel>" not in shown
    assert Action.EDIT_CAMPAIGN in _buttons(dm["blocks"])
    with bot.session() as session:
        [kept] = session.scalars(select(ChangeRequest)).all()
        assert (kept.user_id, kept.comment, kept.campaign_id) == ("U_APPROVER", comment, 1)
    assert _status(bot).status == "draft"  # still waiting: the owner changes it, then it is approved
    history = _history(bot)
    assert "asked for changes" in history and "The venue line is missing." in history
    # The approver, neither admin nor reporter, reads the same trail; someone else does not.
    assert "The venue line is missing." in _history(bot, user="U_APPROVER")
    bot.standin.add_user("U_STRANGER", is_admin=False)
    refused = bot.command("history Spring Sale", user="U_STRANGER").text
    assert "The venue line is missing." not in refused and "Spring Sale" in refused


def test_request_changes_refuses_an_empty_comment_and_the_owner(bot: BotHarness) -> None:
    _create(bot)
    blank = {Field.CHANGES_COMMENT: {"value": {"type": "plain_text_input", "value": "   "}}}
    response = bot.submit(View.REQUEST_CHANGES, blank, user="U_APPROVER", private_metadata=META)
    assert response_json(response)["errors"] == {Field.CHANGES_COMMENT: "Please fill this in."}
    bot.standin.reset_calls()
    bot.click(Action.REQUEST_CHANGES, "1", user="U_OWNER")
    assert bot.standin.calls_to("views.open") == []
    [note] = bot.standin.calls_to("chat.postEphemeral")
    assert note["text"].startswith("You own *Spring Sale*, so you cannot ask for changes to it: <@U_APPROVER>")
    said = {Field.CHANGES_COMMENT: {"value": {"type": "plain_text_input", "value": "fine by me"}}}
    response = bot.submit(View.REQUEST_CHANGES, said, user="U_OWNER", private_metadata=META)
    assert "you cannot ask for changes" in response_json(response)["errors"][Field.CHANGES_COMMENT]
    with bot.session() as session:
        assert session.scalars(select(ChangeRequest)).all() == []


def test_changing_budget_and_dates_of_an_approved_campaign_sends_it_back(bot: BotHarness) -> None:
    _create(bot)
    bot.approve("1", user="U_APPROVER")
    bot.standin.reset_calls()
    edited = payloads.campaign_values(approvers=["U_APPROVER", "U_SECOND"], budget="250,000", end=date(2026, 6, 7))
    assert bot.submit(View.EDIT_CAMPAIGN, edited, private_metadata=META).text == ""
    campaign = _status(bot)
    assert (campaign.status, campaign.approved_by, campaign.approved_at) == ("draft", None, None)
    assert campaign.next_event_at is None  # waiting again: it does not start until approved again
    [dm] = _dms_to(bot, "U_APPROVER")
    assert "<@U_OWNER> changed *Spring Sale* after it was approved" in dm["text"]
    shown = json.dumps(dm["blocks"], ensure_ascii=False)
    assert "end: May 31, 2026 → Jun 7, 2026" in shown and "budget: ¥200,000 → ¥250,000" in shown
    assert _buttons(dm["blocks"]) == [Action.APPROVE_CAMPAIGN, Action.REQUEST_CHANGES]
    [zh_dm] = _dms_to(bot, "U_SECOND")
    assert "预算由 ¥20万 改为 ¥25万" in json.dumps(zh_dm["blocks"], ensure_ascii=False)  # the reader's words
    [update] = bot.standin.calls_to("chat.update")
    card = json.dumps(update["blocks"])
    assert "Approved by" not in card and WAITING in card
    assert _buttons(update["blocks"])[:2] == [Action.APPROVE_CAMPAIGN, Action.REQUEST_CHANGES]
    assert "sent the campaign back for approval" in _history(bot)
    bot.approve("1", user="U_SECOND")
    assert _status(bot).status == "approved"


def test_changing_a_kpi_target_sends_it_back_and_says_so(bot: BotHarness) -> None:
    _create(bot, kpis={"sales": "2,000,000"})
    bot.approve("1", user="U_APPROVER")
    bot.standin.reset_calls()
    edited = payloads.campaign_values(approvers=["U_APPROVER", "U_SECOND"], kpis={"sales": "1,500,000"})
    assert bot.submit(View.EDIT_CAMPAIGN, edited, private_metadata=META).text == ""
    assert _status(bot).status == "draft"
    [dm] = _dms_to(bot, "U_APPROVER")
    assert "sales target: ¥2,000,000 → ¥1,500,000" in json.dumps(dm["blocks"], ensure_ascii=False)


def test_changing_name_or_theme_keeps_the_approval(bot: BotHarness) -> None:
    _create(bot)
    bot.approve("1", user="U_APPROVER")
    bot.standin.reset_calls()
    edited = payloads.campaign_values(approvers=["U_APPROVER", "U_SECOND"], name="Spring Sale 2", theme="New words")
    assert bot.submit(View.EDIT_CAMPAIGN, edited, private_metadata=META).text == ""
    assert (_status(bot).status, _status(bot).approved_by) == ("approved", "U_APPROVER")
    assert _dms_to(bot, "U_APPROVER") == [] and _dms_to(bot, "U_SECOND") == []
    [update] = bot.standin.calls_to("chat.update")
    assert "Approved by <@U_APPROVER>" in json.dumps(update["blocks"])


def test_a_running_campaign_keeps_running_and_its_approvers_are_told(bot: BotHarness) -> None:
    _create(bot)
    bot.approve("1", user="U_APPROVER")
    with bot.session() as session:
        session.get_one(Campaign, 1).status = "running"  # as the campaign events pass leaves it on its first day
    bot.standin.reset_calls()
    edited = payloads.campaign_values(approvers=["U_APPROVER", "U_SECOND"], budget="300,000")
    assert bot.submit(View.EDIT_CAMPAIGN, edited, private_metadata=META).text == ""
    assert _status(bot).status == "running"
    [dm] = _dms_to(bot, "U_APPROVER")
    assert "while it runs (it keeps running)" in dm["text"] and "budget: ¥200,000 → ¥300,000" in dm["text"]
    assert not dm.get("blocks")  # nothing to approve: told, not asked
    with bot.session() as session:
        actions = session.scalars(select(AuditEntry.action)).all()
    assert "changed_after_approval" in actions


def test_the_owner_as_the_only_approver_is_refused_on_the_field(bot: BotHarness) -> None:
    response = bot.submit(View.NEW_CAMPAIGN, payloads.campaign_values(approvers=["U_OWNER"]))
    assert response_json(response)["errors"] == {
        Field.APPROVERS: "The owner cannot approve their own campaign; name someone else."}
    with bot.session() as session:
        assert session.scalars(select(Campaign)).all() == []
    _create(bot)
    refused = payloads.campaign_values(approvers=["U_APPROVER"], owner="U_APPROVER")
    response = bot.submit(View.EDIT_CAMPAIGN, refused, private_metadata=META)
    assert Field.APPROVERS in response_json(response)["errors"]
    assert _status(bot).owner_id == "U_OWNER"


def test_the_form_has_approvers_and_the_editor_shows_them(bot: BotHarness) -> None:
    bot.standin.add_user("U_ZH", locale="zh-CN")
    bot.command("new", user="U_ZH")
    _create(bot)
    bot.click(Action.EDIT_CAMPAIGN, "1")
    new_view, edit_view = (call["view"] for call in bot.standin.calls_to("views.open"))
    [field] = [block for block in new_view["blocks"] if block.get("block_id") == Field.APPROVERS]
    assert field["label"]["text"] == "审批人" and field["optional"] is True
    assert field["element"]["type"] == "multi_users_select"
    [field] = [block for block in edit_view["blocks"] if block.get("block_id") == Field.APPROVERS]
    assert field["label"]["text"] == "Approvers" and field["element"]["initial_users"] == ["U_APPROVER", "U_SECOND"]


def test_newly_named_approvers_of_a_waiting_campaign_are_asked(bot: BotHarness) -> None:
    _create(bot)
    bot.standin.add_user("U_THIRD")
    bot.standin.reset_calls()
    edited = payloads.campaign_values(approvers=["U_APPROVER", "U_SECOND", "U_THIRD"])
    assert bot.submit(View.EDIT_CAMPAIGN, edited, private_metadata=META).text == ""
    assert len(_dms_to(bot, "U_THIRD")) == 1 and _dms_to(bot, "U_APPROVER") == []
    assert "approvers: <@U_APPROVER> and <@U_SECOND> → <@U_APPROVER>, <@U_SECOND>, and <@U_THIRD>" in _history(bot)
