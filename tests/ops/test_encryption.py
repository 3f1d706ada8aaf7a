"""Encryption at rest (opt-in): transparent to the bot, unreadable in the file, rotatable."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import build_application
from bot.clock import ManualClock
from bot.config import Settings
from bot.devtools.local_api import LocalBotApi
from bot.services.clients import ClientResult, add_client
from storage.crypto import EncryptionKeyError, Keyring, new_key
from storage.rekey import check_keys
from tests.support.harness import DEFAULT_NOW, ROOT, BotHarness, stop_harness

KEY_A, KEY_B = new_key(), new_key()
SECRETS = ("Zebra", "Vertraulich", "zahlt nicht", "Frau Streifen", "streifen@zebra.ch", "Relaunch")


async def start(db: Path, key: str | None) -> BotHarness:
    settings = Settings(
        _env_file=None,
        database_url=f"sqlite+aiosqlite:///{db}",
        telegram_bot_token=None,
        data_encryption_key=key,
    )
    clock, api = ManualClock(DEFAULT_NOW), LocalBotApi()
    app = build_application(settings, request=api, clock=clock, rate_limit=False)
    await app.initialize()
    assert app.post_init is not None
    await app.post_init(app)
    return BotHarness(app, api, clock, db)


async def fill(bot: BotHarness) -> None:
    anna = bot.student()
    await anna.send("/start")
    await anna.send("/kunde Zebra AG")
    await anna.send("/kontakt Zebra AG: Frau Streifen, streifen@zebra.ch, Sie")
    await anna.send("Zebra AG: Vertraulich, zahlt nicht 2h")
    await anna.send("/deadline Zebra AG Relaunch 2026-12-18")


def raw_dump(db: Path) -> str:
    """Every value of every table as the file stores it."""
    with sqlite3.connect(db) as con:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return "\n".join(
            repr(row) for t in tables for row in con.execute(f'SELECT * FROM "{t}"').fetchall()
        )


@pytest.fixture
async def encrypted(tmp_path: Path) -> AsyncIterator[BotHarness]:
    bot = await start(tmp_path / "bot.db", KEY_A)
    yield bot
    await stop_harness(bot)


async def test_free_text_is_encrypted_in_the_file_and_plain_in_the_chat(
    encrypted: BotHarness,
) -> None:
    await fill(encrypted)
    anna = encrypted.student()
    week = await anna.say("/woche")
    assert "Zebra AG" in week and "Vertraulich, zahlt nicht" in week
    dump = raw_dump(encrypted.db_path)
    assert "enc1:" in dump
    leaks = [s for s in SECRETS if s.lower() in dump.lower()]
    assert leaks == [], f"plaintext in the database: {leaks}"
    # Uniqueness and lookups by name work on the keyed hash.
    svc = encrypted.services
    again = await add_client(svc, anna.user_id, "Anna", "zebra  ag")
    assert again.result is ClientResult.DUPLICATE
    reply = await anna.say("/privacy")
    assert "Verschlüsselt?</b> Ja" in reply or "Verschlüsselt? Ja" in reply


async def test_privacy_says_when_encryption_is_off(bot: BotHarness) -> None:
    reply = await bot.student().say("/privacy")
    assert "Verschlüsselt? Nein" in reply or "Verschlüsselt?</b> Nein" in reply


def rotate(db: Path, key: str, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin"),
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": f"sqlite+aiosqlite:///{db}",
        "DATA_ENCRYPTION_KEY": key,
    }
    return subprocess.run(
        [sys.executable, "-m", "bot", "rotate-key", *extra],
        capture_output=True,
        text=True,
        cwd=db.parent,
        env=env,
        timeout=120,
    )


async def test_rotate_key_then_decrypt(tmp_path: Path) -> None:
    db = tmp_path / "bot.db"
    bot = await start(db, KEY_A)
    await fill(bot)
    await stop_harness(bot)
    old_id, new_id = Keyring.parse(KEY_A).current, Keyring.parse(KEY_B).current

    rotated = rotate(db, f"{KEY_B},{KEY_A}")
    assert rotated.returncode == 0, rotated.stderr
    dump = raw_dump(db)
    assert f"enc1:{new_id}:" in dump and f"enc1:{old_id}:" not in dump
    assert list((tmp_path / "backups").glob("bot-*-prerotate.db"))

    bot = await start(db, KEY_B)  # the old key is no longer needed
    try:
        week = await bot.student().say("/woche")
        assert "Vertraulich, zahlt nicht" in week
        dup = await add_client(bot.services, 111, "Anna", "Zebra AG")
        assert dup.result is ClientResult.DUPLICATE  # name keys re-hashed with the new key
    finally:
        await stop_harness(bot)

    with pytest.raises(EncryptionKeyError, match=new_id):
        await start(db, KEY_A)  # a wrong key stops the start with a clear message

    plain = rotate(db, KEY_B, "--decrypt")
    assert plain.returncode == 0, plain.stderr
    assert "enc1:" not in raw_dump(db) and "Vertraulich" in raw_dump(db)
    bot = await start(db, None)
    try:
        assert "Vertraulich, zahlt nicht" in await bot.student().say("/woche")
        dup = await add_client(bot.services, 111, "Anna", "zebra ag")
        assert dup.result is ClientResult.DUPLICATE
    finally:
        await stop_harness(bot)


async def test_switching_on_keeps_old_rows_readable_until_rotate(tmp_path: Path) -> None:
    db = tmp_path / "bot.db"
    bot = await start(db, None)
    await fill(bot)
    await stop_harness(bot)
    assert [s for s in SECRETS if s in raw_dump(db)] == list(SECRETS)  # all stored, in clear
    bot = await start(db, KEY_A)  # plaintext rows, new rows encrypted
    try:
        anna = bot.student()
        await anna.send("Zebra AG: Zweite Notiz 1h")
        week = await anna.say("/woche")
        assert "Vertraulich, zahlt nicht" in week and "Zweite Notiz" in week
        dup = await add_client(bot.services, 111, "Anna", "Zebra AG")
        assert dup.result is ClientResult.DUPLICATE  # the plain name key still matches
    finally:
        await stop_harness(bot)
    assert rotate(db, KEY_A).returncode == 0
    assert not [s for s in SECRETS if s in raw_dump(db)]


async def test_encrypted_data_without_a_key_stops_the_start(tmp_path: Path) -> None:
    db = tmp_path / "bot.db"
    bot = await start(db, KEY_A)
    await fill(bot)
    await check_keys(bot.services.db)  # fine with the key
    await stop_harness(bot)
    with pytest.raises(EncryptionKeyError, match="nicht gesetzt"):
        await start(db, None)


def test_the_readme_key_command_makes_a_usable_key() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = 'python -c "from storage.crypto import new_key; print(new_key())"'
    assert command in readme
    made = subprocess.run(
        [sys.executable, "-c", "from storage.crypto import new_key; print(new_key())"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    key = made.stdout.strip()
    assert Settings(_env_file=None, data_encryption_key=key).keyring() is not None


def test_a_malformed_key_is_refused_by_the_settings() -> None:
    with pytest.raises(ValueError, match="32 Bytes"):
        Settings(_env_file=None, data_encryption_key="c2hvcnQ=")


async def test_stored_updates_in_the_inbox_are_encrypted_too(encrypted: BotHarness) -> None:
    from storage.inbox import Inbox, Incoming

    payload = '{"update_id": 5, "message": {"text": "Zebra AG: Vertraulich, zahlt nicht"}}'
    async with encrypted.services.db.write() as session:
        await Inbox(session).add_batch([Incoming(5, 111, payload)])
    assert "Vertraulich" not in raw_dump(encrypted.db_path)
    async with encrypted.services.db.read() as session:
        [row] = await Inbox(session).pending()
    assert row.payload == payload


async def test_export_gives_the_student_plain_text(encrypted: BotHarness) -> None:
    from bot.services import data_control

    await fill(encrypted)
    exported = await data_control.export(encrypted.services, 111)
    assert exported is not None
    content = exported.content.decode("utf-8")
    assert "Vertraulich, zahlt nicht" in content and "Zebra AG" in content
    assert "enc1:" not in content
