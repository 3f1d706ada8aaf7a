"""The nudge due table: insert once, select due rows by index, change state."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.nudge_rules import NudgeKind, NudgeState, Plan
from storage.models import NudgeRow, UserRow
from storage.statements import affected


class Nudges:
    """The nudge table; every state change of a nudge goes through the methods below."""

    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    @staticmethod
    def claim(row: NudgeRow, payload: str | None = None) -> None:
        """pending → sending, one attempt more (``payload``: what this send says)."""
        row.state, row.attempts = NudgeState.SENDING, row.attempts + 1
        if payload is not None:
            row.payload = payload

    @staticmethod
    def settle(row: NudgeRow, state: NudgeState, reason: str) -> None:
        """End ``row`` without a send: skipped, cancelled, done (a check) or failed."""
        row.state, row.reason = state, reason[:64]

    @staticmethod
    def sent(row: NudgeRow, at: datetime) -> None:
        """Telegram accepted the message."""
        row.state, row.sent_at = NudgeState.SENT, at

    @staticmethod
    def retry_at(row: NudgeRow, due: datetime, reason: str) -> None:
        """The send failed for now: pending again, due at ``due``."""
        row.state, row.due_at, row.reason = NudgeState.PENDING, due, reason[:64]

    async def add(
        self,
        user_id: int,
        plan: Plan,
        now: datetime,
        payload: str | None = None,
        state: NudgeState = NudgeState.PENDING,
    ) -> bool:
        """Store a planned occurrence; an existing one with the same key wins (returns False)."""
        values = {
            "user_id": user_id,
            "kind": plan.kind,
            "subject": plan.subject,
            "occurrence": plan.occurrence,
            "due_at": plan.due_at,
            "window_end": plan.window_end,
            "state": state,
            "attempts": 0,
            "payload": payload,
            "created_at": now,
        }
        dialect = self.s.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        statement = insert(NudgeRow).values(**values).on_conflict_do_nothing()
        return bool(await affected(self.s, statement))

    async def get(self, nudge_id: int) -> NudgeRow | None:
        return await self.s.get(NudgeRow, nudge_id)

    async def due(self, now: datetime, limit: int) -> list[NudgeRow]:
        """Pending nudges due at ``now``, oldest first (uses ix_nudges_state_due)."""
        rows = await self.s.scalars(
            select(NudgeRow)
            .where(NudgeRow.state == NudgeState.PENDING, NudgeRow.due_at <= now)
            .order_by(NudgeRow.due_at, NudgeRow.id)
            .limit(limit)
        )
        return list(rows)

    async def next_due_at(self) -> datetime | None:
        """When the earliest pending nudge falls due."""
        return await self.s.scalar(
            select(func.min(NudgeRow.due_at)).where(NudgeRow.state == NudgeState.PENDING)
        )

    async def pending_for(self, user_id: int) -> list[NudgeRow]:
        rows = await self.s.scalars(
            select(NudgeRow)
            .where(NudgeRow.user_id == user_id, NudgeRow.state == NudgeState.PENDING)
            .order_by(NudgeRow.due_at)
        )
        return list(rows)

    async def drop_pending(self, user_id: int, kinds: Sequence[NudgeKind] | None = None) -> int:
        """Forget planned, never-sent nudges (settings changed, paused, blocked)."""
        statement = delete(NudgeRow).where(
            NudgeRow.user_id == user_id, NudgeRow.state == NudgeState.PENDING
        )
        if kinds is not None:
            statement = statement.where(NudgeRow.kind.in_(kinds))
        return await affected(self.s, statement)

    async def release_in_flight(self) -> int:
        """After a crash: nudges claimed but not confirmed go back to pending (sent again)."""
        return await affected(
            self.s,
            update(NudgeRow)
            .where(NudgeRow.state == NudgeState.SENDING)
            .values(state=NudgeState.PENDING),
        )

    async def asked_questions(self, user_id: int, subject: str) -> list[int]:
        """Question indices already sent for one client's fresh-eyes prompts, oldest first."""
        rows = await self.s.scalars(
            select(NudgeRow.payload)
            .where(
                NudgeRow.user_id == user_id,
                NudgeRow.subject == subject,
                NudgeRow.state.in_((NudgeState.SENT, NudgeState.SENDING)),
                NudgeRow.payload.is_not(None),
            )
            .order_by(NudgeRow.due_at, NudgeRow.id)
        )
        return [int(p) for p in rows if p and p.isdigit()]

    async def last_sent_by_subject(self, user_id: int, kind: NudgeKind) -> dict[str, datetime]:
        """When the latest sent (or sending) nudge of ``kind`` was due, per subject."""
        rows = await self.s.execute(
            select(NudgeRow.subject, func.max(NudgeRow.due_at))
            .where(
                NudgeRow.user_id == user_id,
                NudgeRow.kind == kind,
                NudgeRow.state.in_((NudgeState.SENT, NudgeState.SENDING)),
            )
            .group_by(NudgeRow.subject)
        )
        return {subject: due for subject, due in rows}

    async def users_without(self, kind: NudgeKind) -> list[UserRow]:
        """Active users with no pending nudge of ``kind`` (start-up repair)."""
        has_one = select(NudgeRow.user_id).where(
            NudgeRow.kind == kind, NudgeRow.state == NudgeState.PENDING
        )
        rows = await self.s.scalars(
            select(UserRow).where(
                UserRow.active.is_(True),
                UserRow.paused_until.is_(None),
                UserRow.id.not_in(has_one),
            )
        )
        return list(rows)
