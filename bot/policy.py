"""Every "may this user do this?" is answered here, and only here."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import Protocol


class Actor:
    """The person acting. Admin status is looked up only when a rule actually needs it."""

    def __init__(self, user_id: str, is_admin: bool | Callable[[], bool] = False) -> None:
        self.user_id = user_id
        self._is_admin = is_admin

    @cached_property
    def is_admin(self) -> bool:
        """A workspace admin or owner, as Slack's users.info says."""
        return self._is_admin() if callable(self._is_admin) else self._is_admin


class OwnedCampaign(Protocol):
    owner_id: str


def can_approve_campaign(actor: Actor, campaign: OwnedCampaign) -> bool:
    return actor.user_id == campaign.owner_id or actor.is_admin


def can_edit_campaign(actor: Actor, campaign: OwnedCampaign) -> bool:
    return actor.user_id == campaign.owner_id or actor.is_admin


def can_manage_tasks(actor: Actor, campaign: OwnedCampaign) -> bool:
    """Import the division-of-labour table, add milestones."""
    return actor.user_id == campaign.owner_id or actor.is_admin


def can_change_task(actor: Actor, task_owner_id: str, campaign: OwnedCampaign) -> bool:
    return actor.user_id in (task_owner_id, campaign.owner_id) or actor.is_admin
