"""Imports go one way down: the production code never imports the sandbox (it has its own entry point, which
`campaignbot run` without a token hands over to), the serving process never imports matplotlib (charts are drawn in
chart workers, or where a review is drawn), and the outbox does not reach up into bot.kernel.services."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = ("bot", "handlers", "scheduler", "storage")


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_no_production_module_imports_the_sandbox() -> None:
    offenders = {str(path.relative_to(ROOT)): sorted(name for name in _imports(path) if name.split(".")[0] == "sandbox")
                 for folder in PRODUCTION for path in (ROOT / folder).rglob("*.py")}
    assert {path: names for path, names in offenders.items() if names} == {}


def test_the_cli_loads_without_the_sandbox() -> None:
    script = ("import sys, bot.runtime.cli, bot.runtime.app, bot.runtime.http_server, scheduler.runner; "
              "print(sorted(m for m in sys.modules if m.split('.')[0] == 'sandbox'))")
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60,
                            check=True)
    assert result.stdout.strip() == "[]"


# The app as `campaignbot run` builds it (bot/runtime/cli.py `_run`): services, the Bolt app with every listener
# registered, the HTTP front; then the modules whose names start with `matplotlib`.
SERVING = """
import sys
from concurrent.futures import ThreadPoolExecutor
from bot.kernel.config import Settings
from bot.runtime.app import LISTENER_THREADS, build_services, create_app
from bot.runtime.http_server import build_asgi
settings = Settings.from_env({"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": "secret",
                              "DATABASE_URL": "sqlite:///" + sys.argv[1]})
services = build_services(settings)
executor = ThreadPoolExecutor(max_workers=LISTENER_THREADS)
app = create_app(settings, services=services, listener_executor=executor)
assert app._listeners, "no listener registered"
build_asgi(app)
# ALSO
executor.shutdown()
print(sorted(name for name in sys.modules if name.split(".")[0] == "matplotlib"))
"""


def _matplotlib_modules_of(script: str, tmp_path: Path) -> str:
    result = subprocess.run([sys.executable, "-c", script, str(tmp_path / "bot.sqlite")], cwd=ROOT,
                            capture_output=True, text=True, timeout=120, check=True)
    return result.stdout.strip().splitlines()[-1]


def test_the_serving_process_does_not_import_matplotlib(tmp_path: Path) -> None:
    assert _matplotlib_modules_of(SERVING, tmp_path) == "[]"


def test_nor_does_the_scheduler_it_runs(tmp_path: Path) -> None:
    """`campaignbot run` without --no-scheduler runs the passes in the serving process."""
    assert _matplotlib_modules_of(SERVING.replace("# ALSO", "import scheduler.runner"), tmp_path) == "[]"


def test_the_outbox_does_not_import_the_services_module() -> None:
    assert "bot.kernel.services" not in _imports(ROOT / "bot" / "kernel" / "slack" / "outbox.py")
