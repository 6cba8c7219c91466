"""Move top-level definitions (functions, classes, constants) from one module to another and rewrite every
`from old import name` of them; then `ruff --fix` sorts and prunes the imports.

Usage: python tools/move_definitions.py SOURCE_MODULE TARGET_MODULE NAME [NAME …] [--doc "target's docstring"]

The target gets all of the source's imports (ruff drops the unused ones) and, when it is new, the docstring given.
Names the moved code uses from the rest of the source module must be imported by hand (ruff reports F821).
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TREES = ("bot", "handlers", "scheduler", "storage", "sandbox", "tests", "benchmarks", "tools")


def path_of(module: str) -> Path:
    return ROOT / (module.replace(".", "/") + ".py")


def _span(node: ast.stmt, lines: list[str]) -> tuple[int, int]:
    start = min([d.lineno for d in getattr(node, "decorator_list", [])] + [node.lineno]) - 1
    while start > 0 and lines[start - 1].lstrip().startswith("#"):
        start -= 1
    return start, node.end_lineno or node.lineno


def _defined(node: ast.stmt) -> set[str]:
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return {node.name}
    if isinstance(node, ast.Assign):
        return {target.id for target in node.targets if isinstance(target, ast.Name)}
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return {node.target.id}
    return set()


def cut(source: str, names: set[str]) -> tuple[str, str, str]:
    """(source without the definitions, the definitions, the source's import block)."""
    lines = source.splitlines(keepends=True)
    tree = ast.parse(source)
    spans, imports = [], []
    for node in tree.body:
        if _defined(node) & names:
            spans.append(_span(node, lines))
        elif isinstance(node, (ast.Import, ast.ImportFrom)) and not (
                isinstance(node, ast.ImportFrom) and node.module == "__future__"):
            imports.append("".join(lines[node.lineno - 1:node.end_lineno]))
    moved = ["".join(lines[a:b]).strip("\n") for a, b in spans]
    for a, b in sorted(spans, reverse=True):
        del lines[a:b]
    return re.sub(r"\n{4,}", "\n\n\n", "".join(lines)), "\n\n\n".join(moved), "".join(imports)


def rewrite_imports(old: str, new: str, names: set[str]) -> None:
    for tree in TREES:
        for file in (ROOT / tree).rglob("*.py"):
            if ".venv" in file.parts:
                continue
            text = file.read_text(encoding="utf-8")
            if old not in text:
                continue
            lines = text.splitlines(keepends=True)
            edits = []
            for node in ast.walk(ast.parse(text)):
                if isinstance(node, ast.ImportFrom) and node.module == old and node.level == 0:
                    staying = [a for a in node.names if a.name not in names]
                    going = [a for a in node.names if a.name in names]
                    if not going:
                        continue
                    indent = re.match(r"\s*", lines[node.lineno - 1]).group(0)

                    def spell(aliases: list[ast.alias]) -> str:
                        return ", ".join(a.name if a.asname is None else f"{a.name} as {a.asname}" for a in aliases)

                    body = [f"{indent}from {new} import {spell(going)}\n"]
                    if staying:
                        body.insert(0, f"{indent}from {old} import {spell(staying)}\n")
                    edits.append((node.lineno, node.end_lineno, "".join(body)))
            # `module.name` spelled through an alias of the old module is left for ruff (F821) to point out
            for start, end, body in sorted(edits, reverse=True):
                lines[start - 1:end] = [body]
            new_text = "".join(lines)
            if new_text != text:
                file.write_text(new_text, encoding="utf-8")


def main() -> None:
    args = sys.argv[1:]
    doc = None
    if "--doc" in args:
        at = args.index("--doc")
        doc = args[at + 1]
        del args[at:at + 2]
    old, new, *names = args
    source_path, target_path = path_of(old), path_of(new)
    remaining, moved, imports = cut(source_path.read_text(encoding="utf-8"), set(names))
    if not moved:
        sys.exit(f"none of {names} is defined at the top of {old}")
    source_path.write_text(remaining, encoding="utf-8")
    if target_path.exists():
        target = target_path.read_text(encoding="utf-8")
        head, _, rest = target.partition("from __future__ import annotations\n")
        target = f"{head}from __future__ import annotations\n\n{imports}{rest.rstrip()}\n\n\n{moved}\n"
    else:
        target_path.parent.mkdir(parents=True, exist_ok=True)
        init = target_path.parent / "__init__.py"
        if not init.exists():
            init.write_text("", encoding="utf-8")
        target = f'"""{doc or "TODO"}"""\n\nfrom __future__ import annotations\n\n{imports}\n\n{moved}\n'
    target_path.write_text(target, encoding="utf-8")
    rewrite_imports(old, new, set(names))


if __name__ == "__main__":
    main()
