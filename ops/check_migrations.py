#!/usr/bin/env python3
"""Migration safety: refuse operations that lock or rewrite existing (large) tables.

An operation on a table that the same migration does not create is risky when it
rewrites the table, holds a long lock or runs arbitrary code over every row:

    AlterField, RenameField, RemoveField, RenameModel, AlterModelTable,
    AddIndex / AddConstraint / AlterUniqueTogether (lock writes while building),
    RunSQL, RunPython (a data migration over every row).

Such an operation passes only with an explicit marker comment, on its own line or the
line above it, or once for the whole file:

    # migration-safety: allow <why it is safe, e.g. "table has < 1 000 rows">
    # migration-safety: allow-file <why>

Migrations already applied in production before this check existed are listed in
REVIEWED with the reason they were accepted. Plain AST, no Django: it runs in CI
before the database exists.

Usage: python ops/check_migrations.py [ROOT]  (exit 1 and a list on a failure)
"""

from __future__ import annotations

import ast
import re
import sys
from dataclasses import dataclass
from pathlib import Path

RISKY = {
    "AlterField": "rewrites or locks the column's table",
    "RenameField": "renames a column in use by the running code",
    "RemoveField": "drops a column the running code still reads",
    "RenameModel": "renames a table in use by the running code",
    "AlterModelTable": "renames a table in use by the running code",
    "AddIndex": "locks writes while the index is built (use AddIndexConcurrently)",
    "AddConstraint": "validates every row under a lock",
    "AlterUniqueTogether": "validates every row under a lock",
    "RunSQL": "arbitrary SQL",
    "RunPython": "code over existing rows, in one transaction",
}
MARKER = re.compile(r"#\s*migration-safety:\s*allow\s+\S")
FILE_MARKER = re.compile(r"#\s*migration-safety:\s*allow-file\s+\S")
SKIP_DIRS = {".venv", "node_modules", "build", ".git"}

# Reviewed before the check existed; key "app/migration_name".
REVIEWED = {
    "cases/0002_tjansteskrivelse_fields": (
        "AddIndex on cases_document before the first production install"
    ),
    "federation/0002_roles": "RunPython creating four auth groups: a handful of rows",
    "cases/0004_search_indexes": (
        "GIN indexes built with a write lock on cases_document and cases_case; "
        "accepted because it ships before go-live (no production rows). A later "
        "index on these tables must use AddIndexConcurrently"
    ),
}


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    operation: str
    reason: str

    def __str__(self) -> str:
        return (
            f"{self.path}:{self.line}: {self.operation} {self.reason}; add "
            "'# migration-safety: allow <why>' if it is safe"
        )


def _name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ""


def _keyword(call: ast.Call, name: str) -> str | None:
    for keyword in call.keywords:
        if keyword.arg == name and isinstance(keyword.value, ast.Constant):
            return str(keyword.value.value).lower()
    return None


def _operations(tree: ast.Module) -> list[ast.Call]:
    """The calls in the Migration class's `operations = [...]` list."""
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Assign)
            and any(
                isinstance(t, ast.Name) and t.id == "operations" for t in node.targets
            )
            and isinstance(node.value, ast.List | ast.Tuple)
        ):
            return [e for e in node.value.elts if isinstance(e, ast.Call)]
    return []


def check_file(path: Path, key: str = "") -> list[Problem]:
    source = path.read_text(encoding="utf-8")
    if key in REVIEWED or FILE_MARKER.search(source):
        return []
    lines = source.splitlines()
    operations = _operations(ast.parse(source, filename=str(path)))
    created = {
        _keyword(op, "name") for op in operations if _name(op) == "CreateModel"
    } - {None}
    problems = []
    for op in operations:
        kind = _name(op)
        if kind not in RISKY:
            continue
        model = _keyword(op, "model_name") or _keyword(op, "old_name")
        if kind not in {"RunSQL", "RunPython"} and model in created:
            continue  # a table made in this migration is empty
        nearby = lines[max(op.lineno - 2, 0) : op.end_lineno or op.lineno]
        if any(MARKER.search(line) for line in nearby):
            continue
        problems.append(Problem(path, op.lineno, kind, RISKY[kind]))
    return problems


def migration_files(root: Path) -> list[tuple[Path, str]]:
    found = []
    for path in sorted(root.glob("*/migrations/[0-9]*.py")):
        if SKIP_DIRS.intersection(path.parts):
            continue
        found.append((path, f"{path.parent.parent.name}/{path.stem}"))
    return found


def check_tree(root: Path) -> list[Problem]:
    problems = []
    for path, key in migration_files(root):
        problems.extend(check_file(path, key))
    return problems


def main(argv: list[str]) -> int:
    root = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent.parent
    problems = check_tree(root)
    for problem in problems:
        sys.stdout.write(f"{problem}\n")
    checked = len(migration_files(root))
    sys.stderr.write(f"{checked} migrations checked, {len(problems)} unsafe\n")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
