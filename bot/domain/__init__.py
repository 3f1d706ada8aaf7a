"""The pure domain: structures and rules, no Telegram, database or German wording."""
