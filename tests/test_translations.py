"""The Chinese catalogue is complete: every entry translated and its placeholders kept, and
every translatable string of the source present in it (docs/CONVENTIONS.md, "Translations").

The second test runs `make messages`' extraction (Django's makemessages, GNU gettext) on a
copy of the source into a copy of the catalogue, so the committed .po is never written."""

from __future__ import annotations

import fnmatch
import re
import shlex
import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "bangfu" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
HOW = (
    "Run `make messages`, write the Chinese into the msgstr of each entry named above in "
    "bangfu/locale/zh_Hans/LC_MESSAGES/django.po (and drop its `#, fuzzy` line once checked), "
    "then `make messages` again to compile."
)

# The placeholders of an entry that xgettext flags python-format (%(name)s, %s, %.1f …; a literal
# %% is none) or python-brace-format ({name}, {}). An unflagged msgid's "%" is a percent sign,
# and so is "% o" in a flagged one ("% of the target": Python's space flag, which we never use).
PLACEHOLDERS = {
    "python-format": re.compile(r"%%|%(?:\(\w+\))?[#0+-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]"),
    "python-brace-format": re.compile(r"\{(?:[A-Za-z_]\w*|\d*)\}"),
}


def placeholders(text: str, flags: list[str]) -> list[str]:
    found = []
    for flag, pattern in PLACEHOLDERS.items():
        if flag in flags:
            found += [m for m in pattern.findall(text) if m != "%%"]
    return sorted(found)


def where(entry: polib.POEntry) -> str:
    return " ".join(f"{path}:{line}" for path, line in entry.occurrences[:3]) or "no location"


def problems(catalogue: polib.POFile) -> list[str]:
    """What keeps an entry from being shown in Chinese, one line per entry."""
    plural_forms = catalogue.metadata.get("Plural-Forms", "")
    nplurals = int(re.search(r"nplurals\s*=\s*(\d+)", plural_forms).group(1))
    found = []
    for entry in catalogue:
        if entry.obsolete:
            continue
        if entry.fuzzy:
            found.append(f"fuzzy (a guess, not checked): {entry.msgid!r} ({where(entry)})")
            continue
        if entry.msgid_plural:
            forms = [entry.msgstr_plural.get(n, "") for n in range(nplurals)]
            expected = [
                placeholders(entry.msgid_plural, entry.flags),
                placeholders(entry.msgid, entry.flags),
            ]
        else:
            forms = [entry.msgstr]
            expected = [placeholders(entry.msgid, entry.flags)]
        if not all(forms):
            found.append(f"untranslated: {entry.msgid!r} ({where(entry)})")
            continue
        for form in forms:
            if placeholders(form, entry.flags) not in expected:
                found.append(
                    f"placeholders differ: {entry.msgid!r} has {expected[0]}, "
                    f"{form!r} has {placeholders(form, entry.flags)} ({where(entry)})"
                )
    return found


def test_every_entry_of_the_catalogue_is_translated_with_its_placeholders():
    catalogue = polib.pofile(str(PO))
    assert "nplurals=" in catalogue.metadata.get("Plural-Forms", ""), "the .po has no Plural-Forms"
    found = problems(catalogue)
    assert not found, f"{len(found)} entries of {PO.relative_to(ROOT)}:\n" + "\n".join(
        [*found, HOW]
    )


def messages_flags() -> tuple[str, list[str]]:
    """The locale and the --ignore patterns of the Makefile's `make messages`."""
    line = re.search(r"^MESSAGES_FLAGS\s*:=(.*)$", (ROOT / "Makefile").read_text(), re.M)
    assert line, "the Makefile has no MESSAGES_FLAGS line (the flags of `make messages`)"
    args = shlex.split(line.group(1))
    locale = args[args.index("-l") + 1]
    ignored = [a.removeprefix("--ignore=") for a in args if a.startswith("--ignore=")]
    return locale, ignored


def test_every_translatable_string_of_the_source_is_in_the_catalogue(
    tmp_path, settings, monkeypatch
):
    missing = [tool for tool in ("xgettext", "msguniq", "msgmerge") if not shutil.which(tool)]
    if missing:
        pytest.fail(
            f"GNU gettext is not installed (no {', '.join(missing)} on PATH): this test runs "
            "makemessages, which needs it. Install it (Debian: apt-get install gettext)."
        )
    locale, ignored = messages_flags()

    def not_read(directory: str, names: list[str]) -> set[str]:
        """What makemessages would skip anyway: hidden, ignored, the catalogue, other files."""
        skip = set()
        for name in names:
            path = Path(directory) / name
            if (
                name.startswith(".")
                or name in ("__pycache__", "locale")
                or any(fnmatch.fnmatchcase(name, pattern) for pattern in ignored)
            ) or (path.is_file() and path.suffix not in (".py", ".html", ".txt")):
                skip.add(name)
        return skip

    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=not_read, symlinks=True)
    copy = tmp_path / "locale" / locale / "LC_MESSAGES" / "django.po"
    copy.parent.mkdir(parents=True)
    shutil.copyfile(PO, copy)
    settings.LOCALE_PATHS = [str(tmp_path / "locale")]
    monkeypatch.chdir(source)

    call_command("makemessages", locale=[locale], ignore_patterns=ignored, verbosity=0)

    catalogue = polib.pofile(str(copy))
    assert any(not e.obsolete for e in catalogue), "makemessages found no string in the source"
    not_in = [
        f"{'fuzzy (a guess, not checked)' if e.fuzzy else 'untranslated or not in the .po'}: {e.msgid!r} "
        f"({where(e)})"
        for e in catalogue
        if not e.obsolete and (e.fuzzy or not e.translated())
    ]
    assert not not_in, f"{len(not_in)} strings of the source have no Chinese:\n" + "\n".join(
        [*not_in, HOW]
    )
