"""Headless Debian `chromium` for the report's browser tests: DOM, console, PNG, PDF.

Each call gets its own profile directory, so parallel test workers never share one.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import tempfile
import zlib
from pathlib import Path

import pytest

# Generous: it only stops a hung browser, it asserts nothing about speed.
TIMEOUT_S = 180


def chromium() -> str:
    """The chromium binary; skip where it cannot be had, but never in CI (CI=true fails)."""
    found = shutil.which("chromium")
    if found:
        return found
    reason = ("Debian chromium is not installed (`make test` installs it as root where apt "
              "is available)")
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason}; CI must run the browser tests")
    pytest.skip(reason)


def run(page: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    """Run headless chromium on a local file with `flags`; returns stdout and stderr."""
    with tempfile.TemporaryDirectory(prefix="etapp-chromium-") as profile:
        argv = [chromium(), "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                f"--user-data-dir={profile}", *flags, page.resolve().as_uri()]
        return subprocess.run(argv, capture_output=True, text=True, timeout=TIMEOUT_S,
                              check=False)


def dump_dom(page: Path) -> tuple[str, list[str]]:
    """The DOM after load, and every console message the page logged."""
    done = run(page, "--enable-logging=stderr", "--v=0", "--dump-dom")
    console = [line for line in done.stderr.splitlines() if ":CONSOLE" in line]
    return done.stdout, console


def screenshot(page: Path, png: Path, width: int = 1000, height: int = 1400) -> None:
    run(page, f"--screenshot={png}", f"--window-size={width},{height}",
        "--hide-scrollbars")
    assert png.exists(), f"chromium wrote no screenshot to {png}"


def print_pdf(page: Path, pdf: Path) -> int:
    """Print to PDF (A4 from the page's @page rule); returns the number of pages."""
    run(page, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    assert pdf.exists(), f"chromium wrote no PDF to {pdf}"
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf.read_bytes()))


def png_colours(png: Path, step: int = 7) -> int:
    """Distinct colours in a PNG (8-bit RGB/RGBA, every `step`-th pixel): a blank page has 1."""
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, width = 8, b"", 0
    height = channels = 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour_type = struct.unpack(">IIBB", chunk[:10])
            assert depth == 8 and colour_type in (2, 6), "only 8-bit RGB(A) is decoded here"
            channels = 3 if colour_type == 2 else 4
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    previous = bytearray(stride)
    colours: set[bytes] = set()
    for y in range(height):
        line = raw[y * (stride + 1):(y + 1) * (stride + 1)]
        row = _unfilter(line[0], bytearray(line[1:]), previous, channels)
        if y % step == 0:
            colours.update(bytes(row[x:x + 3]) for x in range(0, stride, channels * step))
        previous = row
    return len(colours)


def _unfilter(kind: int, row: bytearray, prev: bytearray, bpp: int) -> bytearray:
    for i in range(len(row)):
        left = row[i - bpp] if i >= bpp else 0
        up = prev[i]
        if kind == 1:
            row[i] = (row[i] + left) & 0xFF
        elif kind == 2:
            row[i] = (row[i] + up) & 0xFF
        elif kind == 3:
            row[i] = (row[i] + (left + up) // 2) & 0xFF
        elif kind == 4:
            ul = prev[i - bpp] if i >= bpp else 0
            p = left + up - ul
            pa, pb, pc = abs(p - left), abs(p - up), abs(p - ul)
            pred = left if pa <= pb and pa <= pc else (up if pb <= pc else ul)
            row[i] = (row[i] + pred) & 0xFF
    return row
