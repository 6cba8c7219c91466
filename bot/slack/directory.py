"""Who people are: admin flag, time zone and locale from users.info, cached briefly per process."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.policy import Actor
from bot.slack.gateway import SlackGateway, UserProfile

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

    def actor(self, user_id: str, team_id: str | None) -> Actor:
        """The person acting, in the workspace the request came from (Slack's `team_id` / `team.id`)."""
        return Actor(user_id, is_admin=lambda: self.profile(user_id).is_admin, team_id=team_id)
