"""Who people are: admin flag, time zone and locale from users.info, cached briefly per process."""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta

from slack_sdk.errors import SlackApiError, SlackRequestError

from bot.clock import Clock
from bot.domain.bounds import is_iana_zone
from bot.policy import Actor
from bot.slack.gateway import SlackGateway, UserProfile

log = logging.getLogger(__name__)

PROFILE_TTL = timedelta(minutes=10)


class Directory:
    def __init__(self, slack: SlackGateway, clock: Clock) -> None:
        self._slack = slack
        self._clock = clock
        self._profiles: dict[str, tuple[UserProfile, datetime]] = {}
        self._lock = threading.Lock()

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
