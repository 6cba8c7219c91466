"""The review (复盘): `/campaign summary`, its Add lessons and Close buttons with the lessons modal, and
`/campaign compare A B` (two campaigns side by side, privately, in the acknowledgement)."""

from __future__ import annotations

import shlex
from typing import Any

from slack_bolt import Ack, App
from slack_sdk.models.views import View as SlackView

from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.blockkit.text import channel_link, safe_text
from bot.kernel.errors import InvalidInput
from bot.kernel.forms import FormRejected
from bot.kernel.ids import Action, Field, View
from bot.kernel.listening.forms import acks_first, campaign_id_of, opens_modal, submission_key, submits_form
from bot.kernel.policy import Actor
from bot.kernel.services import Services
from bot.review.blocks.compare import compare_blocks, compare_fallback
from bot.review.blocks.message import lessons_modal, read_lessons
from bot.review.flows import compare as compare_service
from bot.review.flows import review as review_flows
from bot.review.rules.lessons import check_lessons


def summary_command(services: Services, command: dict[str, Any], rest: str, ack: Ack, actor: Actor,
                    locale: str) -> None:
    """(wired into handlers/router.py) The review so far, or the final one, in the campaign's channel."""
    review_flows.request_review(
        services, actor=actor, reference=rest, channel_id=command.get("channel_id"),
        answer=lambda name, channel: ack(text=safe_text("review.posting", locale, name=name,
                                                        channel=channel_link(channel))))


@opens_modal
def open_lessons(body: dict[str, Any], services: Services, actor: Actor, locale: str) -> SlackView:
    campaign_id = campaign_id_of(body)
    form = review_flows.lessons_form(services, campaign_id=campaign_id, actor=actor)
    return lessons_modal(name=form.campaign_name, initial=form.initial,
                         metadata=ModalMetadata(campaign_id=campaign_id).dump(), locale=locale)


@submits_form(Field.LESSON_WORKED)  # closed or no longer allowed since the modal opened
def save_lessons(ack: Ack, view: dict[str, Any], services: Services, actor: Actor, locale: str) -> None:
    draft, errors = check_lessons(**read_lessons(view))
    if draft is None:
        raise FormRejected(errors)
    review_flows.save_lessons(
        services, campaign_id=ModalMetadata.load(view.get("private_metadata")).campaign_id or 0, draft=draft,
        submission=submission_key(view), actor=actor, locale=locale, answer=ack)


@acks_first
def close(body: dict[str, Any], services: Services, actor: Actor) -> None:
    container = body.get("container") or {}
    message = body.get("message") or {}
    clicked = review_flows.ClickedMessage(
        channel_id=container.get("channel_id") or (body.get("channel") or {}).get("id"),
        ts=container.get("message_ts") or message.get("ts"), text=message.get("text"),
        blocks=list(message.get("blocks") or []))
    review_flows.close(services, campaign_id=campaign_id_of(body), actor=actor, clicked=clicked)


def _register_review(app: App) -> None:
    app.action(Action.OPEN_LESSONS)(open_lessons)
    app.view(View.LESSONS)(save_lessons)
    app.action(Action.CLOSE_CAMPAIGN)(close)


# People type names with the quotes their keyboard gives them; all of these pair up like ASCII double quotes.
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "「": '"', "」": '"', "『": '"', "』": '"',
                         "＂": '"'})


def candidate_pairs(text: str) -> list[tuple[str, str]]:
    """The ways `text` names two campaigns: quotes decide when present; without quotes, every split between
    words is a candidate (the caller keeps the one that names two campaigns). Raises InvalidInput."""
    text = text.translate(_QUOTES).strip()
    lexer = shlex.shlex(text, posix=True)
    lexer.whitespace_split = True
    lexer.quotes = '"'  # apostrophes are part of names ("Women's Day"), never quotes
    lexer.escape = ""
    lexer.commenters = ""  # "#12" is a campaign id, not a comment
    try:
        words = list(lexer)
    except ValueError:
        raise InvalidInput("review.compare.unbalanced", text=text) from None
    if len(words) < 2:
        raise InvalidInput("review.compare.usage")
    if len(words) == 2:
        return [(words[0], words[1])]
    if '"' in text:
        raise InvalidInput("review.compare.usage")
    return [(" ".join(words[:cut]), " ".join(words[cut:])) for cut in range(1, len(words))]


def compare_command(services: Services, command: dict[str, Any], rest: str, ack: Ack, actor: Actor,
                    locale: str) -> None:
    """(wired into handlers/router.py)"""
    pairs = candidate_pairs(rest)
    first, second = compare_service.compare(services, actor=actor, pairs=pairs, text=rest)
    ack(text=compare_fallback(first, second, locale), blocks=compare_blocks(first, second, locale))


def register(app: App) -> None:
    _register_review(app)
