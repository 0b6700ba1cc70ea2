"""The demo's stand-in for a signed agreement's scan: a one-page PDF."""

from __future__ import annotations

from datetime import date


def agreement_pdf(number: str, signed_on: date, helper_uscc: str, village_code: str) -> bytes:
    """A one-page PDF (a few hundred bytes, valid cross-reference table) standing in for the
    scan of a signed agreement. Latin text only: the standard fonts have no Chinese."""
    lines = [
        f"Pairing agreement {number} (demo scan)",
        f"Helper USCC {helper_uscc}  Village {village_code}",
        f"Signed {signed_on:%Y-%m-%d}",
    ]
    text = " ".join(
        f"({line}) Tj 0 -18 Td" if k else f"BT /F1 12 Tf 56 780 Td ({line}) Tj 0 -18 Td"
        for k, line in enumerate(lines)
    )
    stream = (text + " ET").encode("ascii")
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]"
        b"/Resources<</Font<</F1 4 0 R>>>>/Contents 5 0 R>>",
        b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
        b"<</Length " + str(len(stream)).encode() + b">>\nstream\n" + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for k, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{k} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<</Size {len(objects) + 1}/Root 1 0 R>>\nstartxref\n{xref}\n".encode()
    return bytes(out + b"%%EOF\n")
