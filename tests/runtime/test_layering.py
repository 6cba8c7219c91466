"""Imports go one way down: the production code never imports the sandbox (it has its own entry point, which
`campaignbot run` without a token hands over to), and the outbox does not reach up into bot.kernel.services."""

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


def test_the_outbox_does_not_import_the_services_module() -> None:
    assert "bot.kernel.services" not in _imports(ROOT / "bot" / "kernel" / "slack" / "outbox.py")
