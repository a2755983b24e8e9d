"""The import graph between the apps: imports run down the layers, never up, and never round.

Read from the project's own .py files with `ast` (migrations, tests, bench and .venv left out),
counting imports inside functions too: a lazy import is still a dependency. Layers, bottom first:

    portal/lib, portal/templatetags   small helpers that import no app
    areas, taxonomy                   reference data
    accounts, notifications, search   people, the outbox, the shared search entries
    organisations                     the registry
    meetingplaces                     places and activities of organisations
    signups, bodies, forums           what people do at them
    portal                            settings, urls, celery, views: may import every app

A part imports parts on its own layer or below; two parts on one layer must not import each other
(directly or round a longer circle). The README's Architecture section draws the same picture.
"""

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

LAYERS = [
    {"portal.lib"},
    {"areas", "taxonomy"},
    {"accounts", "notifications", "search"},
    {"organisations"},
    {"meetingplaces"},
    {"units", "signups", "bodies", "forums"},  # units: the welfare area's own service points
    {"guidance", "attendance"},  # guidance between services and associations; attendance
    {"knowledge"},  # figures for the welfare area, read from the apps below
    {"api"},  # the open data API over every app
    {"portal"},
]
LAYER = {part: number for number, parts in enumerate(LAYERS) for part in parts}
SHARED = ("portal.lib", "portal.templatetags")  # the bottom layer inside the portal package


def part_of(module: str) -> str | None:
    """The part a dotted module name belongs to, or None outside the project's apps."""
    if module.startswith(SHARED) and module.split(".")[1] in ("lib", "templatetags"):
        return "portal.lib"
    top = module.split(".")[0]
    return top if top in LAYER else None


def project_modules():
    """(path, dotted module name) of every .py file of the apps, migrations left out."""
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if relative.parts[0] not in LAYER or "migrations" in relative.parts:
            continue
        name = ".".join(relative.with_suffix("").parts)
        yield path, name.removesuffix(".__init__")


def imported_names(path: Path, module: str):
    """(line, dotted name) of every import in a file, at any depth, relative ones resolved."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # `from x import y` may name a module x.y: count both, so `from portal import lib`
            # lands on the right part.
            for alias in node.names:
                yield node.lineno, f"{base}.{alias.name}"


def arrows():
    """{(from part, to part): ["file:line imports name", ...]} between different parts."""
    found = defaultdict(list)
    for path, module in project_modules():
        source = part_of(module)
        for line, name in imported_names(path, module):
            target = part_of(name)
            if target and target != source:
                found[(source, target)].append(f"{path.relative_to(ROOT)}:{line} imports {name}")
    return found


def circles(graph):
    """Every strongly connected set of more than one part (Tarjan), sorted."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            members = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                members.add(member)
                if member == node:
                    break
            if len(members) > 1:
                found.append(sorted(members))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def test_imports_never_run_up_a_layer():
    upward = [
        f"{source} (layer {LAYER[source]}) -> {target} (layer {LAYER[target]}): {line}"
        for (source, target), where in sorted(arrows().items())
        if LAYER[target] > LAYER[source]
        for line in where
    ]
    assert not upward, "Imports running up a layer:\n" + "\n".join(upward)


def test_no_circle_between_apps():
    found = arrows()
    graph = defaultdict(set)
    for source, target in found:
        graph[source].add(target)
    report = []
    for members in circles(graph):
        report.append(" <-> ".join(members))
        for source, target in sorted(found):
            if source in members and target in members:
                report.append(f"    {source} -> {target}: {found[(source, target)][0]}")
    assert not report, "Circles between apps:\n" + "\n".join(report)


# Circles between modules of one app: none is allowed (the list stays empty). Tasks wrap services
# and services queue tasks by name (portal/lib/tasks.py), never importing tasks.py back.
KNOWN_MODULE_CIRCLES: list[list[str]] = []


def test_no_new_circle_between_modules_of_an_app():
    modules = {module: path for path, module in project_modules()}
    graph = defaultdict(set)
    for module, path in modules.items():
        for _line, name in imported_names(path, module):
            while name and name not in modules:  # `from x import name` of a function in x
                name = name.rpartition(".")[0]
            if name and name != module and name.split(".")[0] == module.split(".")[0]:
                graph[module].add(name)
    new = [members for members in circles(graph) if members not in KNOWN_MODULE_CIRCLES]
    assert not new, "Circles between modules of an app:\n" + "\n".join(map(" <-> ".join, new))


def test_the_guard_sees_lazy_and_relative_imports(tmp_path):
    """The reader counts an import inside a function and resolves a relative one."""
    path = tmp_path / "services.py"
    path.write_text(
        "def f():\n    from meetingplaces.search import x\n\nfrom .models import Thing\n"
        "from . import tasks\n"
    )
    names = sorted(name for _, name in imported_names(path, "organisations.services"))
    assert names == ["meetingplaces.search.x", "organisations.models.Thing", "organisations.tasks"]
    assert [part_of(n) for n in names] == ["meetingplaces", "organisations", "organisations"]
    assert part_of("portal.lib.slugs") == part_of("portal.templatetags.bidi") == "portal.lib"
    assert part_of("portal.settings") == "portal"
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
