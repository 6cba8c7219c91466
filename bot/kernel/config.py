"""Settings from the environment (README.md, "Configuration")."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from bot.kernel.bounds import is_iana_zone
from bot.kernel.errors import ConfigError

DEFAULT_DATABASE_URL = "sqlite:///campaignbot.db"
DEFAULT_SLACK_API_URL = "https://slack.com/api/"
LOG_FORMATS = ("text", "json")

_SETUP_HINT = (
    "Create the Slack app from manifest.yml (https://api.slack.com/apps -> Create New App -> From a manifest), "
    "install it to your workspace, then export the values above (see README.md, 'Configuration')."
)


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    slack_bot_token: str | None = None
    slack_signing_secret: str | None = None
    slack_app_token: str | None = None
    slack_api_url: str = DEFAULT_SLACK_API_URL
    port: int = 3000
    sandbox_port: int = 3001
    default_timezone: str = "UTC"
    default_locale: str = "en"
    log_format: str = "text"  # or "json": one JSON object a line (bot/kernel/logs.py)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        port = _port(env, "PORT", 3000)
        sandbox_port = _port(env, "SANDBOX_PORT", 3001)
        timezone = env.get("CAMPAIGNBOT_TIMEZONE") or "UTC"
        if not is_iana_zone(timezone):  # "localtime" would open, and mean whatever each server is set to
            raise ConfigError(
                f"CAMPAIGNBOT_TIMEZONE must be an IANA time zone such as Asia/Shanghai, got {timezone!r}."
            )
        api_url = env.get("SLACK_API_URL") or DEFAULT_SLACK_API_URL
        log_format = (env.get("CAMPAIGNBOT_LOG_FORMAT") or "text").strip().lower()
        if log_format not in LOG_FORMATS:
            raise ConfigError(
                f"CAMPAIGNBOT_LOG_FORMAT must be 'text' or 'json' (one JSON object a line), "
                f"got {env.get('CAMPAIGNBOT_LOG_FORMAT')!r}."
            )
        return cls(
            database_url=normalise_database_url(env.get("DATABASE_URL") or DEFAULT_DATABASE_URL),
            slack_bot_token=env.get("SLACK_BOT_TOKEN") or None,
            slack_signing_secret=env.get("SLACK_SIGNING_SECRET") or None,
            slack_app_token=env.get("SLACK_APP_TOKEN") or None,
            slack_api_url=api_url if api_url.endswith("/") else api_url + "/",
            port=port,
            sandbox_port=sandbox_port,
            default_timezone=timezone,
            log_format=log_format,
        )

    @property
    def sandbox(self) -> bool:
        """No Slack to talk to: `campaignbot run` starts the local sandbox instead (README.md, "Quick start")."""
        return self.slack_bot_token is None and self.slack_app_token is None

    @property
    def socket_mode(self) -> bool:
        return self.slack_app_token is not None

    def require_slack(self) -> None:
        """Refuse to start with a plain explanation instead of a traceback from deep inside Bolt."""
        missing = []
        if not self.slack_bot_token:
            missing.append("SLACK_BOT_TOKEN      the Bot User OAuth Token (xoxb-...), page 'OAuth & Permissions'")
        if not self.socket_mode and not self.slack_signing_secret:
            missing.append("SLACK_SIGNING_SECRET the signing secret, page 'Basic Information' -> 'App Credentials'")
        if self.slack_bot_token and not self.slack_bot_token.startswith("xoxb-"):
            missing.append("SLACK_BOT_TOKEN      must be a bot token starting with xoxb-")
        if self.slack_app_token and not self.slack_app_token.startswith("xapp-"):
            missing.append("SLACK_APP_TOKEN      must be an app-level token starting with xapp- (or unset it)")
        if missing:
            lines = "\n  ".join(missing)
            raise ConfigError(
                f"campaignbot cannot talk to Slack yet. Set:\n  {lines}\n"
                "Optional: SLACK_APP_TOKEN (xapp-..., 'Basic Information' -> 'App-Level Tokens', scope "
                "connections:write) to use Socket Mode instead of a public HTTP endpoint.\n" + _SETUP_HINT
            )


def _port(env: Mapping[str, str], name: str, default: int) -> int:
    text = env.get(name)
    if text is None:
        return default
    try:
        port = int(text)
    except ValueError:
        raise ConfigError(f"{name} must be a port number, got {text!r}.") from None
    if not 0 <= port <= 65535:
        raise ConfigError(f"{name} must be between 0 and 65535, got {port}.")
    return port


def normalise_database_url(url: str) -> str:
    """A plain postgresql:// URL means psycopg 3 (README.md, "Configuration"), not SQLAlchemy's default psycopg2."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url
