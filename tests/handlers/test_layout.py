"""One way down (issue 16): listeners parse, call a use case and answer, so they reach no storage module, and the
only handlers they import are the router's shared ones (forms, errors)."""

from __future__ import annotations

import ast
from pathlib import Path

HANDLERS = Path(__file__).resolve().parents[2] / "handlers"
SHARED = {"bot.kernel.listening.forms", "bot.kernel.listening.errors"}
ROUTERS = {"__init__.py", "commands.py"}  # the listener registry and the `/campaign` sub-command router
PENDING: set[tuple[str, str]] = set()


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_no_handler_imports_storage() -> None:
    reaching = {(path.name, module) for path in HANDLERS.glob("*.py") for module in _imports(path)
                if module == "storage" or module.startswith("storage.")}
    assert reaching == set()


def test_handlers_import_only_the_shared_handlers() -> None:
    others = {(path.name, module) for path in HANDLERS.glob("*.py") if path.name not in ROUTERS
              for module in _imports(path) if module.startswith("handlers.") and module not in SHARED}
    assert others <= PENDING, others - PENDING
