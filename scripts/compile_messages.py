"""Compile the gettext catalogues (.po -> .mo) with polib: no system gettext needed.

`make setup` runs it, so a machine without GNU gettext still gets its .mo; `make messages`
runs it after makemessages and so lists the msgids still to translate (empty or fuzzy: neither
goes into the .mo, and the page shows the English msgid)."""

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent / "bangfu" / "locale"

for po_path in sorted(ROOT.glob("*/LC_MESSAGES/*.po")):
    catalogue = polib.pofile(str(po_path))
    catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
    name = po_path.relative_to(ROOT.parent.parent)
    sys.stdout.write(f"compiled {name}: {catalogue.percent_translated()}% translated\n")
    for entry in catalogue.untranslated_entries() + catalogue.fuzzy_entries():
        where = " ".join(f"{path}:{line}" for path, line in entry.occurrences[:2])
        state = "fuzzy" if entry.fuzzy else "untranslated"
        sys.stdout.write(f"  {state}: {entry.msgid!r} ({where})\n")
