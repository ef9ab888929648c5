"""The `.dhrpkg` container: a 46-byte header, then AES-256-GCM ciphertext.

The header is the associated data of the encryption, so changing any byte of the
file (header or body) makes authentication fail. The key comes from the package
passphrase with scrypt (n=2**17, r=8, p=1: about 128 MiB of memory per attempt),
so a stolen file cannot be brute-forced cheaply. Byte layout in docs/packages.md.

Everything happens in memory: a decrypted package is never written to disk.
"""

from __future__ import annotations

import os
import struct
import zlib

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from dhrdesk.core.errors import InputFileError
from dhrdesk.core.passphrase import check_passphrase

MAGIC = b"DHRPKG1\n"
FORMAT_VERSION = 1
KDF_SCRYPT = 1
FLAG_ZLIB = 0x01

# Production KDF cost. Tests may lower KDF_LOG2_N for speed; readers accept any
# cost within the bounds below, since the writer chose it for its own package.
KDF_LOG2_N = 17
KDF_R = 8
KDF_P = 1
MIN_LOG2_N = 10
MAX_SCRYPT_MEMORY = 256 * 1024 * 1024  # 128 * r * n bytes

SALT_BYTES = 16
NONCE_BYTES = 12
TAG_BYTES = 16
# magic, version, kdf id, log2(n), r, p, flags, salt, nonce, ciphertext length
_HEADER = struct.Struct(">8sBBBBBB16s12sI")
HEADER_BYTES = _HEADER.size  # 46

MAX_PACKAGE_BYTES = 60 * 1024 * 1024
MAX_PLAINTEXT_BYTES = 80 * 1024 * 1024

WRONG_PASSPHRASE = "The package passphrase is wrong, or the file was changed."
WRONG_PASSPHRASE_HINT = (
    "Check the passphrase you were given by phone (it is case-sensitive). If it is "
    "right, the file was damaged or altered on the way: ask for it to be sent again. "
    "Nothing was changed."
)


def _derive(passphrase: str, salt: bytes, log2_n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=2**log2_n, r=r, p=p).derive(passphrase.encode("utf-8"))


def seal(plaintext: bytes, passphrase: str, *, compress: bool = True) -> bytes:
    """Encrypt ``plaintext`` into a complete package file (bytes)."""
    check_passphrase(passphrase)
    flags = 0
    body = plaintext
    if compress:
        body = zlib.compress(plaintext, 9)
        flags |= FLAG_ZLIB
    salt = os.urandom(SALT_BYTES)
    nonce = os.urandom(NONCE_BYTES)
    header = _HEADER.pack(
        MAGIC,
        FORMAT_VERSION,
        KDF_SCRYPT,
        KDF_LOG2_N,
        KDF_R,
        KDF_P,
        flags,
        salt,
        nonce,
        len(body) + TAG_BYTES,
    )
    key = _derive(passphrase, salt, KDF_LOG2_N, KDF_R, KDF_P)
    ciphertext = AESGCM(key).encrypt(nonce, body, header)
    return header + ciphertext


def _refuse(message: str, hint: str = "Nothing was changed.") -> InputFileError:
    return InputFileError(message, hint=hint)


def unseal(content: bytes, passphrase: str) -> bytes:
    """Check and decrypt a package; every failure is an InputFileError with a clear message."""
    if len(content) > MAX_PACKAGE_BYTES:
        raise _refuse("The file is too large to be a DHR Desk package.")
    if not content.startswith(MAGIC[:6]):
        raise _refuse(
            "This file is not a DHR Desk package.",
            hint="Choose the .dhrpkg file you received. Nothing was changed.",
        )
    if len(content) < HEADER_BYTES:
        raise _refuse(
            "The package is incomplete: the file ends inside its header.",
            hint="Ask for it to be sent again. Nothing was changed.",
        )
    magic, version, kdf, log2_n, r, p, flags, salt, nonce, length = _HEADER.unpack_from(content)
    if magic != MAGIC or version != FORMAT_VERSION:
        if magic[:6] == MAGIC[:6] and (magic[6:7] > MAGIC[6:7] or version > FORMAT_VERSION):
            raise _refuse(
                "This package was made by a newer version of DHR Desk.",
                hint="Install the newer DHR Desk to open it. Nothing was changed.",
            )
        raise _refuse(WRONG_PASSPHRASE, WRONG_PASSPHRASE_HINT)
    if kdf != KDF_SCRYPT or flags & ~FLAG_ZLIB:
        raise _refuse(WRONG_PASSPHRASE, WRONG_PASSPHRASE_HINT)
    if not (MIN_LOG2_N <= log2_n <= 30 and 1 <= r <= 32 and 1 <= p <= 16):
        raise _refuse(WRONG_PASSPHRASE, WRONG_PASSPHRASE_HINT)
    if 128 * r * (2**log2_n) > MAX_SCRYPT_MEMORY:
        raise _refuse(
            "The package asks for more memory to unlock than DHR Desk allows.",
            hint="It was not made by DHR Desk, or it was altered. Nothing was changed.",
        )
    body = content[HEADER_BYTES:]
    if len(body) < length:
        raise _refuse(
            f"The package is incomplete: {len(body):,} of its {length:,} encrypted bytes "
            "are there (the file was cut short).",
            hint="Ask for it to be sent again. Nothing was changed.",
        )
    if len(body) > length or length < TAG_BYTES:
        raise _refuse(WRONG_PASSPHRASE, WRONG_PASSPHRASE_HINT)
    key = _derive(passphrase, salt, log2_n, r, p)
    try:
        plain = AESGCM(key).decrypt(nonce, body, content[:HEADER_BYTES])
    except InvalidTag:
        raise _refuse(WRONG_PASSPHRASE, WRONG_PASSPHRASE_HINT) from None
    if flags & FLAG_ZLIB:
        inflater = zlib.decompressobj()
        try:
            plain = inflater.decompress(plain, MAX_PLAINTEXT_BYTES)
        except zlib.error:
            raise _refuse("The package content is damaged (it does not decompress).") from None
        if inflater.unconsumed_tail or not inflater.eof:
            raise _refuse("The package content is too large or damaged.")
    return plain
