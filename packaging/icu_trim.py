"""Shrink the ICU data library that Qt brings on Linux (31 MB) to what an English app uses.

Qt Core on Linux links ICU, and ICU's data (every locale's names, collation,
calendars, units; CJK converters; Thai/Lao/Khmer/Burmese/CJK word dictionaries)
lives in one library, ``libicudata.so.NN``, as a single array ``icudtNN_dat`` in
ICU's "common data" package format. DHR Desk is an English-only app: it needs
the root locale, the English locales (en, en_GB and their parents) and ICU's
locale-independent tables (normalisation, break rules, character properties,
time zones, the converter alias table). This module copies exactly those items
into a new package and links it into a replacement ``libicudata.so.NN`` with the
same soname and symbol, so Qt and ICU load it unchanged.

What happens when something asks for a dropped item: ICU falls back along its
locale chain to root (a German date format becomes the root pattern, a Chinese
collation the root order) and a dropped converter fails to open with an error
code, which Qt reports as an unsupported encoding. Nothing crashes; the smoke
test runs the frozen app on the trimmed data.

The package format (ICU's udata.cpp / ucmndata.h): a ``DataHeader`` (headerSize,
magic 0xda27, ``UDataInfo`` with dataFormat "CmnD" version 1), then the table of
contents: ``uint32 count`` and ``count`` pairs of ``uint32`` offsets (name, data)
relative to the start of the table, names NUL-terminated ASCII sorted in
ascending order, each item 16-byte aligned. Items are copied byte for byte.

Used by dhrdesk.spec (Linux builds); also a command-line tool:
    python packaging/icu_trim.py SRC_LIB OUT_LIB
"""

from __future__ import annotations

import re
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

# Locale trees whose files are one per locale (everything else is kept).
_LOCALE_NAME = re.compile(r"^[a-z]{2,3}(_[A-Za-z0-9]+)*$")
# Converters bigger than this are the multi-byte East Asian tables (hundreds of KB
# each); the small single-byte ones (ISO-8859-x, Windows-125x) are kept.
_MAX_CONVERTER_BYTES = 64 * 1024


class IcuTrimError(RuntimeError):
    """The library is not what this tool understands; the build keeps the original."""


def keep_item(name: str, size: int) -> bool:
    """Whether an item of the ICU data package is needed by an English-only app.

    ``name`` is the item's path inside the package without its package prefix,
    e.g. ``coll/de.res``, ``en_GB.res``, ``brkitr/cjdict.dict``, ``ibm-943_P15A-2003.cnv``.
    """
    stem_path, _, ext = name.rpartition(".")
    stem = stem_path.rsplit("/", 1)[-1]
    if ext == "dict":  # word-break dictionaries for Thai, Lao, Khmer, Burmese, CJK
        return False
    if stem_path.startswith("translit/"):  # ICU transliterators: Qt never uses them
        return False
    if ext == "cnv":
        return size <= _MAX_CONVERTER_BYTES
    if ext == "res" and _LOCALE_NAME.match(stem):
        return stem == "root" or stem == "en" or stem.startswith("en_")
    return True


def read_package(blob: bytes) -> tuple[bytes, list[tuple[str, bytes]]]:
    """Split an ICU common-data package into its header and (name, item) pairs."""
    if len(blob) < 32:
        raise IcuTrimError("too short for an ICU data package")
    header_size, magic1, magic2 = struct.unpack_from("<HBB", blob, 0)
    if (magic1, magic2) != (0xDA, 0x27):
        raise IcuTrimError("no ICU data header (bad magic)")
    is_big_endian, charset = blob[8], blob[9]
    data_format, format_version = blob[12:16], blob[16]
    if is_big_endian or charset != 0:
        raise IcuTrimError("only little-endian ASCII ICU data is supported")
    if data_format != b"CmnD" or format_version != 1:
        raise IcuTrimError(f"not a common-data package ({data_format!r} v{format_version})")
    toc = header_size
    (count,) = struct.unpack_from("<I", blob, toc)
    entries = [struct.unpack_from("<II", blob, toc + 4 + 8 * i) for i in range(count)]
    items = []
    for index, (name_offset, data_offset) in enumerate(entries):
        end_name = blob.index(b"\0", toc + name_offset)
        name = blob[toc + name_offset : end_name].decode("ascii")
        start = toc + data_offset
        end = toc + entries[index + 1][1] if index + 1 < count else len(blob)
        items.append((name, blob[start:end]))
    return blob[:header_size], items


def write_package(header: bytes, items: list[tuple[str, bytes]]) -> bytes:
    """Assemble a package from a header and (name, item) pairs (names kept sorted)."""
    items = sorted(items, key=lambda item: item[0].encode("ascii"))
    count = len(items)
    names = b"".join(name.encode("ascii") + b"\0" for name, _ in items)
    toc_size = 4 + 8 * count
    data_start = toc_size + len(names)
    data_start += -data_start % 16
    offsets, body, name_pos = [], bytearray(), toc_size
    for name, data in items:
        offsets.append((name_pos, data_start + len(body)))
        name_pos += len(name) + 1
        body += data
        body += b"\0" * (-len(body) % 16)
    toc = struct.pack("<I", count) + b"".join(struct.pack("<II", n, d) for n, d in offsets)
    padding = b"\0" * (data_start - toc_size - len(names))
    return header + toc + names + padding + bytes(body)


def _data_symbol(library: Path) -> tuple[str, int, int]:
    """Name, file offset and size of the ``icudtNN_dat`` array in the library."""
    symbols = subprocess.run(
        ["readelf", "-W", "--dyn-syms", str(library)], check=True, capture_output=True, text=True
    ).stdout
    match = re.search(
        r":\s+([0-9a-f]+)\s+(\d+|0x[0-9a-f]+)\s+OBJECT\s+GLOBAL\s+\S+\s+(\d+)\s+(icudt\d+_dat)\b",
        symbols,
    )
    if not match:
        raise IcuTrimError(f"no icudtNN_dat symbol in {library.name}")
    address, size_text, section_index, symbol = match.groups()
    size = int(size_text, 0)
    sections = subprocess.run(
        ["readelf", "-W", "--section-headers", str(library)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    for line in sections.splitlines():
        cells = re.match(r"\s*\[\s*(\d+)\]\s+(\S+)\s+\S+\s+([0-9a-f]+)\s+([0-9a-f]+)", line)
        if cells and cells.group(1) == section_index:
            section_address, section_offset = int(cells.group(3), 16), int(cells.group(4), 16)
            return symbol, int(address, 16) - section_address + section_offset, size
    raise IcuTrimError(f"section {section_index} of {library.name} not found")


def _soname(library: Path) -> str:
    dynamic = subprocess.run(
        ["readelf", "-W", "-d", str(library)], check=True, capture_output=True, text=True
    ).stdout
    match = re.search(r"\(SONAME\)\s+Library soname: \[([^\]]+)\]", dynamic)
    return match.group(1) if match else library.name


def trim_library(source: Path, output: Path) -> tuple[int, int, int, int]:
    """Write a trimmed copy of ``source`` (libicudata.so.NN) to ``output``.

    Returns (items kept, items in the original, bytes of data kept, original bytes).
    Needs readelf and a C compiler driver (cc/gcc) for the linking step.
    """
    symbol, offset, size = _data_symbol(source)
    blob = source.read_bytes()[offset : offset + size]
    header, items = read_package(blob)
    prefix = symbol.removesuffix("_dat") + "l/"  # e.g. icudt73l/ (l = little-endian)
    kept = [
        (name, data)
        for name, data in items
        if not name.startswith(prefix) or keep_item(name.removeprefix(prefix), len(data))
    ]
    package = write_package(header, kept)
    # Round trip: what we wrote must read back as the items we meant to keep.
    if read_package(package)[1] != sorted(kept, key=lambda item: item[0].encode("ascii")):
        raise IcuTrimError("the trimmed package does not read back identically")
    with tempfile.TemporaryDirectory() as tmp:
        dat = Path(tmp, "data.dat")
        dat.write_bytes(package)
        asm = Path(tmp, "data.S")
        asm.write_text(
            "\t.section .rodata\n"
            f"\t.globl {symbol}\n"
            f"\t.type {symbol}, @object\n"
            "\t.balign 16\n"
            f"{symbol}:\n"
            f'\t.incbin "{dat}"\n'
            f"\t.size {symbol}, . - {symbol}\n"
            '\t.section .note.GNU-stack,"",@progbits\n'
        )
        output.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                "cc",
                "-shared",
                "-nostdlib",
                f"-Wl,-soname,{_soname(source)}",
                "-o",
                str(output),
                str(asm),
            ],
            check=True,
            capture_output=True,
            text=True,
        )
    return len(kept), len(items), len(package), len(blob)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: icu_trim.py SRC_LIBICUDATA OUT_LIB", file=sys.stderr)
        return 2
    kept, total, new_size, old_size = trim_library(Path(argv[0]), Path(argv[1]))
    print(
        f"ICU data: kept {kept} of {total} items, {old_size / 2**20:.1f} MiB -> {new_size / 2**20:.1f} MiB"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
