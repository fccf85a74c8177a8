"""Small real images for generated data: PNGs encoded here, one JPEG shipped as an asset."""

from __future__ import annotations

import struct
import zlib
from importlib import resources


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A valid, deterministic truecolour PNG of one colour with a lighter centre square."""
    light = bytes(min(255, c + 90) for c in rgb)
    base = bytes(rgb)
    rows = []
    for y in range(height):
        row = bytearray(b"\x00")  # filter type: none
        for x in range(width):
            inside = width // 4 <= x < width * 3 // 4 and height // 4 <= y < height * 3 // 4
            row += light if inside else base
        rows.append(bytes(row))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + _chunk(b"IEND", b"")
    )


def _chunk(tag: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(tag + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", crc)


def sample_jpeg() -> bytes:
    """A 16×16 baseline JPEG."""
    return resources.files("statesync.generate").joinpath("assets/sample.jpg").read_bytes()
