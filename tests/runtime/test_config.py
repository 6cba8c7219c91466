import pytest

from bot.kernel.config import DEFAULT_DATABASE_URL, DEFAULT_SLACK_API_URL, Settings, normalise_database_url
from bot.kernel.errors import ConfigError


def test_defaults_from_an_empty_environment() -> None:
    settings = Settings.from_env({})
    assert settings == Settings()
    assert settings.database_url == DEFAULT_DATABASE_URL == "sqlite:///campaignbot.db"
    assert settings.slack_api_url == DEFAULT_SLACK_API_URL == "https://slack.com/api/"
    assert settings.port == 3000
    assert settings.default_timezone == "UTC"
    assert settings.default_locale == "en"
    assert settings.slack_bot_token is None
    assert settings.slack_signing_secret is None
    assert settings.slack_app_token is None
    assert settings.socket_mode is False


def test_empty_values_count_as_unset() -> None:
    settings = Settings.from_env({
        "DATABASE_URL": "", "SLACK_BOT_TOKEN": "", "SLACK_SIGNING_SECRET": "", "SLACK_APP_TOKEN": "",
        "SLACK_API_URL": "", "CAMPAIGNBOT_TIMEZONE": "",
    })
    assert settings == Settings()


def test_values_are_read() -> None:
    settings = Settings.from_env({
        "DATABASE_URL": "sqlite:////data/cb.db", "SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s3cret",
        "SLACK_APP_TOKEN": "xapp-1", "PORT": "8080", "CAMPAIGNBOT_TIMEZONE": "Asia/Shanghai",
    })
    assert settings.database_url == "sqlite:////data/cb.db"
    assert (settings.slack_bot_token, settings.slack_signing_secret, settings.slack_app_token) == (
        "xoxb-1", "s3cret", "xapp-1",
    )
    assert settings.port == 8080
    assert settings.default_timezone == "Asia/Shanghai"
    assert settings.socket_mode is True


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgresql://u:p@db:5432/cb", "postgresql+psycopg://u:p@db:5432/cb"),
        ("postgres://u:p@db/cb", "postgresql+psycopg://u:p@db/cb"),
        ("postgresql+psycopg://u@db/cb", "postgresql+psycopg://u@db/cb"),
        ("sqlite:///campaignbot.db", "sqlite:///campaignbot.db"),
    ],
)
def test_database_url_means_psycopg_3(url: str, expected: str) -> None:
    assert normalise_database_url(url) == expected
    assert Settings.from_env({"DATABASE_URL": url}).database_url == expected


@pytest.mark.parametrize("port", ["abc", "", "80.5", "3000x"])
def test_bad_port(port: str) -> None:
    with pytest.raises(ConfigError, match="PORT must be a port number"):
        Settings.from_env({"PORT": port})


@pytest.mark.parametrize("zone", ["Mars/Olympus", "Asia/Shanghai/", "Asia", "../../etc/passwd", "localtime",
                                  "posixrules", "posix/Asia/Shanghai"])
def test_bad_timezone(zone: str) -> None:
    with pytest.raises(ConfigError, match="CAMPAIGNBOT_TIMEZONE") as raised:
        Settings.from_env({"CAMPAIGNBOT_TIMEZONE": zone})
    assert "Asia/Shanghai" in str(raised.value)  # it shows what a valid value looks like


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://127.0.0.1:9999/api", "http://127.0.0.1:9999/api/"),
        ("http://127.0.0.1:9999/api/", "http://127.0.0.1:9999/api/"),
    ],
)
def test_slack_api_url_gets_a_trailing_slash(url: str, expected: str) -> None:
    assert Settings.from_env({"SLACK_API_URL": url}).slack_api_url == expected


# --- require_slack -----------------------------------------------------------------------------------------------


def config_error(**values: str | None) -> str:
    with pytest.raises(ConfigError) as raised:
        Settings(**values).require_slack()  # type: ignore[arg-type]
    return str(raised.value)


def test_nothing_set_names_both_values_and_where_to_get_them() -> None:
    message = config_error()
    assert "SLACK_BOT_TOKEN" in message
    assert "SLACK_SIGNING_SECRET" in message
    assert "OAuth & Permissions" in message  # where the bot token lives
    assert "Basic Information" in message  # where the signing secret lives
    assert "manifest.yml" in message and "https://api.slack.com/apps" in message
    assert "Traceback" not in message


def test_http_mode_with_token_and_secret_is_ready() -> None:
    Settings(slack_bot_token="xoxb-1", slack_signing_secret="s3cret").require_slack()


def test_http_mode_needs_the_signing_secret() -> None:
    message = config_error(slack_bot_token="xoxb-1")
    assert "SLACK_SIGNING_SECRET" in message
    assert "SLACK_BOT_TOKEN    " not in message  # the token is fine; only the secret is listed


def test_socket_mode_needs_no_signing_secret() -> None:
    settings = Settings(slack_bot_token="xoxb-1", slack_app_token="xapp-1")
    assert settings.socket_mode
    settings.require_slack()


def test_socket_mode_still_needs_the_bot_token() -> None:
    message = config_error(slack_app_token="xapp-1")
    assert "SLACK_BOT_TOKEN" in message
    assert "SLACK_SIGNING_SECRET  " not in message


@pytest.mark.parametrize("token", ["xoxp-user-token", "xapp-1", "abc"])
def test_wrong_bot_token_prefix_is_explained(token: str) -> None:
    message = config_error(slack_bot_token=token, slack_signing_secret="s3cret")
    assert "must be a bot token starting with xoxb-" in message


@pytest.mark.parametrize("token", ["xoxb-1", "abc"])
def test_wrong_app_token_prefix_is_explained(token: str) -> None:
    message = config_error(slack_bot_token="xoxb-1", slack_app_token=token)
    assert "SLACK_APP_TOKEN" in message
    assert "must be an app-level token starting with xapp-" in message


def test_tokens_swapped_are_both_explained() -> None:
    message = config_error(slack_bot_token="xapp-1", slack_app_token="xoxb-1")
    assert "starting with xoxb-" in message and "starting with xapp-" in message


def test_secret_values_are_never_echoed() -> None:
    message = config_error(slack_bot_token="xoxp-very-secret-value", slack_signing_secret="s3cret")
    assert "very-secret-value" not in message
    assert "s3cret" not in message


@pytest.mark.parametrize(("text", "expected"), [("", "text"), ("text", "text"), ("json", "json"), (" JSON ", "json")])
def test_log_format(text: str, expected: str) -> None:
    assert Settings.from_env({"CAMPAIGNBOT_LOG_FORMAT": text}).log_format == expected


def test_unknown_log_format_says_what_to_write() -> None:
    with pytest.raises(ConfigError, match=r"CAMPAIGNBOT_LOG_FORMAT must be 'text' or 'json'.*'yaml'"):
        Settings.from_env({"CAMPAIGNBOT_LOG_FORMAT": "yaml"})
