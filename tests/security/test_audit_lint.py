"""S12: no write path skips the history (django-simple-history) of tracked models.

queryset.update(), bulk_update() and a plain bulk_create() write rows without history
rows. A static check over the product's code refuses them on tracked models, unless
the line carries `# history: <why it is safe>`. Calls on a model class without
HistoricalRecords (the locked counters) are fine.
"""

import ast
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parents[2]
APPS = (
    "core",
    "federation",
    "cases",
    "meetings",
    "minutes",
    "agreements",
    "finance",
    "public",
)
SKIPPING = {"update", "bulk_update", "bulk_create"}
QUERYSET_HINTS = {"objects", "filter", "exclude", "all", "select_for_update", "history"}


def untracked_models() -> set[str]:
    return {
        model.__name__
        for model in apps.get_models()
        if model.__module__.split(".")[0] in APPS and not hasattr(model, "history")
    }


def _chain(node: ast.AST) -> tuple[set[str], str]:
    """Attribute names on the receiver and its root name: Model.objects.filter()."""
    names = set()
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            names.add(node.attr)
            node = node.value
        else:
            return names, getattr(node, "id", "")


def history_skipping_calls(
    source: str, untracked: frozenset = frozenset()
) -> list[int]:
    lines = source.splitlines()
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in SKIPPING
        ):
            continue
        receiver, root = _chain(node.func.value)
        if root in untracked:
            continue
        looks_like_queryset = bool(receiver & QUERYSET_HINTS) or (
            node.func.attr != "update"
        )
        if looks_like_queryset and "# history:" not in lines[node.lineno - 1]:
            found.append(node.lineno)
    return found


def test_product_code_never_writes_around_the_history():
    untracked = frozenset(untracked_models())
    offenders = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for line in history_skipping_calls(
                path.read_text(encoding="utf-8"), untracked
            ):
                offenders.append(f"{path.relative_to(ROOT)}:{line}")

    assert offenders == []


def test_the_check_finds_an_update_and_a_bulk_write():
    source = (
        "Case.objects.filter(pk=1).update(title='x')\n"
        "Paragraph.objects.bulk_update(rows, ['title'])\n"
        "Member.objects.bulk_create(rows)\n"
        "Token.objects.filter(pk=1).update(used=True)  # history: Token has none\n"
        "seen.update({1, 2})\n"
        "bulk_create_with_history(rows, Line)\n"
        "DiariumCounter.objects.bulk_create(rows, ignore_conflicts=True)\n"
        "minutes.approvals.filter(x=1).update(comment='')\n"
    )

    found = history_skipping_calls(source, frozenset(untracked_models()))

    assert found == [1, 2, 3, 8]
    assert {"DiariumCounter", "ParagraphCounter"} <= untracked_models()
