"""The shape of the code, read from the source (issue 17.5): every import kept inside a
function says why, no app's modules import each other in a circle, and no module
grows past what a reader takes in at once."""

import ast
import re
import subprocess
import tokenize
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ["accounts", "agreements", "cases", "core", "federation", "finance", "meetings"]
APPS += ["minutes"]
MAX_LINES = 500
REASONS = {"circular", "slow", "leaf"}


def _python_files() -> list[Path]:
    """The tree's Python files, tracked or new, without what git ignores (.venv…)."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "*.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return sorted({ROOT / name for name in listed if (ROOT / name).exists()})


def _outside_migrations(paths: list[Path]) -> list[Path]:
    return [path for path in paths if "migrations" not in path.parts]


# --- (a) each import inside a function gives one reason

NOQA = re.compile(r"#\s*noqa:(?P<rest>[^#]*)")
CODES_AND_REASON = re.compile(
    r"\s*(?:[A-Z]+[0-9]+\s*,\s*)*[A-Z]+[0-9]+\s+(?P<why>\w+)\s*$"
)


def _comments(path: Path):
    with path.open() as source:
        for token in tokenize.generate_tokens(source.readline):
            if token.type == tokenize.COMMENT:
                yield token.start[0], token.string


def test_every_import_inside_a_function_gives_one_reason():
    wrong = []
    for path in _python_files():
        for number, comment in _comments(path):
            for noqa in NOQA.finditer(comment):
                rest = noqa["rest"]
                if "PLC0415" not in rest:
                    continue
                found = CODES_AND_REASON.match(rest)
                if found is None or found["why"] not in REASONS:
                    wrong.append(f"{path.relative_to(ROOT)}:{number}: {comment}")

    assert not wrong, (
        "End each `# noqa: PLC0415` with exactly one reason, "
        f"one of {sorted(REASONS)}:\n" + "\n".join(wrong)
    )


# --- (b) no import circle between the modules of one app


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _import_time_imports(body: list[ast.stmt]):
    """The import statements run when the module is imported: at module level (in an
    `if`, `try` or class body too), not in a function nor under TYPE_CHECKING."""
    for node in body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        elif isinstance(node, ast.If) and _is_type_checking(node.test):
            yield from _import_time_imports(node.orelse)
        else:
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.stmt):
                    yield from _import_time_imports([child])
                elif isinstance(child, ast.ExceptHandler):
                    yield from _import_time_imports(child.body)


def _imported_modules(name: str, is_package: bool, node, modules: set[str]):
    """The app's modules an import statement loads (its own package __init__ files
    aside: a package's submodules may import each other through it)."""
    if isinstance(node, ast.Import):
        targets = [alias.name for alias in node.names]
    else:
        base = node.module or ""
        if node.level:
            package = name.split(".") if is_package else name.split(".")[:-1]
            package = package[: len(package) - (node.level - 1)]
            base = ".".join(package + ([base] if base else []))
        targets = []
        for alias in node.names:
            submodule = f"{base}.{alias.name}"
            targets.append(submodule if submodule in modules else base)
    for target in targets:
        # `import a.b.c` loads a.b.c (or the deepest of its modules that exists).
        while target and target not in modules:
            target = target.rpartition(".")[0]
        if target and target != name:
            yield target


def _import_graph(app: str) -> dict[str, set[str]]:
    paths = [
        path
        for path in _outside_migrations(_python_files())
        if path.relative_to(ROOT).parts[0] == app
    ]
    modules = {_module_name(path): path for path in paths}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(), filename=str(path))
        is_package = path.name == "__init__.py"
        graph[name] = {
            target
            for node in _import_time_imports(tree.body)
            for target in _imported_modules(name, is_package, node, set(modules))
        }
    return graph


def _a_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle of the graph, as the modules in order, or None."""
    state: dict[str, str] = {}  # "open" while on the path, "done" after
    path: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = "open"
        path.append(module)
        for target in sorted(graph.get(module, ())):
            if state.get(target) == "open":
                return [*path[path.index(target) :], target]
            if target not in state and (cycle := visit(target)):
                return cycle
        path.pop()
        state[module] = "done"
        return None

    for module in sorted(graph):
        if module not in state and (cycle := visit(module)):
            return cycle
    return None


def test_the_cycle_finder_finds_a_cycle_and_names_it():
    graph = {"a.x": {"a.y"}, "a.y": {"a.z"}, "a.z": {"a.x"}, "a.w": set()}

    assert _a_cycle(graph) == ["a.x", "a.y", "a.z", "a.x"]
    assert _a_cycle({"a.x": {"a.y"}, "a.y": set()}) is None


def test_imports_in_functions_and_under_type_checking_do_not_count():
    tree = ast.parse(
        "from typing import TYPE_CHECKING\n"
        "import a.y\n"
        "from . import z\n"
        "if TYPE_CHECKING:\n"
        "    from .w import W\n"
        "def f():\n"
        "    from .v import V\n"
    )
    modules = {"a", "a.x", "a.y", "a.z", "a.w", "a.v"}

    found = {
        target
        for node in _import_time_imports(tree.body)
        for target in _imported_modules("a.x", False, node, modules)
    }

    assert found == {"a.y", "a.z"}


@pytest.mark.parametrize("app", APPS)
def test_no_import_circle_between_the_modules_of_an_app(app):
    cycle = _a_cycle(_import_graph(app))

    assert cycle is None, "Import circle: " + " -> ".join(cycle or [])


# --- (c) no module over 500 lines


def test_no_module_is_over_500_lines():
    long = [
        f"{path.relative_to(ROOT)}: {count} lines"
        for path in _outside_migrations(_python_files())
        if (count := len(path.read_text().splitlines())) > MAX_LINES
    ]

    assert not long, (
        f"Split by subject (into a package) each module over {MAX_LINES} lines:\n"
        + "\n".join(long)
    )


@pytest.mark.parametrize(
    ("comment", "fine"),
    [
        ("# noqa: PLC0415 slow", True),
        ("# noqa: F401, PLC0415 circular", True),
        ("# noqa: PLC0415", False),
        ("# noqa: PLC0415 because", False),
        ("# noqa: PLC0415 slow leaf", False),
    ],
)
def test_a_reason_is_one_word_of_the_list(comment, fine):
    found = CODES_AND_REASON.match(NOQA.search(comment)["rest"])

    assert (found is not None and found["why"] in REASONS) is fine
