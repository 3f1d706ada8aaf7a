"""Shared test helpers (the Telegram double, bot harnesses, database views); never tests."""
