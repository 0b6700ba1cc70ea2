"""The size of bangfu's Python modules: count, median, p90 and max lines, and the long ones.

    .venv/bin/python scripts/file_sizes.py [--over N]

Counts every non-empty module under bangfu/ outside migrations/ (empty `__init__.py` files
would flatter the median). The layout test holds the limits; this prints the figures.
"""

import argparse
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "bangfu"


def module_sizes(root: Path = ROOT) -> dict[str, int]:
    """Lines of every non-empty module under `root`, migrations left out."""
    sizes = {}
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        lines = path.read_text(encoding="utf-8").count("\n")
        if lines:
            sizes[str(path.relative_to(root.parent))] = lines
    return sizes


def percentile(values: list[int], share: float) -> int:
    """The nearest-rank percentile: the smallest value with `share` of the values at or below."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * share // 1))
    return ordered[int(rank) - 1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--over", type=int, default=300, help="list the modules over N lines")
    args = parser.parse_args(argv)
    sizes = module_sizes()
    values = list(sizes.values())
    sys.stdout.write(
        f"{len(values)} modules: median {statistics.median(values):g}, "
        f"p90 {percentile(values, 0.9)}, max {max(values)} lines; "
        f"{sum(v > 300 for v in values)} over 300, {sum(v > 600 for v in values)} over 600\n"
    )
    for name, lines in sorted(sizes.items(), key=lambda item: -item[1]):
        if lines > args.over:
            sys.stdout.write(f"{lines:6} {name}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
