"""Compile the gettext catalogues (.po -> .mo) with polib: no system gettext needed."""

from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent / "bangfu" / "locale"

for po_path in sorted(ROOT.glob("*/LC_MESSAGES/*.po")):
    catalogue = polib.pofile(str(po_path))
    catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
    print(f"compiled {po_path.relative_to(ROOT.parent.parent)}: {catalogue.percent_translated()}% translated")
