"""`/campaign compare A B`: two campaigns side by side, privately, in the acknowledgement."""

from __future__ import annotations

import shlex
from typing import Any

from slack_bolt import Ack
from sqlmodel import Session

from bot import policy
from bot.blocks.compare_blocks import compare_blocks, compare_fallback
from bot.errors import CampaignBotError, InvalidInput, NotAllowed
from bot.services import Services
from bot.usecases import review_service
from handlers.forms import actor_of, team_of
from storage.models import Campaign

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
        raise InvalidInput("compare.unbalanced", text=text) from None
    if len(words) < 2:
        raise InvalidInput("compare.usage")
    if len(words) == 2:
        return [(words[0], words[1])]
    if '"' in text:
        raise InvalidInput("compare.usage")
    return [(" ".join(words[:cut]), " ".join(words[cut:])) for cut in range(1, len(words))]


def compare_command(services: Services, command: dict[str, Any], rest: str, ack: Ack, locale: str) -> None:
    """(wired into handlers/commands.py)"""
    team_id = team_of(command)
    pairs = candidate_pairs(rest)
    now = services.clock.now()
    with services.unit_of_work() as session:
        first, second = _pick(session, team_id, pairs, rest)
        actor = actor_of(services, command)
        if not (policy.can_compare(actor, first) and policy.can_compare(actor, second)):
            raise NotAllowed("error.not_allowed")  # today anyone may compare; the rule lives in bot.policy
        if first.id == second.id:
            raise InvalidInput("compare.same")
        packages = [review_service.gather_review(session=session, campaign=campaign, now=now)
                    for campaign in (first, second)]
    ack(text=compare_fallback(*packages, locale), blocks=compare_blocks(*packages, locale))


def _pick(session: Session, team_id: str, pairs: list[tuple[str, str]], text: str) -> tuple[Campaign, Campaign]:
    def find(reference: str) -> Campaign:
        return review_service.resolve_any_campaign(session=session, team_id=team_id, reference=reference,
                                                   channel_id=None, sub="compare")

    if len(pairs) == 1:
        return find(pairs[0][0]), find(pairs[0][1])
    found: list[tuple[Campaign, Campaign]] = []
    for first, second in pairs:
        try:
            found.append((find(first), find(second)))
        except CampaignBotError:
            continue
    if len(found) != 1:
        raise InvalidInput("compare.unclear", text=" ".join(text.split()))
    return found[0]
