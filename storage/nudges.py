"""The nudge due table: insert once, select due rows by index, change state.

Several workers on one PostgreSQL database claim due rows with ``SELECT … FOR UPDATE SKIP
LOCKED`` (each sees only rows nobody else is claiming right now) and hold what they claimed
under a lease (``lease_owner``, ``lease_until``): a claim whose lease ran out belongs to a
worker that died and goes back to pending for whoever claims next. SQLite ignores the
locking clause (one process writes there).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.nudge_rules import NudgeKind, NudgeState, Plan
from storage.models import NudgeRow, UserRow
from storage.statements import affected

LEASE = timedelta(seconds=30)  # a live worker renews its claims well before this runs out


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
        row.state, row.reason, row.lease_until = state, reason[:64], None

    @staticmethod
    def sent(row: NudgeRow, at: datetime) -> None:
        """Telegram accepted the message (``lease_owner`` stays: who sent it)."""
        row.state, row.sent_at, row.lease_until = NudgeState.SENT, at, None

    @staticmethod
    def retry_at(row: NudgeRow, due: datetime, reason: str) -> None:
        """The send failed for now: pending again, due at ``due``, claimed by nobody."""
        row.state, row.due_at, row.reason = NudgeState.PENDING, due, reason[:64]
        row.lease_owner, row.lease_until = None, None

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

    async def due(self, now: datetime, limit: int, *, claim: bool = False) -> list[NudgeRow]:
        """Pending nudges due at ``now``, oldest first (uses ix_nudges_state_due). ``claim``
        locks them for this transaction and skips rows another worker is claiming."""
        query = (
            select(NudgeRow)
            .where(NudgeRow.state == NudgeState.PENDING, NudgeRow.due_at <= now)
            .order_by(NudgeRow.due_at, NudgeRow.id)
            .limit(limit)
        )
        if claim:
            query = query.with_for_update(skip_locked=True)
        return list(await self.s.scalars(query))

    async def claimable(self, now: datetime) -> bool:
        """Anything to claim: a due pending nudge or a claim whose lease ran out (two index
        lookups; the common empty tick takes no lock)."""
        due = select(NudgeRow.id).where(
            NudgeRow.state == NudgeState.PENDING, NudgeRow.due_at <= now
        )
        expired = select(NudgeRow.id).where(
            NudgeRow.state == NudgeState.SENDING, NudgeRow.lease_until < now
        )
        for query in (due, expired):
            if await self.s.scalar(query.limit(1)) is not None:
                return True
        return False

    def lease(self, row: NudgeRow, owner: str, now: datetime) -> None:
        """``owner`` holds the claimed ``row`` until ``now + LEASE``."""
        row.lease_owner, row.lease_until = owner, now + LEASE

    async def renew(self, owner: str, now: datetime) -> int:
        """Extend every claim ``owner`` still holds to ``now + LEASE`` (a live worker)."""
        return await affected(
            self.s,
            update(NudgeRow)
            .where(NudgeRow.state == NudgeState.SENDING, NudgeRow.lease_owner == owner)
            .values(lease_until=now + LEASE)
            .execution_options(synchronize_session=False),
        )

    async def take_over_expired(self, now: datetime) -> int:
        """Claims whose lease ran out (their worker died mid-send) go back to pending, to be
        claimed again at once; rows another worker is taking over right now are skipped."""
        expired = (
            select(NudgeRow.id)
            .where(NudgeRow.state == NudgeState.SENDING, NudgeRow.lease_until < now)
            .with_for_update(skip_locked=True)
        )
        return await affected(
            self.s,
            update(NudgeRow)
            .where(NudgeRow.id.in_(expired))
            .values(state=NudgeState.PENDING, lease_owner=None, lease_until=None)
            .execution_options(synchronize_session=False),
        )

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

    async def release_in_flight(self, owner: str | None = None, now: datetime | None = None) -> int:
        """At start, after a crash: claims not confirmed go back to pending (sent again).

        ``owner=None`` releases every claim (SQLite: this is the only process). With an
        ``owner``, only its own claims, those of a pre-lease version and expired ones: another
        worker's live claims are never touched.
        """
        statement = update(NudgeRow).where(NudgeRow.state == NudgeState.SENDING)
        if owner is not None:
            assert now is not None
            statement = statement.where(
                (NudgeRow.lease_owner == owner)
                | NudgeRow.lease_until.is_(None)
                | (NudgeRow.lease_until < now)
            )
        return await affected(
            self.s,
            statement.values(
                state=NudgeState.PENDING, lease_owner=None, lease_until=None
            ).execution_options(synchronize_session=False),
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
