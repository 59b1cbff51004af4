"""The house rule on size (developers' guide): no product code file over 300 lines, no function over 60.

Product code is everything but the tests: the assistant's packages, the tools (tools/: operations,
measuring, scripts) and the web widget's JavaScript. A failure lists every offender.
"""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOT_PRODUCT = {"tests", "docs", "data", "node_modules", "build", "__pycache__"}  # every other folder is checked
SKIPPED_PARTS = {"node_modules", "build", "__pycache__"}
JAVASCRIPT = ROOT / "web" / "src"
MAX_FILE_LINES = 300
MAX_FUNCTION_LINES = 60


def _product_files(folders: tuple[Path, ...], pattern: str) -> list[Path]:
    return sorted(path for folder in folders for path in folder.rglob(pattern)
                  if not SKIPPED_PARTS & set(path.relative_to(ROOT).parts))


def python_folders() -> tuple[Path, ...]:
    """Every top-level folder but the tests, the docs and the data: no list to keep in sync with the tree."""
    return tuple(sorted(path for path in ROOT.iterdir()
                        if path.is_dir() and not path.name.startswith(".") and path.name not in NOT_PRODUCT))


def python_files() -> list[Path]:
    return _product_files(python_folders(), "*.py")


def javascript_files() -> list[Path]:
    return _product_files((JAVASCRIPT,), "*.js")


def line_count(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def long_functions(path: Path, root: Path = ROOT) -> list[str]:
    """`path:line name (n lines)` for each function or method longer than the limit, decorators included."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno is not None:
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            lines = node.end_lineno - first + 1
            if lines > MAX_FUNCTION_LINES:
                found.append(f"{path.relative_to(root)}:{node.lineno} {node.name} ({lines} lines)")
    return found


def test_the_checks_see_the_product_code():
    files = {str(p.relative_to(ROOT)) for p in python_files() + javascript_files()}
    assert {"understanding/frame.py", "rasa_server/channels/base.py", "tools/measuring/evaluation/__main__.py",
            "web/src/widget.js"} <= files
    assert not any(name.startswith("tests/") for name in files)


def test_no_product_file_is_over_300_lines():
    offenders = [f"{p.relative_to(ROOT)} ({n} lines)" for p in python_files() + javascript_files()
                 if (n := line_count(p)) > MAX_FILE_LINES]
    assert not offenders, "split these files: " + ", ".join(offenders)


def test_no_function_is_over_60_lines():
    offenders = [found for path in python_files() for found in long_functions(path)]
    assert not offenders, "split these functions into named steps: " + ", ".join(offenders)


def test_the_function_check_counts_what_it_should(tmp_path):
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_FUNCTION_LINES))
    sample = tmp_path / "sample.py"
    sample.write_text(f"def short():\n    return 1\n\n\n@decorated\ndef long():\n{body}\n", encoding="utf-8")
    assert long_functions(sample, tmp_path) == [f"sample.py:6 long ({MAX_FUNCTION_LINES + 2} lines)"]
