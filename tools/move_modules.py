"""Move modules to new places and rewrite every import of them: `git mv`, then the import statements, dotted
names in strings and comments (monkeypatch targets, docstrings), and file paths in docs and build files.

Usage: python tools/move_modules.py MAPPING [--dry-run]

MAPPING has one move a line, `old/path.py new/path.py` or `old/package new/package` ('#' starts a comment).
Kept in the repository because rooms move again: every feature went into its folder (bot/<feature>/)
with it.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE_GLOBS = ("bot", "handlers", "scheduler", "storage", "sandbox", "tests", "benchmarks", "tools")
TEXT_SUFFIXES = {".md", ".cfg", ".toml", ".yml", ".po", ".pot", ".html", ".js", ".ini"}
TEXT_FILES = ("README.md", "pyproject.toml", "Makefile", "babel.cfg", "manifest.yml", "alembic.ini", "Dockerfile",
              "compose.yaml", ".ci/run")


def read_mapping(path: Path) -> list[tuple[str, str]]:
    moves = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            old, new = line.split()
            moves.append((old, new))
    return moves


def dotted(path: str) -> str:
    parts = Path(path).with_suffix("").parts if path.endswith(".py") else Path(path).parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def module_map(moves: list[tuple[str, str]]) -> dict[str, str]:
    """Every moved module's dotted name → its new one (a moved package brings each module inside it)."""
    names: dict[str, str] = {}
    for old, new in moves:
        old_path = ROOT / old
        if old_path.is_dir():
            for file in old_path.rglob("*.py"):
                relative = file.relative_to(old_path)
                names[dotted(str(Path(old) / relative))] = dotted(str(Path(new) / relative))
            names[dotted(old)] = dotted(new)
        else:
            names[dotted(old)] = dotted(new)
    return names


def git_mv(moves: list[tuple[str, str]]) -> None:
    # A module that becomes a package of the same name (storage/repositories/campaigns.py →
    # storage/repositories/campaigns/) steps aside
    staged: list[tuple[str, str]] = []
    for old, new in moves:
        if not (ROOT / old).exists() and (ROOT / new).exists():
            continue  # moved by an earlier, interrupted run: only its imports are left to rewrite
        if (ROOT / old).is_file() and any(other_new.startswith(old[:-3] + "/") for _, other_new in moves):
            aside = old[:-3] + "_moving.py"
            subprocess.run(["git", "mv", old, aside], cwd=ROOT, check=True)
            old = aside
        staged.append((old, new))
    for old, new in staged:
        if not (ROOT / old).exists() and (ROOT / new).exists():
            continue
        target = ROOT / new
        target.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["git", "mv", old, new], cwd=ROOT, check=True)
    # Every folder a module moved into is a package.
    for _, new in moves:
        folder = (ROOT / new).parent if new.endswith(".py") else ROOT / new
        while folder != ROOT and folder.name not in SOURCE_GLOBS:
            init = folder / "__init__.py"
            if not init.exists():
                init.write_text("", encoding="utf-8")
                subprocess.run(["git", "add", str(init)], cwd=ROOT, check=True)
            folder = folder.parent


def rewrite_import_from(node: ast.ImportFrom, names: dict[str, str]) -> str | None:
    """The statement again with moved modules' new homes, or None when nothing in it moved."""
    assert node.module is not None
    changed = False
    by_module: dict[str, list[str]] = {}
    base = names.get(node.module, node.module)
    if base != node.module:
        changed = True
    for alias in node.names:
        full = f"{node.module}.{alias.name}"
        if full in names:
            changed = True
            parent, _, leaf = names[full].rpartition(".")
            local = alias.asname or alias.name
            by_module.setdefault(parent, []).append(leaf if leaf == local else f"{leaf} as {local}")
        else:
            spelled = alias.name if alias.asname is None else f"{alias.name} as {alias.asname}"
            by_module.setdefault(base, []).append(spelled)
    if not changed:
        return None
    return "\n".join(f"from {module} import {', '.join(items)}" for module, items in by_module.items())


def rewrite_source(text: str, names: dict[str, str]) -> str:
    # Dotted names first: a name the statements below produce may equal an old one (storage.repositories.campaigns).
    text = rewrite_text(text, names)
    tree = ast.parse(text)
    lines = text.splitlines(keepends=True)
    edits: list[tuple[int, int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            replacement = rewrite_import_from(node, names)
            if replacement is not None:
                indent = re.match(r"\s*", lines[node.lineno - 1]).group(0)
                body = "\n".join(indent + line for line in replacement.split("\n"))
                # keep anything after the statement on its last line (a `# noqa` comment)
                tail = lines[node.end_lineno - 1][node.end_col_offset:]
                edits.append((node.lineno, node.end_lineno, body + tail))
    for start, end, body in sorted(edits, reverse=True):
        lines[start - 1:end] = [body if body.endswith("\n") else body + "\n"]
    return "".join(lines)


def rewrite_text(text: str, names: dict[str, str]) -> str:
    """Dotted names and paths anywhere else: `import x.y`, strings, comments, docs."""
    pattern = re.compile(r"(?<![\w.])(" + "|".join(re.escape(old) for old in sorted(names, key=len, reverse=True))
                         + r")(?![\w])")
    text = pattern.sub(lambda match: names[match.group(1)], text)
    paths = {}
    for old, new in names.items():
        paths[old.replace(".", "/") + ".py"] = new.replace(".", "/") + ".py"
        paths[old.replace(".", "/") + "/"] = new.replace(".", "/") + "/"
    path_pattern = re.compile(r"(?<![\w/.])(" + "|".join(re.escape(old) for old in sorted(paths, key=len, reverse=True))
                              + r")")
    return path_pattern.sub(lambda match: paths[match.group(1)], text)


def main() -> None:
    moves = read_mapping(Path(sys.argv[1]))
    names = module_map(moves)
    if "--dry-run" in sys.argv:
        for old, new in sorted(names.items()):
            print(f"{old} → {new}")
        return
    git_mv(moves)
    for top in SOURCE_GLOBS:
        for file in (ROOT / top).rglob("*.py"):
            if ".venv" in file.parts:
                continue
            text = file.read_text(encoding="utf-8")
            new = rewrite_source(text, names)
            if new != text:
                file.write_text(new, encoding="utf-8")
        for file in (ROOT / top).rglob("*"):
            if file.suffix in TEXT_SUFFIXES and file.is_file():
                text = file.read_text(encoding="utf-8")
                new = rewrite_text(text, names)
                if new != text:
                    file.write_text(new, encoding="utf-8")
    for name in (*TEXT_FILES, *[str(p.relative_to(ROOT)) for p in (ROOT / "docs").rglob("*.md")]):
        file = ROOT / name
        if file.exists():
            text = file.read_text(encoding="utf-8")
            new = rewrite_text(text, names)
            if new != text:
                file.write_text(new, encoding="utf-8")


if __name__ == "__main__":
    main()
