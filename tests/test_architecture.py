"""One way down (STYLE.md): the import graph of the shipped code, checked so the layout cannot drift back."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("bot", "handlers", "scheduler", "storage", "sandbox")
# Top of the house first; a module may import only from its own layer or the layers after it.
LAYERS = (
    ("sandbox",),
    ("bot.runtime",),
    ("handlers",),
    ("scheduler",),
    ("bot.usecases",),
    ("bot.services", "bot.messages"),  # what use cases are handed: the gateway, the database, the chart pool
    ("bot.slack", "bot.render", "bot.metrics"),
    ("storage",),
    ("bot.blocks",),
    ("bot.logs", "bot.config"),
    ("bot.domain", "bot.i18n", "bot.formatting", "bot.ids", "bot.policy", "bot.errors", "bot.clock", "bot.text"),
)
# Block builders speak Slack's model classes, built from domain facts and words; nothing that reads or writes.
BLOCKS_MAY_IMPORT = ("bot.blocks", "bot.domain", "bot.i18n", "bot.formatting", "bot.ids", "bot.errors")
MAX_LINES = 500


def _modules() -> Iterator[tuple[str, Path]]:
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            parts = path.relative_to(ROOT).with_suffix("").parts
            yield ".".join(parts[:-1] if parts[-1] == "__init__" else parts), path


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    # `from bot import formatting` names the module `bot.formatting`, not the package itself.
    return {name for name in found if name.split(".")[0] in PACKAGES and name not in PACKAGES}


def _layer(module: str) -> int | None:
    for index, prefixes in enumerate(LAYERS):
        if any(module == prefix or module.startswith(prefix + ".") for prefix in prefixes):
            return index
    return None


MODULES = dict(_modules())
GRAPH = {name: {imported for imported in _imports(path) if imported in MODULES} for name, path in MODULES.items()}


def test_every_shipped_module_has_a_layer() -> None:
    assert [name for name in MODULES if _layer(name) is None and name not in PACKAGES and name != "bot"] == []


def test_no_import_runs_back_up() -> None:
    upward = sorted((name, imported) for name, imports in GRAPH.items() for imported in imports
                    if (mine := _layer(name)) is not None and (theirs := _layer(imported)) is not None
                    and theirs < mine)
    assert upward == []


def test_there_is_no_import_circle() -> None:
    visiting: set[str] = set()
    done: set[str] = set()

    def visit(name: str, trail: tuple[str, ...]) -> None:
        if name in done:
            return
        if name in visiting:
            pytest.fail("import circle: " + " → ".join((*trail[trail.index(name):], name)))
        visiting.add(name)
        for imported in sorted(GRAPH[name]):
            if imported != name and not name.startswith(imported + "."):  # a package's own __init__ is no circle
                visit(imported, (*trail, name))
        visiting.discard(name)
        done.add(name)

    for name in sorted(GRAPH):
        visit(name, ())


@pytest.mark.parametrize("folder", ["handlers", "scheduler"])
def test_listeners_and_passes_reach_no_storage(folder: str) -> None:
    assert sorted((name, imported) for name, imports in GRAPH.items() if name.startswith(folder)
                  for imported in imports if imported.split(".")[0] == "storage") == []


def test_block_builders_import_only_domain_words_and_formatting() -> None:
    assert sorted((name, imported) for name, imports in GRAPH.items() if name.startswith("bot.blocks")
                  for imported in imports if not imported.startswith(BLOCKS_MAY_IMPORT)) == []


def test_no_shipped_source_file_is_over_500_lines() -> None:
    long = {str(path.relative_to(ROOT)): n for path in MODULES.values()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def test_each_source_folder_has_its_test_folder() -> None:
    folders = {"bot/domain": "domain", "bot/usecases": "usecases", "bot/blocks": "blocks", "bot/render": "render",
               "bot/slack": "slack", "bot/runtime": "runtime", "bot/i18n": "i18n", "handlers": "handlers",
               "scheduler": "scheduler", "storage": "storage", "sandbox": "sandbox"}
    missing = [tests for source, tests in folders.items()
               if (ROOT / source).is_dir() and not any((ROOT / "tests" / tests).glob("test_*.py"))]
    assert missing == []


def test_at_most_two_places_in_handlers_answer_refusals() -> None:
    catching = []
    for name, path in MODULES.items():
        if not name.startswith("handlers"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ExceptHandler) and node.type is not None:
                caught = ast.unparse(node.type)
                if "FormRejected" in caught or "CampaignBotError" in caught:
                    catching.append(f"{path.name}:{node.lineno}")
    assert len(catching) <= 2, catching
