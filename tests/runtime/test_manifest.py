"""manifest.yml declares what the code uses: the command, interactivity and every Web API scope."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from bot.kernel.ids import SLASH_COMMAND
from bot.runtime.http_server import EVENTS_PATH

ROOT = Path(__file__).resolve().parents[2]

# Scopes each Web API method needs (https://api.slack.com/methods). A method missing here fails the test,
# so a new call cannot ship without its scope being considered.
SCOPES_BY_METHOD = {
    "chat_postMessage": {"chat:write"},
    "chat_update": {"chat:write"},
    "chat_postEphemeral": {"chat:write"},
    "views_open": set(),
    "views_update": set(),
    "views_publish": set(),
    "conversations_join": {"channels:join"},
    # Who may read a campaign whose channel is private (bot.kernel.policy.can_read_campaign).
    "conversations_info": {"channels:read", "groups:read"},
    "conversations_members": {"channels:read", "groups:read"},
    "users_info": {"users:read"},
    "users_list": {"users:read"},
    "users_lookupByEmail": {"users:read.email"},
    "files_info": {"files:read"},
    "files_upload_v2": {"files:write"},
    "conversations_open": {"im:write"},
    # Looking for a message whose sender died before Slack's answer came back (outbox re-sends).
    "conversations_history": {"channels:history", "groups:history", "im:history"},
    # The same, for a message sent in a card's thread (history leaves replies out).
    "conversations_replies": {"channels:history", "groups:history", "im:history"},
    "auth_test": set(),
}


def _manifest() -> dict:
    return yaml.safe_load((ROOT / "manifest.yml").read_text())


def _methods_called() -> set[str]:
    called: set[str] = set()
    for path in (ROOT / "bot").rglob("*.py"):
        called |= set(re.findall(r"\.client\.([a-z]+_[A-Za-z_0-9]+)\(", path.read_text()))
    return called


def test_slash_command_points_at_the_events_endpoint() -> None:
    commands = {command["command"]: command for command in _manifest()["features"]["slash_commands"]}
    assert SLASH_COMMAND in commands
    assert commands[SLASH_COMMAND]["url"].endswith(EVENTS_PATH)


def test_interactivity_and_options_load_url() -> None:
    interactivity = _manifest()["settings"]["interactivity"]
    assert interactivity["is_enabled"] is True
    assert interactivity["request_url"].endswith(EVENTS_PATH)
    # The time-zone picker is an external select: Slack asks this URL for its options.
    assert interactivity["message_menu_options_url"].endswith(EVENTS_PATH)


def test_events_the_code_listens_to_are_subscribed() -> None:
    listened: set[str] = set()
    for path in (ROOT / "handlers").rglob("*.py"):
        listened |= set(re.findall(r"app\.event\(\"([a-z_]+)\"\)", path.read_text()))
    assert "file_shared" in listened  # the scan works
    events = _manifest()["settings"]["event_subscriptions"]
    assert events["request_url"].endswith(EVENTS_PATH)
    assert listened <= set(events["bot_events"])


def test_every_web_api_method_in_the_code_has_its_scope() -> None:
    called = _methods_called()
    assert "chat_postMessage" in called  # the scan works
    unknown = called - SCOPES_BY_METHOD.keys()
    assert not unknown, f"add these methods and their scopes to SCOPES_BY_METHOD: {sorted(unknown)}"
    needed = set().union(*(SCOPES_BY_METHOD[method] for method in called)) | {"commands"}
    declared = set(_manifest()["oauth_config"]["scopes"]["bot"])
    assert needed <= declared, f"manifest.yml lacks scopes {sorted(needed - declared)}"


def test_each_event_and_scope_is_listed_once() -> None:
    manifest = _manifest()
    events = manifest["settings"]["event_subscriptions"]["bot_events"]
    scopes = manifest["oauth_config"]["scopes"]["bot"]
    for listed in (events, scopes):
        twice = sorted({name for name in listed if listed.count(name) > 1})
        assert twice == [], f"manifest.yml lists these more than once: {twice}"


def test_the_sandbox_sends_the_events_the_app_subscribes_to() -> None:
    from sandbox.client import SLASH_COMMANDS, SUBSCRIBED_EVENTS

    manifest = _manifest()
    assert set(manifest["settings"]["event_subscriptions"]["bot_events"]) == SUBSCRIBED_EVENTS
    assert {command["command"] for command in manifest["features"]["slash_commands"]} == SLASH_COMMANDS
