"""Ed25519 keys of pack publishers: making them, reading them, trusting them.

A private key file holds the key as unencrypted PKCS#8 PEM and is readable by its
owner only; the public key file beside it (``KEYFILE.pub``) is one line,
``policy-library-ed25519 <base64 of the 32 key bytes> [comment]``.  A publisher is
known by the fingerprint of its public key (the first 16 bytes of its SHA-256, hex).

Trusted keys are read from, in order: ``trusted-keys/`` next to the program, the
system configuration (:func:`index.paths.system_trusted_keys_dir`) and any file given
with ``--trust``.

Verifying a signature (installing) uses :mod:`index.packs.ed25519`, in plain Python;
making keys and signing (publishing) use ``cryptography``, imported only then, so the
installed program carries no OpenSSL.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from index import paths
from index.packs import ed25519

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

__all__ = [
    "PUBLIC_KEY_TAG",
    "KeyFileError",
    "PublicKey",
    "generate_key",
    "load_private_key",
    "load_public_key",
    "parse_public_key",
    "sign",
    "trusted_keys",
]

PUBLIC_KEY_TAG = "policy-library-ed25519"
MAX_KEY_FILE_BYTES = 64 * 1024


class KeyFileError(ValueError):
    """A key file that cannot be used; the message says why."""


@dataclass(frozen=True)
class PublicKey:
    raw: bytes  # the 32 key bytes
    source: str = ""  # where it was read from (for messages)

    @property
    def fingerprint(self) -> str:
        return hashlib.sha256(self.raw).hexdigest()[:32]

    def text(self) -> str:
        return f"{PUBLIC_KEY_TAG} {base64.b64encode(self.raw).decode('ascii')}"

    def verifies(self, signature: bytes, data: bytes) -> bool:
        return ed25519.verify(self.raw, signature, data)


def _read_small(path: Path) -> bytes:
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_KEY_FILE_BYTES + 1)
    except OSError as exc:
        raise KeyFileError(f"{path}: {exc.strerror or exc}") from None
    if len(data) > MAX_KEY_FILE_BYTES:
        raise KeyFileError(f"{path}: too large for a key file")
    return data


def generate_key(out: Path, comment: str = "") -> PublicKey:
    """Write a new private key to ``out`` (mode 0600) and its public key to ``out.pub``."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    if out.exists():
        raise KeyFileError(f"{out} exists already; a key is never overwritten")
    out.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(pem)
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    public = PublicKey(raw, str(out) + ".pub")
    line = public.text() + (f" {comment}" if comment else "") + "\n"
    Path(str(out) + ".pub").write_text(line, "ascii")
    return public


def load_private_key(path: Path) -> Ed25519PrivateKey:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    try:
        key = serialization.load_pem_private_key(_read_small(path), password=None)
    except (ValueError, TypeError) as exc:
        raise KeyFileError(f"{path}: not an unencrypted Ed25519 private key ({exc})") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyFileError(f"{path}: not an Ed25519 private key")
    return key


def public_key_of(key: Ed25519PrivateKey) -> PublicKey:
    from cryptography.hazmat.primitives import serialization

    return PublicKey(
        key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    )


def sign(key: Ed25519PrivateKey, data: bytes) -> bytes:
    return key.sign(data)


def parse_public_key(text: str, source: str = "") -> PublicKey:
    parts = text.strip().split()
    if len(parts) < 2 or parts[0] != PUBLIC_KEY_TAG:
        raise KeyFileError(f"{source or 'key'}: not a {PUBLIC_KEY_TAG} public key")
    try:
        raw = base64.b64decode(parts[1], validate=True)
    except (binascii.Error, ValueError):
        raise KeyFileError(f"{source or 'key'}: the key is not valid base64") from None
    if len(raw) != 32:
        raise KeyFileError(f"{source or 'key'}: an Ed25519 public key has 32 bytes, not {len(raw)}")
    return PublicKey(raw, source)


def load_public_key(path: Path) -> PublicKey:
    try:
        text = _read_small(path).decode("ascii")
    except UnicodeDecodeError:
        raise KeyFileError(f"{path}: not a public key file") from None
    return parse_public_key(text, str(path))


def _keys_in(folder: Path) -> list[PublicKey]:
    if not folder.is_dir():
        return []
    keys = []
    for path in sorted(folder.glob("*.pub")):
        try:
            keys.append(load_public_key(path))
        except KeyFileError:
            continue  # one bad file in a shared folder never hides the others
    return keys


def trusted_keys(extra: list[Path] | tuple[Path, ...] = ()) -> list[PublicKey]:
    """Every trusted public key: next to the program, in the system configuration, ``extra``.

    A file given in ``extra`` that cannot be read is an error (:class:`KeyFileError`).
    """
    keys = _keys_in(paths.program_trusted_keys_dir()) + _keys_in(paths.system_trusted_keys_dir())
    keys.extend(load_public_key(path) for path in extra)
    return keys
