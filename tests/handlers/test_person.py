"""Every listener takes the acting person (`actor`) and their language (`locale`) by name, from the middleware of
bot/kernel/listening/person.py: none builds them itself, and what does not need the language does not look it up."""

from __future__ import annotations

import ast
from pathlib import Path

from bot.kernel.ids import Action
from tests.support import payloads
from tests.support.harness import BotHarness, response_json

HANDLERS = Path(__file__).resolve().parents[2] / "handlers"
# The language sub-command reads the language again after changing it: the one looked up before is the old one.
LOOKS_UP_THE_LOCALE_ITSELF = {"language.py"}


def _calls(path: Path) -> set[str]:
    return {node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))) if isinstance(node, ast.Call)}


def test_no_listener_builds_the_actor_or_opens_a_modal_itself() -> None:
    calls = {path.name: _calls(path) for path in HANDLERS.glob("*.py")}
    assert sorted(name for name, called in calls.items() if called & {"actor_of", "open_view"}) == []
    assert sorted(name for name, called in calls.items() if "locale_for" in called) == \
        sorted(LOOKS_UP_THE_LOCALE_ITSELF)


def test_bolt_is_never_asked_for_the_locale(bot: BotHarness) -> None:
    """Bolt does not know `locale` (it would hand None): a listener that takes it is one of the decorators of
    bot/kernel/listening/forms.py, which look it up when the listener runs."""
    listeners = bot.app._listeners
    assert len(listeners) > 40
    assert [listener.ack_function.__name__ for listener in listeners if "locale" in listener.arg_names] == []


def test_the_time_zone_picker_does_not_look_up_the_language(bot: BotHarness) -> None:
    """A listener that does not take `locale` costs no users.info: the middleware built the actor and nothing else."""
    options = response_json(bot.suggest(Action.PICK_TIMEZONE, "shang"))["options"]
    assert [option["value"] for option in options] == ["Asia/Shanghai"]
    assert "users.info" not in bot.standin.methods()


def test_an_event_without_a_person_still_reaches_bolt(bot: BotHarness) -> None:
    body = payloads.event_callback({"type": "app_uninstalled"})
    response = bot.post(body, payloads.json_headers(body))
    assert response.status_code == 404  # nobody listens for it: Bolt's own answer, not an error
    assert "users.info" not in bot.standin.methods()
