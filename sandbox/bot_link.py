"""Requests to the bot's `/slack/events`, signed exactly as Slack signs them.

Slack gives an app 3 seconds to answer; so does the sandbox, and a late or failed answer is reported the
way Slack's client reports it (`operation_timeout`, `dispatch_failed`), not hidden.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

ACK_TIMEOUT_SECONDS = 3.0


@dataclass(frozen=True)
class BotAnswer:
    status: int | None  # None: no answer at all (timeout, refused)
    body: bytes
    error: str | None = None  # Slack's word for what went wrong, when something did

    @property
    def ok(self) -> bool:
        return self.status == 200

    def json(self) -> dict[str, Any] | None:
        if not self.body:
            return None
        try:
            parsed = json.loads(self.body)
        except (json.JSONDecodeError, UnicodeDecodeError):
            return None
        return parsed if isinstance(parsed, dict) else None

    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


class BotLink:
    def __init__(self, events_url: str, signing_secret: str, *, timeout: float = ACK_TIMEOUT_SECONDS) -> None:
        self.events_url = events_url
        self._verifier = SignatureVerifier(signing_secret)
        self.timeout = timeout

    def command(self, fields: dict[str, str]) -> BotAnswer:
        return self._post(urlencode(fields), "application/x-www-form-urlencoded")

    def interaction(self, payload: dict[str, Any]) -> BotAnswer:
        return self._post(urlencode({"payload": json.dumps(payload, ensure_ascii=False)}),
                          "application/x-www-form-urlencoded")

    def event(self, envelope: dict[str, Any]) -> BotAnswer:
        return self._post(json.dumps(envelope, ensure_ascii=False), "application/json")

    def _post(self, body: str, content_type: str) -> BotAnswer:
        # Signed with the wall clock, not the demo clock: the bot refuses requests older than five minutes.
        timestamp = str(int(time.time()))
        headers = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": timestamp,
            "X-Slack-Signature": self._verifier.generate_signature(timestamp=timestamp, body=body),
            "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots) campaignbot-sandbox",
        }
        request = urllib.request.Request(self.events_url, data=body.encode("utf-8"), headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return BotAnswer(response.status, response.read())
        except urllib.error.HTTPError as error:
            return BotAnswer(error.code, error.read(), error="dispatch_failed")
        except TimeoutError:
            return BotAnswer(None, b"", error="operation_timeout")
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            return BotAnswer(None, b"", error="operation_timeout" if isinstance(reason, TimeoutError)
                             else "dispatch_failed")
