"""Shared fixtures. No test can reach slack.com: every socket to a non-local host is refused."""

from __future__ import annotations

import io
import logging
import socket
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine

from bot.kernel.logs import JsonFormatter
from storage.session import SessionFactory, make_session_factory
from tests.support.databases import POSTGRES_SKIP_REASON, migrated_engine, postgres_url, wipe
from tests.support.harness import BotHarness
from tests.support.scenario_clock import scenario  # noqa: F401  (the fixture, for every test folder)
from tests.support.slack_standin import SlackStandIn

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "testserver"}
NOW = datetime(2026, 4, 20, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def no_internet(monkeypatch: pytest.MonkeyPatch) -> None:
    real_getaddrinfo = socket.getaddrinfo

    def guarded(host, *args, **kwargs):  # type: ignore[no-untyped-def]
        if host not in LOCAL_HOSTS:
            raise AssertionError(f"a test tried to reach {host}; use the Slack stand-in")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", guarded)


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    if request.param == "postgresql" and not postgres_url():
        pytest.skip(POSTGRES_SKIP_REASON)
    workdir: Path = tmp_path_factory.mktemp(request.param)
    with migrated_engine(request.param, workdir) as migrated:
        yield migrated


@pytest.fixture
def session_factory(engine: Engine) -> Iterator[SessionFactory]:
    wipe(engine)
    yield make_session_factory(engine)


@pytest.fixture(scope="session")
def slack_standin() -> Iterator[SlackStandIn]:
    standin = SlackStandIn()
    yield standin
    standin.close()


@pytest.fixture
def standin(slack_standin: SlackStandIn) -> SlackStandIn:
    slack_standin.reset()
    slack_standin.users.clear()
    return slack_standin


@pytest.fixture
def bot(standin: SlackStandIn, session_factory: SessionFactory) -> BotHarness:
    return BotHarness(standin=standin, session_factory=session_factory, now=NOW)


@pytest.fixture
def json_log(caplog: pytest.LogCaptureFixture) -> Iterator[io.StringIO]:
    """What the root logger writes in the JSON format, at INFO and above, while the test runs."""
    caplog.set_level(logging.INFO)
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logging.getLogger().addHandler(handler)
    yield stream
    logging.getLogger().removeHandler(handler)
