"""The house's size rules for app code (README, "Architecture"): no module over 400 lines, no function over 60.

Complexity (at most 15) is ruff's C901, configured in pyproject.toml. Migrations are generated code and
tests are not app code. Exits 1 and lists every offender.
"""

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APPS = ["marketplace", "kernel", "shops", "orders", "pure", "shopping", "editorial", "sitesearch", "oscar_apps", "demo"]
MODULE_MAX_LINES = 400
FUNCTION_MAX_LINES = 60


def offenders() -> list[str]:
    found = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            text = path.read_text()
            name = path.relative_to(ROOT)
            if (lines := text.count("\n")) > MODULE_MAX_LINES:
                found.append(f"{name}: {lines} lines (module, at most {MODULE_MAX_LINES})")
            for node in ast.walk(ast.parse(text)):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    length = node.end_lineno - node.lineno + 1
                    if length > FUNCTION_MAX_LINES:
                        found.append(f"{name}:{node.lineno} {node.name}: {length} lines (at most {FUNCTION_MAX_LINES})")
    return found


if __name__ == "__main__":
    problems = offenders()
    print("\n".join(problems) or "sizes: every module and function within the limits")
    sys.exit(1 if problems else 0)
