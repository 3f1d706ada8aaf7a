"""Encryption at rest (opt-in) of the free text students store about clients.

With ``DATA_ENCRYPTION_KEY`` set, columns typed ``EncryptedText`` hold
``enc1:<key id>:<base64(nonce | AES-256-GCM ciphertext)>``; the column's name is the
associated data, so a value cannot be moved to another column unnoticed. Values without the
prefix are plaintext (rows from before encryption was switched on) and read as they are.
``KeyedHash`` columns (the client name key) hold an HMAC of the value, so uniqueness and
lookups by name work without storing the name. The keyring travels on the engine's dialect
(``attach``), so the types need no global state.

``DATA_ENCRYPTION_KEY`` is one or more comma-separated keys (32 bytes, URL-safe base64); the
first encrypts, all decrypt (``python -m bot rotate-key`` re-encrypts with the first).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
from weakref import WeakKeyDictionary

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import String, Text, TypeDecorator
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncEngine

PREFIX = "enc1:"
HASH_PREFIX = "h1:"
NONCE = 12


class EncryptionKeyError(ValueError):
    """A key that is malformed or missing for stored data (the message says which)."""


def new_key() -> str:
    """A fresh random key in the setting's format."""
    return base64.urlsafe_b64encode(os.urandom(32)).decode("ascii")


def _key_id(key: bytes) -> str:
    return hashlib.sha256(b"kundenpflege-key-id" + key).hexdigest()[:8]


class Keyring:
    """The current key (encrypts, hashes) and older ones (decrypt only)."""

    def __init__(self, keys: list[bytes]) -> None:
        if not keys:
            raise EncryptionKeyError("DATA_ENCRYPTION_KEY ist leer")
        self._aead = {_key_id(k): AESGCM(k) for k in keys}
        self.current = _key_id(keys[0])
        self._hash_key = hmac.new(keys[0], b"kundenpflege-name-key", hashlib.sha256).digest()

    @classmethod
    def parse(cls, setting: str) -> Keyring:
        keys = []
        for part in (p.strip() for p in setting.split(",")):
            if not part:
                continue
            try:
                key = base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
            except (binascii.Error, ValueError) as error:
                raise EncryptionKeyError("DATA_ENCRYPTION_KEY ist kein Base64") from error
            if len(key) != 32:
                raise EncryptionKeyError("DATA_ENCRYPTION_KEY: jeder Schlüssel muss 32 Bytes haben")
            keys.append(key)
        return cls(keys)

    def knows(self, key_id: str) -> bool:
        return key_id in self._aead

    def encrypt(self, text: str, label: str) -> str:
        nonce = os.urandom(NONCE)
        sealed = self._aead[self.current].encrypt(nonce, text.encode("utf-8"), label.encode())
        return f"{PREFIX}{self.current}:{base64.b64encode(nonce + sealed).decode('ascii')}"

    def decrypt(self, stored: str, label: str) -> str:
        key_id, _, body = stored[len(PREFIX) :].partition(":")
        if key_id not in self._aead:
            raise EncryptionKeyError(f"Schlüssel {key_id} fehlt in DATA_ENCRYPTION_KEY")
        raw = base64.b64decode(body)
        plain = self._aead[key_id].decrypt(raw[:NONCE], raw[NONCE:], label.encode())
        return plain.decode("utf-8")

    def hash(self, value: str) -> str:
        digest = hmac.new(self._hash_key, value.encode("utf-8"), hashlib.sha256).hexdigest()
        return HASH_PREFIX + digest[:48]


_KEYRINGS: WeakKeyDictionary[Dialect, Keyring] = WeakKeyDictionary()
"""The keyring of each engine, by its dialect (what a column type is handed)."""


def attach(engine: AsyncEngine, keyring: Keyring | None) -> None:
    """Let the encrypted column types of ``engine`` use ``keyring`` (None: plaintext)."""
    dialect = engine.sync_engine.dialect
    if keyring is None:
        _KEYRINGS.pop(dialect, None)
    else:
        _KEYRINGS[dialect] = keyring


def keyring_of(dialect: Dialect) -> Keyring | None:
    return _KEYRINGS.get(dialect)


def is_encrypted(value: object) -> bool:
    return isinstance(value, str) and value.startswith(PREFIX)


class EncryptedText(TypeDecorator[str]):
    """Text encrypted with the engine's keyring when there is one; plaintext otherwise."""

    impl = Text
    cache_ok = True

    def __init__(self, label: str) -> None:
        super().__init__()
        self.label = label

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        keyring = keyring_of(dialect)
        if value is None or keyring is None:
            return value
        return keyring.encrypt(value, self.label)

    def process_result_value(self, value: str | None, dialect: Dialect) -> str | None:
        if value is None or not is_encrypted(value):
            return value
        keyring = keyring_of(dialect)
        if keyring is None:
            raise EncryptionKeyError(
                "Daten sind verschlüsselt, aber DATA_ENCRYPTION_KEY ist nicht gesetzt"
            )
        return keyring.decrypt(value, self.label)


class KeyedHash(TypeDecorator[str]):
    """A lookup key stored as an HMAC when encryption is on (compare, never read back)."""

    impl = String(64)
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        keyring = keyring_of(dialect)
        if value is None or keyring is None or value.startswith(HASH_PREFIX):
            return value
        return keyring.hash(value)
