"""Re-encrypt the encrypted columns (``python -m bot rotate-key``) and check keys at start."""

from __future__ import annotations

from sqlalchemy import text

from storage.crypto import PREFIX, EncryptedText, EncryptionKeyError, KeyedHash, Keyring
from storage.database import Database
from storage.models import Base
from storage.repositories import client_key


def encrypted_columns() -> dict[str, list[str]]:
    """Table -> its EncryptedText columns, from the models."""
    found: dict[str, list[str]] = {}
    for table in Base.metadata.sorted_tables:
        names = [c.name for c in table.columns if isinstance(c.type, EncryptedText)]
        if names:
            found[table.name] = names
    return found


def _hash_columns(table: str) -> list[str]:
    columns = Base.metadata.tables[table].columns
    return [c.name for c in columns if isinstance(c.type, KeyedHash)]


def _plain(value: str | None, label: str, ring: Keyring | None) -> str | None:
    if value is None or not value.startswith(PREFIX):
        return value
    if ring is None:
        raise EncryptionKeyError("Daten sind verschlüsselt, aber DATA_ENCRYPTION_KEY fehlt")
    return ring.decrypt(value, label)


async def reencrypt(db: Database, ring: Keyring | None, *, decrypt: bool = False) -> int:
    """Rewrite every encrypted column with ring's current key (``decrypt``: as plaintext);
    client name keys follow. ``db`` must have no keyring (raw values). Returns rows changed."""
    target = None if decrypt else ring
    changed = 0
    async with db.write() as session:
        for table, columns in encrypted_columns().items():
            hashed = _hash_columns(table)
            selected = ", ".join(columns)
            [key_column] = [c.name for c in Base.metadata.tables[table].primary_key]
            query = text(f"SELECT {key_column}, {selected} FROM {table}")
            rows = (await session.execute(query)).all()
            for row in rows:
                values = {
                    name: _plain(row[i + 1], f"{table}.{name}", ring)
                    for i, name in enumerate(columns)
                }
                if "name" in values and values["name"] is not None:
                    key = client_key(values["name"])
                    for column in hashed:
                        values[column] = target.hash(key) if target else key
                for name in columns:
                    plain = values[name]
                    if plain is not None and target is not None:
                        values[name] = target.encrypt(plain, f"{table}.{name}")
                assignments = ", ".join(f"{name} = :{name}" for name in values)
                await session.execute(
                    text(f"UPDATE {table} SET {assignments} WHERE {key_column} = :row_id"),
                    {**values, "row_id": row[0]},
                )
                changed += 1
    return changed


async def check_keys(db: Database) -> None:
    """Raise EncryptionKeyError when stored data needs a key the settings do not have."""
    async with db.read() as session:
        for table, columns in encrypted_columns().items():
            for column in columns:
                sample = await session.scalar(
                    text(f"SELECT {column} FROM {table} WHERE {column} LIKE :p LIMIT 1"),
                    {"p": PREFIX + "%"},
                )
                if sample is None:
                    continue
                key_id = sample[len(PREFIX) :].partition(":")[0]
                if db.keyring is None:
                    raise EncryptionKeyError(
                        "Die Datenbank enthält verschlüsselte Texte, aber DATA_ENCRYPTION_KEY "
                        "ist nicht gesetzt."
                    )
                if not db.keyring.knows(key_id):
                    raise EncryptionKeyError(
                        f"Schlüssel {key_id} fehlt in DATA_ENCRYPTION_KEY (alte Schlüssel "
                        "hinten anhängen, bis rotate-key gelaufen ist)."
                    )
