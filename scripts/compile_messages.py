"""Compile the gettext catalogues (.po -> .mo) with polib: no system gettext needed."""

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent / "bangfu" / "locale"

for po_path in sorted(ROOT.glob("*/LC_MESSAGES/*.po")):
    catalogue = polib.pofile(str(po_path))
    catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
    name = po_path.relative_to(ROOT.parent.parent)
    sys.stdout.write(f"compiled {name}: {catalogue.percent_translated()}% translated\n")
