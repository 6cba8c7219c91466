from types import SimpleNamespace

import pytest
from slack_sdk.errors import SlackApiError

from bot.kernel.blockkit.text import FALLBACK_TEXT_LIMIT
from bot.kernel.slack.gateway import ChannelPacer, PostedMessage, SlackGateway, UserProfile, make_web_client
from tests.support.slack_standin import Scripted, SlackStandIn


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def pacer(clock: FakeClock) -> ChannelPacer:
    return ChannelPacer(1.0, monotonic=clock.monotonic, sleep=clock.sleep)


# --- ChannelPacer ---------------------------------------------------------------------------------------------


def test_first_post_does_not_wait(pacer: ChannelPacer, clock: FakeClock) -> None:
    pacer.wait_turn("C1")
    assert clock.sleeps == []


def test_second_post_on_the_same_channel_waits_a_second(pacer: ChannelPacer, clock: FakeClock) -> None:
    pacer.wait_turn("C1")
    pacer.wait_turn("C1")
    assert clock.sleeps == [pytest.approx(1.0)]


def test_another_channel_does_not_wait(pacer: ChannelPacer, clock: FakeClock) -> None:
    pacer.wait_turn("C1")
    pacer.wait_turn("C2")
    pacer.wait_turn("D_USER")
    assert clock.sleeps == []


def test_no_wait_once_the_interval_has_passed(pacer: ChannelPacer, clock: FakeClock) -> None:
    pacer.wait_turn("C1")
    clock.now += 1.5
    pacer.wait_turn("C1")
    assert clock.sleeps == []


def test_partial_wait_when_part_of_the_interval_has_passed(pacer: ChannelPacer, clock: FakeClock) -> None:
    pacer.wait_turn("C1")
    clock.now += 0.25
    pacer.wait_turn("C1")
    assert clock.sleeps == [pytest.approx(0.75)]


def test_a_burst_is_spread_one_interval_apart() -> None:
    # Nobody's sleep advances the clock here, as with several threads posting at once: each gets its own slot.
    sleeps: list[float] = []
    pacer = ChannelPacer(1.0, monotonic=lambda: 50.0, sleep=sleeps.append)
    for _ in range(4):
        pacer.wait_turn("C1")
    assert sleeps == [pytest.approx(1.0), pytest.approx(2.0), pytest.approx(3.0)]


# --- SlackGateway against the stand-in ------------------------------------------------------------------------------


@pytest.fixture
def slack(standin: SlackStandIn) -> SlackStandIn:
    """conftest's stand-in: one server for the session (closed when it ends), calls and scripts reset per test."""
    return standin


@pytest.fixture
def retry_sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """slack_sdk's retry handlers sleep between attempts; record instead, so retries cost no time."""
    import slack_sdk.http_retry.builtin_handlers as builtin_handlers
    import slack_sdk.http_retry.handler as handler

    sleeps: list[float] = []
    fake_time = SimpleNamespace(sleep=sleeps.append)
    monkeypatch.setattr(builtin_handlers, "time", fake_time)
    monkeypatch.setattr(handler, "time", fake_time)
    return sleeps


@pytest.fixture
def gateway(slack: SlackStandIn, clock: FakeClock, pacer: ChannelPacer) -> SlackGateway:
    return SlackGateway(make_web_client("xoxb-test", slack.url), pacer=pacer)


@pytest.mark.parametrize(
    ("fields", "is_admin"),
    [
        ({}, False),
        ({"is_admin": False, "is_owner": False, "is_primary_owner": False}, False),
        ({"is_admin": True}, True),
        ({"is_owner": True}, True),
        ({"is_primary_owner": True}, True),
        ({"is_admin": False, "is_owner": True}, True),
    ],
)
def test_user_profile_maps_admin_flags(slack: SlackStandIn, gateway: SlackGateway, fields: dict[str, bool],
                                       is_admin: bool) -> None:
    slack.add_user("U1", tz="Europe/Berlin", locale="zh-CN", **fields)
    profile = gateway.user_profile("U1")
    assert profile == UserProfile(user_id="U1", is_admin=is_admin, tz="Europe/Berlin", locale="zh-CN")
    (call,) = slack.calls_to("users.info")
    assert call["user"] == "U1"
    assert call["include_locale"] in ("true", "1", True)


def test_user_profile_without_tz_or_locale(slack: SlackStandIn, gateway: SlackGateway) -> None:
    slack.add_user("U2", tz=None, locale=None)
    assert gateway.user_profile("U2") == UserProfile(user_id="U2", is_admin=False, tz=None, locale=None)


def test_post_message(slack: SlackStandIn, gateway: SlackGateway) -> None:
    posted = gateway.post_message("C1", text="hello")
    assert isinstance(posted, PostedMessage)
    assert posted.channel == "C1" and posted.ts
    (call,) = slack.calls_to("chat.postMessage")
    assert call["channel"] == "C1" and call["text"] == "hello"
    assert call["unfurl_links"] in ("0", "false", False)


def test_post_message_truncates_fallback_text(slack: SlackStandIn, gateway: SlackGateway) -> None:
    gateway.post_message("C1", text="x" * (FALLBACK_TEXT_LIMIT + 500))
    (call,) = slack.calls_to("chat.postMessage")
    assert len(call["text"]) == FALLBACK_TEXT_LIMIT


def test_posts_to_one_channel_are_paced(slack: SlackStandIn, gateway: SlackGateway, clock: FakeClock) -> None:
    gateway.post_message("C1", text="one")
    gateway.post_message("C2", text="elsewhere")
    gateway.post_message("C1", text="two")
    assert clock.sleeps == [pytest.approx(1.0)]
    assert [call["text"] for call in slack.calls_to("chat.postMessage")] == ["one", "elsewhere", "two"]


def test_send_dm_posts_to_the_user(slack: SlackStandIn, gateway: SlackGateway) -> None:
    posted = gateway.send_dm("U1", text="psst")
    assert posted.channel == "D1"  # the stand-in answers like Slack: the app's DM channel
    assert slack.calls_to("chat.postMessage")[0]["channel"] == "U1"


def test_rate_limited_post_is_retried(slack: SlackStandIn, gateway: SlackGateway, retry_sleeps: list[float]) -> None:
    slack.script("chat.postMessage", Scripted(status=429, headers={"Retry-After": "0"}))
    posted = gateway.post_message("C1", text="hello")
    assert posted.channel == "C1" and posted.ts
    assert len(slack.calls_to("chat.postMessage")) == 2
    assert len(retry_sleeps) == 1 and retry_sleeps[0] < 1  # honoured Retry-After: 0 (plus jitter)


def test_server_error_then_rate_limit_is_retried(
    slack: SlackStandIn, gateway: SlackGateway, retry_sleeps: list[float]
) -> None:
    slack.script(
        "chat.postMessage",
        Scripted(status=500, body={"ok": False, "error": "internal_error"}),
        Scripted(status=429, headers={"Retry-After": "0"}),
    )
    posted = gateway.post_message("C1", text="hello")
    assert posted.ts
    calls = slack.calls_to("chat.postMessage")
    assert len(calls) == 3
    assert {call["text"] for call in calls} == {"hello"}  # the same message each time
    assert len(retry_sleeps) == 2


def test_dropped_connection_is_retried(slack: SlackStandIn, gateway: SlackGateway, retry_sleeps: list[float]) -> None:
    slack.script("chat.postMessage", Scripted(drop_connection=True))
    assert gateway.post_message("C1", text="hello").ts
    assert len(slack.calls_to("chat.postMessage")) == 2


@pytest.mark.parametrize("max_retries", [0, 2])
def test_retries_give_up_eventually(slack: SlackStandIn, max_retries: int, retry_sleeps: list[float]) -> None:
    gateway = SlackGateway(make_web_client("xoxb-test", slack.url, max_retries=max_retries))
    slack.script("chat.postMessage", *[Scripted(status=500, body={"ok": False, "error": "internal_error"})] * 10)
    with pytest.raises(SlackApiError):
        gateway.post_message("C1", text="hello")
    assert len(slack.calls_to("chat.postMessage")) == max_retries + 1


def test_join_channel(slack: SlackStandIn, gateway: SlackGateway) -> None:
    assert gateway.join_channel("C1") is True
    slack.script("conversations.join", Scripted(body={"ok": False, "error": "method_not_supported_for_channel_type"}))
    assert gateway.join_channel("G1") is False
    assert [call["channel"] for call in slack.calls_to("conversations.join")] == ["C1", "G1"]


def test_the_pacer_tells_how_long_a_channel_must_wait_without_reserving() -> None:
    clock = [100.0]
    pacer = ChannelPacer(1.0, monotonic=lambda: clock[0], sleep=lambda _: None)
    assert pacer.delay("C1") == 0
    pacer.wait_turn("C1")
    clock[0] += 0.25
    assert pacer.delay("C1") == pytest.approx(0.75)
    assert pacer.delay("C1") == pytest.approx(0.75)  # asking reserves nothing
    assert pacer.delay("C2") == 0
