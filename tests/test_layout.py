"""The layout's rules (issue 14): small modules that say what they hold, apps in layers."""

import ast
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from file_sizes import ROOT, module_sizes, percentile


def test_no_module_is_over_600_lines_and_nine_in_ten_are_300_or_less():
    sizes = module_sizes()
    too_long = {name: lines for name, lines in sizes.items() if lines > 600}
    assert too_long == {}
    assert percentile(list(sizes.values()), 0.9) <= 300


def test_every_module_opens_with_a_line_that_says_what_it_holds():
    missing = []
    for name in module_sizes():
        tree = ast.parse((ROOT.parent / name).read_text(encoding="utf-8"))
        doc = ast.get_docstring(tree)
        if not doc or not doc.strip().splitlines()[0].strip():
            missing.append(name)
    assert missing == []


def test_the_percentile_is_the_nearest_rank():
    assert percentile(list(range(1, 11)), 0.9) == 9
    assert percentile([5], 0.9) == 5
    assert percentile(list(range(1, 101)), 0.9) == 90


def test_the_import_contracts_hold():
    """Apps import only the apps below them, and no modules import each other in a circle
    (pyproject's [tool.importlinter]; `make test` runs the same command)."""
    cmd = str(Path(sys.executable).with_name("lint-imports"))
    done = subprocess.run(
        [cmd, "--no-cache"], cwd=ROOT.parent, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout[-4000:]
