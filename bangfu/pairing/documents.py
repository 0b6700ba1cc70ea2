"""The pairing agreement (帮扶协议, attachment 1 of the plan) as Word and PDF.

The .docx is the Word template `docx/agreement.docx` (built by
scripts/build_agreement_template.py, editable in Word as long as its Jinja tags stay) filled
in with docxtpl. The agreement is a Chinese legal form, so it is always in Chinese whatever
the user's language. PDF comes from LibreOffice when it is installed (`docx_to_pdf` returns
None when it is not: the caller then offers the .docx only).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import re
import shutil
import signal
import subprocess
import tempfile
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.utils import translation

from bangfu.accounts.contacts import phone_for

from .models import Pairing, Pathway

TEMPLATE_PATH = Path(__file__).resolve().parent / "docx" / "agreement.docx"
EMPTY = "—"
UNTIL_EXIT = "该村脱贫出列"

# Characters XML 1.0 cannot hold (Word refuses a file with them); tabs and newlines stay.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_LIST_SEPARATORS = re.compile(r"[,，、;；\s]+")


# --------------------------------------------------------------------------- formatting


def format_date(value: dt.date | None) -> str:
    """2017年5月1日 (no zero padding), or — when there is no date."""
    return f"{value.year}年{value.month}月{value.day}日" if value else EMPTY


def format_number(value) -> str:
    """A count or a Decimal without trailing zeros: 50.00 → 50, 12.50 → 12.5."""
    if value is None:
        return EMPTY
    if isinstance(value, Decimal):
        text = f"{value.normalize():f}"
        return "0" if text in {"-0", ""} else text
    return str(value)


def format_text(value) -> str:
    """User text as it was typed (line breaks kept), — when empty."""
    text = _XML_INVALID.sub("", str(value or "")).replace("\r\n", "\n").replace("\r", "\n")
    # docxtpl turns \n into a line break and \t into a tab; \a and \f (paragraph and page
    # breaks) are control characters and were dropped above.
    text = "\n".join(line.rstrip() for line in text.strip().split("\n"))
    return text or EMPTY


def format_list(value: str) -> str:
    """养殖,中药材 → 养殖、中药材."""
    parts = [p for p in _LIST_SEPARATORS.split(format_text(value)) if p and p != EMPTY]
    return "、".join(parts) or EMPTY


def village_short_name(name: str) -> str:
    """小兰窝村村民委员会 → 小兰窝村 (the division list names villages by their committee)."""
    return name.removesuffix("村民委员会").removesuffix("居民委员会") or name


def village_committee(name: str) -> str:
    """The committee that signs for the village: 小兰窝村村民委员会, 千层板社区居民委员会."""
    if name.endswith("委员会"):
        return name
    return name + ("居民委员会" if name.endswith("社区") else "村民委员会")


# --------------------------------------------------------------------------- context


def _facts(pairing: Pairing) -> dict[str, str]:
    try:
        profile = pairing.village.profile
    except ObjectDoesNotExist:
        profile = None
    keys = (
        "households_total",
        "households_poor",
        "people_total",
        "people_poor",
        "labour_force",
        "arable_mu",
        "forest_mu",
        "grassland_mu",
    )
    if profile is None:
        facts = dict.fromkeys(keys, EMPTY)
        facts.update(poor_status=EMPTY, main_industries=EMPTY, resources=EMPTY)
        return facts
    facts = {key: format_number(getattr(profile, key)) for key in keys}
    if profile.is_registered_poor:
        status = "建档立卡贫困村"
        if profile.registered_year:
            status += f"（{profile.registered_year}年认定）"
        if profile.exited_on:
            status += f"，已于{format_date(profile.exited_on)}脱贫出列"
    else:
        status = "非建档立卡贫困村"
    facts.update(
        poor_status=status,
        main_industries=format_list(profile.main_industries),
        resources=format_text(profile.resources),
    )
    return facts


def _plan_items(pairing: Pairing) -> list[dict[str, str]]:
    items = []
    for no, item in enumerate(pairing.plan_items.order_by("due_date", "id"), 1):
        value = format_number(item.target_value)
        unit = format_text(item.unit) if item.unit else ""
        items.append(
            {
                "no": str(no),
                "what": format_text(item.what),
                "how": format_text(item.how),
                "indicator": format_text(item.indicator),
                "value": value,
                "unit": unit,
                "target": f"{value}{unit}",
                "due_date": format_date(item.due_date),
            }
        )
    return items


def agreement_context(pairing: Pairing, *, viewer=None) -> dict:
    """Everything the agreement template shows, as display strings (plan items: a list of
    dicts of strings). Village facts come from the registry's profile, — when missing."""
    village = pairing.village
    county = pairing.county
    township = village.parent if village.parent_id and village.parent.level == "township" else None
    city = county.parent if county.parent_id else None
    helper = pairing.helper
    with translation.override("zh-hans"):
        pathways = "、".join(
            str(Pathway(p).label) for p in pairing.pathway_list if p in Pathway.values
        )
    short = village_short_name(village.name)
    township_name = township.name if township else ""
    city_name = city.name if city else ""
    end = format_date(pairing.end_date) if pairing.end_date else UNTIL_EXIT
    return {
        "number": pairing.number,
        "programme": format_text(pairing.programme.name),
        "helper_name": format_text(helper.name),
        "helper_uscc": format_text(helper.uscc),
        "helper_address": format_text(helper.address),
        "helper_liaison": format_text(helper.liaison_name),
        "helper_phone": format_text(
            helper.liaison_phone
            if viewer is None  # the document as such (tests, the operator): in full
            else phone_for(viewer, helper.liaison_phone, helper_id=helper.pk)
        ),
        "village_name": short,
        "village_committee": village_committee(village.name),
        "village_code": village.code,
        "township_name": township_name or EMPTY,
        "county_name": county.name,
        "city_name": city_name,
        "village_location": f"{city_name}{county.name}{township_name}{short}",
        "witness": f"{county.name}扶贫开发办公室",
        **_facts(pairing),
        "focus": format_text(pairing.focus),
        "content": format_text(pairing.content),
        "pathways": pathways or EMPTY,
        "plan_items": _plan_items(pairing),
        "start_date": format_date(pairing.start_date),
        "end_date": format_date(pairing.end_date),
        "term": f"自{format_date(pairing.start_date)}起至{end}止",
    }


# --------------------------------------------------------------------------- .docx


def agreement_docx(pairing: Pairing, *, viewer=None) -> bytes:
    """The filled-in agreement as .docx bytes. User text is escaped (autoescape), so “<&>”
    stays literal text; the template runs in Jinja's sandbox and a tag the context lacks
    (a typo in an office's edit) fails loudly instead of printing nothing."""
    from docxtpl import DocxTemplate
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    template = DocxTemplate(TEMPLATE_PATH)
    env = SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)
    template.render(agreement_context(pairing, viewer=viewer), jinja_env=env, autoescape=True)
    props = template.docx.core_properties
    props.created = props.modified = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def agreement_filename(pairing: Pairing, ext: str) -> str:
    return f"帮扶协议-{pairing.number}.{ext.lstrip('.')}"


# --------------------------------------------------------------------------- PDF


def soffice_path() -> str | None:
    """LibreOffice's command: settings.SOFFICE_PATH, else soffice or libreoffice on PATH."""
    configured = getattr(settings, "SOFFICE_PATH", "") or ""
    if configured:
        return configured
    return shutil.which("soffice") or shutil.which("libreoffice")


def pdf_available() -> bool:
    """Whether this server can make PDFs: LibreOffice's command is there and runnable."""
    exe = soffice_path()
    if not exe:
        return False
    found = shutil.which(exe)
    return bool(found and os.access(found, os.X_OK))


def docx_to_pdf(data: bytes, *, timeout: float = 120) -> bytes | None:
    """Convert .docx bytes to PDF with headless LibreOffice; None when it is not installed.

    Each conversion gets its own temporary directory and LibreOffice profile, so that
    concurrent conversions (several web workers) do not wait for or break each other. On a
    timeout the whole process group is killed (soffice starts soffice.bin as a child).
    Raises RuntimeError, saying why, when the conversion fails.
    """
    exe = soffice_path()
    if not exe:
        return None
    with tempfile.TemporaryDirectory(prefix="bangfu-soffice-") as tmp:
        work = Path(tmp)
        source = work / "agreement.docx"
        source.write_bytes(data)
        outdir = work / "out"
        outdir.mkdir()
        command = [
            exe,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--invisible",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            str(source),
        ]
        # A small environment: the web process's secrets have no business in LibreOffice.
        env = {
            "PATH": os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin"),
            "HOME": str(work),
            "LANG": "C.UTF-8",
            "TMPDIR": str(work),
        }
        try:
            proc = subprocess.Popen(  # noqa: S603 (a fixed argument list, no shell)
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                cwd=work,
                env=env,
                start_new_session=True,
            )
        except OSError as exc:
            raise RuntimeError(f"LibreOffice could not be started ({exe}): {exc}") from exc
        try:
            stdout, stderr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            _kill_group(proc)
            raise RuntimeError(
                f"LibreOffice did not convert the document within {timeout:g} s."
            ) from exc
        finally:
            if proc.poll() is None:
                _kill_group(proc)
        pdf = outdir / "agreement.pdf"
        if proc.returncode != 0 or not pdf.is_file() or pdf.stat().st_size == 0:
            detail = (stderr or stdout or b"").decode("utf-8", "replace").strip()[-500:]
            raise RuntimeError(
                f"LibreOffice could not convert the document to PDF "
                f"(exit status {proc.returncode}){': ' + detail if detail else ''}"
            )
        return pdf.read_bytes()


def _kill_group(proc: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate()
