"""Sign-off (审批) messages: the approvers' request with "Approve" and "Request changes", the comment modal, and the
owner's note of the changes asked for."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from slack_sdk.models.blocks import ActionsBlock, Block, ButtonElement, SectionBlock
from slack_sdk.models.blocks.basic_components import MarkdownTextObject
from slack_sdk.models.views import View as SlackView

from bot.kernel.blockkit.inputs import SubmittedState, input_block, modal, text_input
from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.blockkit.text import SECTION_TEXT_LIMIT, Mrkdwn, escape, mention, safe_text, truncate
from bot.kernel.i18n import t
from bot.kernel.ids import Action, Field, View

COMMENT_MAX = 3000


def approval_buttons(campaign_id: int, locale: str | None) -> ActionsBlock:
    value = str(campaign_id)
    return ActionsBlock(block_id=f"signoff-{value}", elements=[
        ButtonElement(text=t("card.approve", locale), action_id=Action.APPROVE_CAMPAIGN, value=value,
                      style="primary"),
        ButtonElement(text=t("card.request_changes", locale), action_id=Action.REQUEST_CHANGES, value=value),
    ])


def approval_request(*, campaign_id: int, name: str, owner_id: str, actor_id: str | None, changes: Sequence[str],
                     locale: str | None) -> tuple[str, list[Block]]:
    """(fallback text, blocks) of the DM asking an approver to sign the campaign off. Without `changes` it is a new
    campaign; with them, an approved one sent back by `actor_id`'s change of what was signed off."""
    if changes:
        text = safe_text("signoff.dm.sent_back", locale, name=name, actor=Mrkdwn(mention(actor_id or owner_id)))
        lines = "\n".join(f"• {change}" for change in changes)
        body = f"{text}\n{lines}"
    else:
        text = safe_text("signoff.dm.new", locale, name=name, owner=Mrkdwn(mention(owner_id)))
        body = text
    return text, [SectionBlock(text=MarkdownTextObject(text=truncate(body, SECTION_TEXT_LIMIT))),
                  approval_buttons(campaign_id, locale)]


def changes_requested(*, campaign_id: int, name: str, approver_id: str, comment: str,
                      locale: str | None) -> tuple[str, list[Block]]:
    """(fallback text, blocks) of the owner's DM: who asked for what, quoted, with the campaign's Edit button."""
    text = safe_text("signoff.dm.changes_requested", locale, name=name, approver=Mrkdwn(mention(approver_id)))
    quoted = "\n".join(f"> {line}" for line in escape(comment).splitlines() if line.strip())
    return text, [
        SectionBlock(text=MarkdownTextObject(text=truncate(f"{text}\n{quoted}", SECTION_TEXT_LIMIT))),
        ActionsBlock(block_id=f"signoff-owner-{campaign_id}", elements=[
            ButtonElement(text=t("card.edit", locale), action_id=Action.EDIT_CAMPAIGN, value=str(campaign_id)),
        ]),
    ]


def request_changes_modal(campaign_id: int, name: str, locale: str | None) -> SlackView:
    return modal(View.REQUEST_CHANGES, locale, title_key="signoff.modal.title",
                 metadata=ModalMetadata(campaign_id=campaign_id).dump(), submit_key="signoff.modal.submit",
                 blocks=[
                     SectionBlock(text=MarkdownTextObject(text=safe_text("signoff.modal.intro", locale, name=name))),
                     input_block(Field.CHANGES_COMMENT, t("signoff.modal.comment", locale),
                                 text_input(multiline=True, max_length=COMMENT_MAX,
                                            placeholder=t("signoff.modal.comment.placeholder", locale)),
                                 hint=t("signoff.modal.comment.hint", locale)),
                 ])


def read_comment(view: dict[str, Any]) -> str:
    return SubmittedState(view).text(Field.CHANGES_COMMENT).strip()
