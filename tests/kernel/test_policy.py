from collections.abc import Callable
from dataclasses import dataclass

import pytest

from bot.kernel.policy import (
    UNKNOWN_CHANNEL,
    Actor,
    ChannelAccess,
    campaign_people,
    can_add_lessons,
    can_approve_campaign,
    can_close_campaign,
    can_edit_campaign,
    can_plan_budget,
    can_read_campaign,
    can_request_review,
)

RULES = [can_edit_campaign, can_close_campaign, can_plan_budget]
Rule = Callable[[Actor, "Owned"], bool]


@dataclass
class Owned:
    owner_id: str


CAMPAIGN = Owned(owner_id="U_OWNER")


def never_asked() -> bool:
    pytest.fail("admin status was looked up although the actor owns the campaign")


class CountingLookup:
    def __init__(self, answer: bool) -> None:
        self.answer = answer
        self.calls = 0

    def __call__(self) -> bool:
        self.calls += 1
        return self.answer


@pytest.mark.parametrize("rule", RULES)
def test_owner_may(rule: Rule) -> None:
    assert rule(Actor("U_OWNER"), CAMPAIGN)


@pytest.mark.parametrize("rule", RULES)
def test_stranger_may_not(rule: Rule) -> None:
    assert not rule(Actor("U_STRANGER"), CAMPAIGN)
    assert not rule(Actor("U_STRANGER", is_admin=False), CAMPAIGN)
    assert not rule(Actor("U_STRANGER", is_admin=CountingLookup(False)), CAMPAIGN)


@pytest.mark.parametrize("rule", RULES)
def test_admin_may(rule: Rule) -> None:
    assert rule(Actor("U_ADMIN", is_admin=True), CAMPAIGN)
    assert rule(Actor("U_ADMIN", is_admin=CountingLookup(True)), CAMPAIGN)


@pytest.mark.parametrize("rule", RULES)
def test_admin_lookup_is_skipped_for_the_owner(rule: Rule) -> None:
    assert rule(Actor("U_OWNER", is_admin=never_asked), CAMPAIGN)


def test_the_owner_never_approves_their_own_campaign() -> None:
    """Sign-off is by someone other than the owner: not as an approver, not as an admin, without asking Slack."""
    assert not can_approve_campaign(Actor("U_OWNER", is_admin=never_asked), CAMPAIGN, ["U_OWNER"])
    assert not can_approve_campaign(Actor("U_OWNER", is_admin=never_asked), CAMPAIGN)


def test_a_named_approver_may_approve_without_an_admin_lookup() -> None:
    assert can_approve_campaign(Actor("U_APPROVER", is_admin=never_asked), CAMPAIGN, ["U_APPROVER", "U_OTHER"])


def test_an_admin_who_is_not_the_owner_may_approve() -> None:
    assert can_approve_campaign(Actor("U_ADMIN", is_admin=True), CAMPAIGN)
    assert can_approve_campaign(Actor("U_ADMIN", is_admin=True), CAMPAIGN, ["U_APPROVER"])


def test_a_stranger_may_not_approve() -> None:
    assert not can_approve_campaign(Actor("U_STRANGER", is_admin=False), CAMPAIGN, ["U_APPROVER"])
    assert not can_approve_campaign(Actor("U_STRANGER", is_admin=CountingLookup(False)), CAMPAIGN)


def test_admin_lookup_happens_at_most_once() -> None:
    lookup = CountingLookup(True)
    actor = Actor("U_ADMIN", is_admin=lookup)
    assert lookup.calls == 0  # nothing is asked until a rule needs it
    for _ in range(3):
        assert can_approve_campaign(actor, CAMPAIGN)
        assert can_edit_campaign(actor, CAMPAIGN)
    assert lookup.calls == 1


def test_a_refused_lookup_is_cached_too() -> None:
    lookup = CountingLookup(False)
    actor = Actor("U_STRANGER", is_admin=lookup)
    assert not can_approve_campaign(actor, CAMPAIGN)
    assert not can_edit_campaign(actor, Owned(owner_id="U_OTHER"))
    assert lookup.calls == 1


def test_is_admin_plain_values() -> None:
    assert Actor("U1").is_admin is False
    assert Actor("U1", is_admin=True).is_admin is True


def test_lessons_come_from_the_team() -> None:
    team = {"U_REP", "U_TASK"}
    assert can_add_lessons(Actor("U_OWNER", never_asked), CAMPAIGN, team)
    assert can_add_lessons(Actor("U_REP", never_asked), CAMPAIGN, team)
    assert can_add_lessons(Actor("U_TASK", never_asked), CAMPAIGN, team)
    assert can_add_lessons(Actor("U_ADMIN", True), CAMPAIGN, team)
    assert not can_add_lessons(Actor("U_STRANGER", False), CAMPAIGN, team)


def test_only_the_campaigns_people_and_admins_post_the_review() -> None:
    people = campaign_people(owner_id="U_OWNER", task_owner_ids={"U_TASK"}, reporter_ids={"U_REP"},
                             responder_ids={"U_PR"})
    for user in ("U_OWNER", "U_TASK", "U_REP", "U_PR"):
        assert can_request_review(Actor(user, never_asked), CAMPAIGN, people)
    assert can_request_review(Actor("U_ADMIN", True), CAMPAIGN, people)
    assert not can_request_review(Actor("U_STRANGER", False), CAMPAIGN, people)


def test_a_private_channels_campaign_is_read_by_its_members_and_admins() -> None:
    private = ChannelAccess(is_private=True, members=frozenset({"U_MEMBER"}))
    assert can_read_campaign(Actor("U_MEMBER", never_asked), CAMPAIGN, private)
    assert can_read_campaign(Actor("U_ADMIN", True), CAMPAIGN, private)
    assert not can_read_campaign(Actor("U_OWNER", False), CAMPAIGN, private)  # left the channel: as anyone else
    assert can_read_campaign(Actor("U_STRANGER", never_asked), CAMPAIGN,
                             ChannelAccess(is_private=False, members=frozenset()))
    assert not can_read_campaign(Actor("U_MEMBER", False), CAMPAIGN, UNKNOWN_CHANNEL)  # Slack could not say
