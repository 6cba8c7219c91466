"""Rooms are features, file names are floors (README "Architecture"): the import graph of the shipped code, checked so
the layout cannot drift back."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("bot", "handlers", "scheduler", "storage", "sandbox")
NOT_FEATURES = {"kernel", "runtime"}
FEATURES = sorted(path.name for path in (ROOT / "bot").iterdir()
                  if (path / "__init__.py").exists() and path.name not in NOT_FEATURES)
ROLES = ("rules", "service", "flows", "scheduled", "blocks", "render", "access")
# The kernel's plumbing stores and talks to Slack (the outbox, claims, the gateway), so it stands above storage;
# its base (words, numbers, ids, policy, clock, errors) stands under everything.
KERNEL_PLUMBING = ("services", "messages", "slack", "chart_pool", "metrics", "batches", "claims", "housekeeping",
                   "flow", "listening")
KERNEL_BELOW_BLOCKS = ("blockkit", "logs", "config")
# Top of the house first; a module may import only from its own floor or the floors after it.
FLOORS = ("sandbox", "runtime", "listeners", "flows", "scheduled", "service", "kernel plumbing", "blocks | render",
          "repositories", "models", "kernel words", "rules", "kernel")
MAX_LINES = 500
CONDUCTING = ("flows", "scheduled")
TEST_FOLDERS_BESIDE_FEATURES = ("kernel", "runtime", "handlers", "storage", "sandbox", "support")


def _modules() -> Iterator[tuple[str, Path]]:
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            parts = path.relative_to(ROOT).with_suffix("").parts
            yield ".".join(parts[:-1] if parts[-1] == "__init__" else parts), path


def _imported_names(path: Path) -> tuple[set[str], set[str]]:
    """(the modules a file imports from, those plus each imported name as `module.name`)."""
    modules: set[str] = set()
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return modules, modules | names


def _imports(path: Path) -> set[str]:
    _, found = _imported_names(path)
    return {name for name in found if name.split(".")[0] in PACKAGES and name not in PACKAGES}


def floor(module: str) -> str | None:
    parts = module.split(".")
    top = parts[0]
    if top == "sandbox":
        return "sandbox"
    if top in ("handlers", "scheduler"):
        return "listeners"
    if top == "storage":
        return "repositories" if len(parts) > 1 and parts[1] in ("repositories", "claims") else "models"
    if len(parts) < 2:
        return None
    if parts[1] == "runtime":
        return "runtime"
    if parts[1] == "kernel":
        if len(parts) > 2 and parts[2] in KERNEL_PLUMBING:
            return "kernel plumbing"
        return "kernel words" if len(parts) > 2 and parts[2] in KERNEL_BELOW_BLOCKS else "kernel"
    if len(parts) < 3:
        return None
    role = parts[2]
    if role in ("blocks", "render"):
        return "blocks | render"
    return "service" if role == "access" else role if role in ROLES else None


def feature(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "bot" and len(parts) > 1 and parts[1] in FEATURES else None


MODULES = dict(_modules())
GRAPH = {name: {imported for imported in _imports(path) if imported in MODULES} for name, path in MODULES.items()}


def test_every_module_of_a_feature_is_named_by_its_role() -> None:
    assert sorted(name for name in MODULES if feature(name) and name.count(".") > 1
                  and name.split(".")[2] not in ROLES) == []
    assert sorted(name for name in MODULES if floor(name) is None and name not in PACKAGES and name != "bot"
                  and not (feature(name) and name.count(".") == 1)) == []


def test_no_import_runs_back_up() -> None:
    upward = sorted((name, imported) for name, imports in GRAPH.items() for imported in imports
                    if (mine := floor(name)) is not None and (theirs := floor(imported)) is not None
                    and FLOORS.index(theirs) < FLOORS.index(mine))
    assert upward == []


def _circle(graph: dict[str, set[str]], skip: object = lambda name, imported: False) -> list[str] | None:
    visiting: set[str] = set()
    done: set[str] = set()

    def visit(name: str, trail: tuple[str, ...]) -> list[str] | None:
        if name in done:
            return None
        if name in visiting:
            return [*trail[trail.index(name):], name]
        visiting.add(name)
        for imported in sorted(graph.get(name, ())):
            if not skip(name, imported) and (found := visit(imported, (*trail, name))):  # type: ignore[operator]
                return found
        visiting.discard(name)
        done.add(name)
        return None

    for name in sorted(graph):
        if found := visit(name, ()):
            return found
    return None


def test_there_is_no_import_circle() -> None:
    # a package's own __init__ is no circle
    circle = _circle(GRAPH, lambda name, imported: imported == name or name.startswith(imported + "."))
    assert circle is None, " → ".join(circle or [])


def test_feature_folders_import_each_other_without_a_circle() -> None:
    """Below the floors that conduct (flows: one submission; scheduled: one due pass), which call into several
    features by design, the feature folders form one order: README "Architecture" lists it."""
    folders: dict[str, set[str]] = {}
    for name, imports in GRAPH.items():
        if (mine := feature(name)) is not None and floor(name) not in CONDUCTING:
            folders.setdefault(mine, set()).update(theirs for imported in imports
                                                   if (theirs := feature(imported)) not in (None, mine))
    circle = _circle(folders)
    assert circle is None, " → ".join(circle or [])


def test_a_conducting_floor_calls_no_other_features_conducting_floor() -> None:
    assert sorted((name, imported) for name, imports in GRAPH.items() for imported in imports
                  if feature(name) and feature(imported) not in (None, feature(name))
                  and floor(imported) in CONDUCTING) == []


@pytest.mark.parametrize("ground", ["bot.campaigns", "bot.kernel"])
def test_the_ground_imports_no_feature(ground: str) -> None:
    assert sorted((name, imported) for name, imports in GRAPH.items() if name.startswith(ground + ".")
                  for imported in imports if feature(imported) not in (None, feature(name))) == []


def test_listeners_and_the_scheduler_reach_no_storage() -> None:
    assert sorted((name, imported) for name, imports in GRAPH.items() if name.split(".")[0] in ("handlers", "scheduler")
                  for imported in imports if imported.split(".")[0] == "storage") == []


def test_handlers_import_no_other_handler_but_the_router_and_registry() -> None:
    assert sorted((name, imported) for name, imports in GRAPH.items()
                  if name.startswith("handlers.") and name != "handlers.router"
                  for imported in imports if imported.startswith("handlers.")) == []


def test_block_builders_and_renderers_neither_read_nor_write() -> None:
    assert sorted((name, imported) for name, imports in GRAPH.items() if floor(name) == "blocks | render"
                  for imported in imports if imported.split(".")[0] == "storage") == []


def test_rules_need_no_slack_no_sql_and_no_clock() -> None:
    forbidden = ("slack_sdk", "slack_bolt", "sqlmodel", "sqlalchemy", "storage", "bot.kernel.clock")
    found = []
    for name, path in MODULES.items():
        if floor(name) == "rules":
            found += [(name, imported) for imported in _imported_names(path)[0] if imported.startswith(forbidden)]
    assert found == []


def test_no_shipped_source_file_is_over_500_lines() -> None:
    long = {str(path.relative_to(ROOT)): n for path in MODULES.values()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def test_each_feature_has_its_test_folder_and_no_test_folder_is_a_stray() -> None:
    tests = {path.name for path in (ROOT / "tests").iterdir() if path.is_dir() and not path.name.startswith("__")}
    assert sorted(name for name in FEATURES if not any((ROOT / "tests" / name).rglob("test_*.py"))) == []
    assert sorted(tests - set(FEATURES) - set(TEST_FOLDERS_BESIDE_FEATURES)) == []


def test_at_most_two_places_in_handlers_answer_refusals() -> None:
    catching = []
    for name, path in MODULES.items():
        if not (name.startswith("handlers") or name.startswith("bot.kernel.listening")):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ExceptHandler) and node.type is not None:
                caught = ast.unparse(node.type)
                if "FormRejected" in caught or "CampaignBotError" in caught:
                    catching.append(f"{path.name}:{node.lineno}")
    assert len(catching) <= 2, catching
