"""open questions typed: users.pending_action -> users.question_kind + users.question_payload

Revision ID: 0012_open_questions
Revises: 0011_weekly_reminder_work_hours
Create Date: 2026-12-02

The open question was one string with a prefix per dialogue (``rename:7``, ``dl:title:3``,
``ask:pause:1764684000`` …). It becomes a kind and a JSON payload (bot/domain/questions.py), so a
student who was mid-question before the deploy is answered correctly after it. A value
nobody recognises keeps its text under the kind ``legacy``: the bot answers it kindly and
forgets it. The downgrade writes the old strings back (cut to the old 64 characters).

Self-contained on purpose: a migration must not change when the app's code changes.
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0012_open_questions"
down_revision = "0011_weekly_reminder_work_hours"
branch_labels = None
depends_on = None

LEGACY = "legacy"
SIGNATURE_ONLY = "\x1e"  # the old pending args of a bare /signatur
_DEADLINE_STEPS = {
    "client": ("deadline_client", "draft_id"),
    "title": ("deadline_title", "draft_id"),
    "date": ("deadline_date", "draft_id"),
    "reason": ("slip_reason", "deadline_id"),
    "estimate": ("slip_estimate", "deadline_id"),
}


def _payload(data: dict[str, object]) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def to_question(action: str) -> tuple[str, str]:
    """``"dl:title:3"`` -> ``("deadline_title", '{"draft_id": 3}')``; unknown -> legacy."""
    head, _, rest = action.partition(":")
    first, _, second = rest.partition(":")
    if head in {"rename", "idea"} and rest.isdigit():
        kind = "rename_client" if head == "rename" else "client_idea"
        return kind, _payload({"client_id": int(rest)})
    if head == "dl" and first in _DEADLINE_STEPS and second.isdigit():
        kind, field = _DEADLINE_STEPS[first]
        return kind, _payload({field: int(second)})
    if head == "contact" and first.isdigit() and second in {"person", "email"}:
        return "contact", _payload({"client_id": int(first), "step": second})
    if head == "sig":  # "\x1e" alone: a bare /signatur, no drafts follow
        only = rest == SIGNATURE_ONLY
        return "signature", _payload({"args": "" if only else rest, "then_drafts": not only})
    if head == "ask" and first and second.isdigit():
        return "command_argument", _payload({"asked_at": int(second), "command": first})
    if head == "av" and rest:
        return "availability", _payload({"step": rest})
    return LEGACY, action


def to_action(kind: str, payload: str) -> str:
    """The inverse of ``to_question`` (the downgrade)."""
    if kind == LEGACY:
        return payload[:64]
    try:
        data = json.loads(payload)
    except ValueError:
        return payload[:64]
    if not isinstance(data, dict):
        return payload[:64]
    if kind in {"rename_client", "client_idea"}:
        prefix = "rename" if kind == "rename_client" else "idea"
        return f"{prefix}:{data.get('client_id')}"
    for step, (name, field) in _DEADLINE_STEPS.items():
        if kind == name:
            return f"dl:{step}:{data.get(field)}"
    if kind == "contact":
        return f"contact:{data.get('client_id')}:{data.get('step')}"
    if kind == "signature":
        args = data.get("args", "") if data.get("then_drafts", True) else SIGNATURE_ONLY
        return f"sig:{args}"[:64]
    if kind == "command_argument":
        return f"ask:{data.get('command')}:{data.get('asked_at')}"
    if kind == "availability":
        return f"av:{data.get('step')}"
    return payload[:64]


# Plain ADD / DROP COLUMN (SQLite >= 3.35), as in 0005: a batch copy of users would drop the
# table and, with foreign keys on, cascade into clients, notes and deadlines.


def upgrade() -> None:
    op.add_column("users", sa.Column("question_kind", sa.String(32), nullable=True))
    op.add_column("users", sa.Column("question_payload", sa.String(255), nullable=True))
    bind = op.get_bind()
    rows = bind.execute(
        sa.text("SELECT id, pending_action FROM users WHERE pending_action IS NOT NULL")
    ).fetchall()
    for user_id, action in rows:
        kind, payload = to_question(action)
        bind.execute(
            sa.text("UPDATE users SET question_kind = :k, question_payload = :p WHERE id = :id"),
            {"k": kind, "p": payload, "id": user_id},
        )
    op.drop_column("users", "pending_action")


def downgrade() -> None:
    op.add_column("users", sa.Column("pending_action", sa.String(64), nullable=True))
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            "SELECT id, question_kind, question_payload FROM users WHERE question_kind IS NOT NULL"
        )
    ).fetchall()
    for user_id, kind, payload in rows:
        bind.execute(
            sa.text("UPDATE users SET pending_action = :a WHERE id = :id"),
            {"a": to_action(kind, payload or ""), "id": user_id},
        )
    op.drop_column("users", "question_payload")
    op.drop_column("users", "question_kind")
