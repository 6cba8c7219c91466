"""Who people are: admin flag, time zone and locale from users.info, cached briefly per process.

A person's locale is their own choice (`/campaign language`, looked up through `chosen`) before Slack's."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta

from slack_sdk.errors import SlackApiError, SlackRequestError

from bot.kernel.bounds import is_iana_zone
from bot.kernel.clock import Clock
from bot.kernel.policy import UNKNOWN_CHANNEL, Actor, ChannelAccess
from bot.kernel.slack.gateway import SlackGateway, UserProfile

log = logging.getLogger(__name__)

PROFILE_TTL = timedelta(minutes=10)
# Short: someone removed from a private channel stops reading its campaign within a minute.
CHANNEL_TTL = timedelta(minutes=1)
# Short, so a choice made through another process of the bot shows within a minute; this process forgets at once.
CHOICE_TTL = timedelta(minutes=1)
ChosenLocale = Callable[[str], "str | None"]


class Directory:
    def __init__(self, slack: SlackGateway, clock: Clock, chosen: ChosenLocale | None = None) -> None:
        self._slack = slack
        self._clock = clock
        self._chosen = chosen
        self._profiles: dict[str, tuple[UserProfile, datetime]] = {}
        self._choices: dict[str, tuple[str | None, datetime]] = {}
        self._channels: dict[str, tuple[ChannelAccess, datetime]] = {}
        self._lock = threading.Lock()

    def locale(self, user_id: str) -> str | None:
        """The locale the person reads the bot in: their own choice, else their Slack locale."""
        return self.chosen_locale(user_id) or self.profile(user_id).locale

    def chosen_locale(self, user_id: str) -> str | None:
        if self._chosen is None:
            return None
        now = self._clock.now()
        with self._lock:
            cached = self._choices.get(user_id)
        if cached and cached[1] > now:
            return cached[0]
        choice = self._chosen(user_id)
        with self._lock:
            self._choices[user_id] = (choice, now + CHOICE_TTL)
        return choice

    def forget_choice(self, user_id: str) -> None:
        """After the person changed their language here, so the next message uses it."""
        with self._lock:
            self._choices.pop(user_id, None)

    def profile(self, user_id: str) -> UserProfile:
        now = self._clock.now()
        with self._lock:
            cached = self._profiles.get(user_id)
        if cached and cached[1] > now:
            return cached[0]
        profile = self._slack.user_profile(user_id)
        with self._lock:
            self._profiles[user_id] = (profile, now + PROFILE_TTL)
        return profile

    def name(self, user_id: str) -> str:
        """The person's name as Slack shows it, for files people read outside Slack; the id when unknown."""
        try:
            return self.profile(user_id).name or user_id
        except (SlackApiError, SlackRequestError, OSError) as error:
            log.info("no name for %s (%s)", user_id, error)
            return user_id

    def time_zone(self, user_id: str, fallback: str) -> str:
        """The person's Slack time zone (users.info `tz`), to start forms in; `fallback` when Slack has none."""
        try:
            zone = self.profile(user_id).tz
        except (SlackApiError, SlackRequestError, OSError) as error:
            log.info("no time zone for %s (%s)", user_id, error)
            return fallback
        return zone if zone and is_iana_zone(zone) else fallback

    def actor(self, user_id: str, team_id: str | None) -> Actor:
        """The person acting, in the workspace the request came from (Slack's `team_id` / `team.id`)."""
        return Actor(user_id, is_admin=lambda: self.profile(user_id).is_admin, team_id=team_id)

    def channel_access(self, channel_id: str) -> ChannelAccess:
        """Whether the channel is private and who is in it; ask outside any database transaction (it may call
        Slack twice). What Slack cannot answer counts as private with no members, and is not cached."""
        now = self._clock.now()
        with self._lock:
            cached = self._channels.get(channel_id)
        if cached and cached[1] > now:
            return cached[0]
        try:
            private, members = self._slack.channel_members(channel_id)
        except (SlackApiError, SlackRequestError, OSError) as error:
            log.warning("cannot tell who is in %s (%s); only admins read its campaign", channel_id, error)
            return UNKNOWN_CHANNEL
        access = ChannelAccess(is_private=private, members=frozenset(members))
        with self._lock:
            self._channels[channel_id] = (access, now + CHANNEL_TTL)
        return access
