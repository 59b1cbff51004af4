"""The layout of docs/architecture.md, checked on the tree: the README's table lists the top-level folders,
imports follow the arrows without cycles, and only the start-up hook installs patches to Rasa."""
from __future__ import annotations

import ast
import re
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("actions", "pilot_program", "understanding", "privacy", "rasa_server", "tools")
SPLIT = ("rasa_server", "tools")  # packages whose subpackages are drawn as their own boxes
# what each box may import (docs/architecture.md, "Arrows"); a box not listed may import nothing of ours
ALLOWED = {
    "understanding": {"pilot_program"},
    "privacy": {"pilot_program", "understanding"},
    "actions": {"pilot_program", "understanding", "privacy"},
    "rasa_server": {"privacy", "rasa_server.patches", "rasa_server.checks", "rasa_server.channels"},  # startup.py
    "rasa_server.patches": {"pilot_program", "understanding", "privacy", "rasa_server.checks"},
    "rasa_server.checks": {"pilot_program", "privacy"},
    "rasa_server.stores": {"privacy"},
    "rasa_server.nlu": {"pilot_program", "understanding", "privacy"},
    "rasa_server.channels": {"pilot_program", "understanding", "privacy", "rasa_server.patches", "rasa_server.checks",
                             "rasa_server.stores"},
}
TOOLS = ("tools.operations", "tools.measuring", "tools.scripts")
MAX_TOP_LEVEL_FOLDERS = 11


def tracked_top_level_folders() -> set[str]:
    listed = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return {line.split("/")[0] for line in listed.splitlines() if "/" in line and not line.startswith(".")}


def readme_layout_folders() -> set[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Layout\n", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([\w.-]+)/` \|", section, flags=re.MULTILINE))


def box(module: str) -> str:
    parts = module.split(".")
    if parts[0] in SPLIT and len(parts) > 1 and (ROOT / parts[0] / parts[1]).is_dir():
        return ".".join(parts[:2])
    return parts[0]


def module_name(path: Path) -> str:
    name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    return name.removesuffix(".__init__")


def imports(path: Path) -> set[str]:
    """Every module of ours `path` imports, at its top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
    return {name for name in found if name.split(".")[0] in PACKAGES}


def source_files() -> list[Path]:
    return sorted(path for package in PACKAGES for path in (ROOT / package).rglob("*.py")
                  if "__pycache__" not in path.parts and "build" not in path.parts)


def box_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = defaultdict(set)
    for path in source_files():
        source = box(module_name(path))
        graph[source].update(box(name) for name in imports(path) if box(name) != source)
    return graph


def test_the_readme_lists_every_top_level_folder_and_no_other():
    folders = tracked_top_level_folders()
    assert readme_layout_folders() == folders
    assert len(folders) <= MAX_TOP_LEVEL_FOLDERS, sorted(folders)


def test_no_cycle_between_packages():
    graph = box_graph()
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            assert state.get(nxt) != 1, " -> ".join([*path, node, nxt])
            if nxt not in state:
                visit(nxt, [*path, node])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [])


@pytest.mark.parametrize("source", sorted(set(ALLOWED) | {"pilot_program"}))
def test_imports_follow_the_arrows(source):
    assert box_graph().get(source, set()) <= ALLOWED.get(source, set())


def test_nothing_the_assistant_runs_imports_the_tools():
    graph = box_graph()
    offenders = {source: targets & {"tools", *TOOLS} for source, targets in graph.items()
                 if not source.startswith("tools") and targets & {"tools", *TOOLS}}
    assert not offenders


def names_imported_from_rasa(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update((alias.asname or alias.name).split(".")[0] for alias in node.names
                         if alias.name == "rasa" or alias.name.startswith("rasa."))
        elif isinstance(node, ast.ImportFrom) and node.module and (node.module == "rasa" or
                                                                    node.module.startswith("rasa.")):
            names.update(alias.asname or alias.name for alias in node.names)
    return names


def rasa_attributes_assigned(path: Path) -> list[str]:
    """Assignments to an attribute of something imported from Rasa (``RemoteAction.run = ...``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    rasa_names = names_imported_from_rasa(tree)
    found = []
    for node in ast.walk(tree):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(
            node, (ast.AugAssign, ast.AnnAssign)) else []
        for target in targets:
            root = target
            while isinstance(root, ast.Attribute):
                root = root.value
            if isinstance(target, ast.Attribute) and isinstance(root, ast.Name) and root.id in rasa_names:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "setattr"
                and node.args and isinstance(node.args[0], ast.Name) and node.args[0].id in rasa_names):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_rasa_is_patched_only_in_the_patches_package():
    """And by the hook itself (the terminal channel registered in Rasa's place, rasa_server/startup.py)."""
    patches, hook = ROOT / "rasa_server" / "patches", ROOT / "rasa_server" / "startup.py"
    outside = [spot for path in source_files() if patches not in path.parents and path != hook
               for spot in rasa_attributes_assigned(path)]
    assert outside == []
    assert any(rasa_attributes_assigned(path) for path in patches.glob("*.py"))  # the check sees a patch


def test_only_the_start_up_hook_installs_the_patches():
    patch_modules = sorted(path.stem for path in (ROOT / "rasa_server" / "patches").glob("*.py")
                           if path.stem != "__init__")
    hook = ROOT / "rasa_server" / "startup.py"
    installed = set(re.findall(r"\b(\w+)\.install\(\)", hook.read_text(encoding="utf-8")))
    assert set(patch_modules) <= installed
    call = re.compile(r"\b(" + "|".join(patch_modules) + r")\.install\(")
    elsewhere = [f"{path.relative_to(ROOT)}" for path in source_files()
                 if path != hook and path.parent.name != "patches" and call.search(path.read_text(encoding="utf-8"))]
    assert elsewhere == []
