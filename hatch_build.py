"""Build hook: compile the gettext catalogues (.po -> .mo) into the package.

The .mo files are not kept in git (they are built from the .po), so an install from a
checkout (`uv sync --no-dev`, `pip install .`) compiles them here; without them the pages
would fall back to the English message ids. polib is the hook's own build dependency
(pyproject.toml), not a run-time one."""

from __future__ import annotations

from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CompileTranslations(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version, build_data):
        import polib

        root = Path(self.root)
        for po in sorted((root / "bangfu" / "locale").glob("*/LC_MESSAGES/*.po")):
            mo = po.with_suffix(".mo")
            polib.pofile(str(po)).save_as_mofile(str(mo))
            build_data["force_include"][str(mo)] = str(mo.relative_to(root))
