"""Draw the field app's icons (PNG, 192 and 512 pixels) without an imaging library.

A white field path rising to a white sun on the programme's green: simple enough to stay
readable at launcher size and inside the maskable safe zone (the middle 80%).
Run: .venv/bin/python scripts/make_field_icons.py (writes bangfu/static/field/icon-*.png).
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

GREEN = (25, 135, 84)
WHITE = (255, 255, 255)
OUT = Path(__file__).resolve().parents[1] / "bangfu" / "static" / "field"


def pixel(x: float, y: float) -> tuple[int, int, int]:
    """The colour at (x, y), both in 0..1 of the icon's side."""
    sun = (x - 0.62) ** 2 + (y - 0.36) ** 2 <= 0.11**2
    hill = y >= 0.62 + 0.12 * (x - 0.5) ** 2 * 4 - 0.06
    path = hill and abs(x - 0.5 - (y - 0.62) * 0.55) <= 0.02 + (y - 0.58) * 0.16
    if sun or (hill and not path and y < 0.8 and x > 0.18 and x < 0.82):
        return WHITE
    return GREEN


def png(size: int) -> bytes:
    rows = b"".join(
        b"\x00" + b"".join(bytes(pixel(x / size, y / size)) for x in range(size))
        for y in range(size)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        (OUT / f"icon-{size}.png").write_bytes(png(size))


if __name__ == "__main__":
    main()
