"""The program's own Ed25519 verification agrees with RFC 8032 and with ``cryptography``."""

from __future__ import annotations

import os

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from index.packs.ed25519 import verify

# RFC 8032, section 7.1, tests 1 to 3
RFC_VECTORS = [
    (
        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
        "",
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
        "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
    ),
    (
        "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
        "72",
        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
        "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
    ),
    (
        "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
        "af82",
        "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac"
        "18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a",
    ),
]
ORDER = 2**252 + 27742317777372353535851937790883648493
FIELD = 2**255 - 19


@pytest.mark.parametrize(("public", "message", "signature"), RFC_VECTORS)
def test_rfc_8032_vectors_verify(public: str, message: str, signature: str) -> None:
    pub, msg, sig = bytes.fromhex(public), bytes.fromhex(message), bytes.fromhex(signature)
    assert verify(pub, sig, msg)
    assert not verify(pub, sig, msg + b"\0")


def _keypair() -> tuple[Ed25519PrivateKey, bytes]:
    key = Ed25519PrivateKey.generate()
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return key, raw


def test_agrees_with_cryptography_on_random_keys_and_every_single_bit_flip() -> None:
    for size in (0, 1, 63, 64, 1000):
        key, public = _keypair()
        message = os.urandom(size)
        signature = key.sign(message)
        assert verify(public, signature, message)
        for bit in range(0, 512, 7):  # a spread of bits over R and S
            tampered = bytearray(signature)
            tampered[bit // 8] ^= 1 << (bit % 8)
            assert not verify(public, bytes(tampered), message)
        if message:
            changed = bytearray(message)
            changed[-1] ^= 0x80
            assert not verify(public, signature, bytes(changed))
        _, other = _keypair()
        assert not verify(other, signature, message)


def test_malformed_keys_and_signatures_are_refused_without_error() -> None:
    key, public = _keypair()
    signature = key.sign(b"pack manifest")
    assert not verify(public[:31], signature, b"pack manifest")
    assert not verify(public, signature[:63], b"pack manifest")
    assert not verify(b"", b"", b"")
    # S not reduced modulo the group order: the same signature plus L is refused
    s = int.from_bytes(signature[32:], "little") + ORDER
    if s < 2**256:
        assert not verify(public, signature[:32] + s.to_bytes(32, "little"), b"pack manifest")
    # a key whose y is not below the field prime, and one that is not on the curve
    assert not verify((FIELD + 1).to_bytes(32, "little"), signature, b"pack manifest")
    assert not verify((2).to_bytes(32, "little"), signature, b"pack manifest")
