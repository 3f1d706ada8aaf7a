"""Composition root: build the PTB Application with storage, services and handlers."""

from __future__ import annotations

import logging

from telegram import BotCommand
from telegram.constants import ParseMode
from telegram.ext import (
    ApplicationBuilder,
    ContextTypes,
    Defaults,
)
from telegram.request import BaseRequest

import handlers
from bot.clock import Clock, system_clock
from bot.config import Settings
from bot.inbox import ChatOrderedProcessor, InboxQueue, requeue_leftovers, share_inbox
from bot.send_budget import SendBudget
from bot.services import backups
from bot.services import inbox as inbox_service
from bot.services import nudges as nudge_service
from bot.services.context import Services
from handlers import nudges as nudge_handlers
from handlers.common import BotApp
from messages_de.chat import COMMANDS
from storage.chat_locks import ChatLocks
from storage.database import Database
from storage.migrate import upgrade_to_head
from storage.rekey import check_keys
from storage.send_slots import SharedSendSlots

log = logging.getLogger("bot")


async def _post_init(app: BotApp) -> None:
    svc: Services = app.bot_data["services"]
    if (port := app.bot_data.get("metrics_port")) is not None:
        app.bot_data["metrics_server"] = svc.metrics.serve(port, app.bot_data["metrics_address"])
        log.info("metrics on port %d", port)
    await upgrade_to_head(svc.db, app.bot_data.get("backup_dir"))
    await check_keys(svc.db)  # a missing key stops the start, not every later update
    released, repaired = await nudge_service.recover(svc)
    if app.bot_data.get("chat_claims") is None:
        leftovers = await requeue_leftovers(app)
    else:  # shared inbox: the sweep takes up what any worker left, once it waited a moment
        leftovers = await inbox_service.depth(svc)
        await inbox_service.purge(svc)
    await app.bot.set_my_commands([BotCommand(name, text) for name, text in COMMANDS])
    log.info(
        "database at head, commands set; %d in-flight nudges released, %d plans repaired, "
        "%d stored updates to finish",
        released,
        repaired,
        leftovers,
    )


async def _daily_backup(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Hourly look: one online backup a day into BACKUP_DIR (SQLite only)."""
    svc: Services = context.application.bot_data["services"]
    directory = context.application.bot_data.get("backup_dir")
    if directory is None:
        return
    try:
        await backups.backup_if_due(svc.db, directory, svc.clock())
    except Exception:
        log.exception("daily backup failed")


async def _post_shutdown(app: BotApp) -> None:
    svc: Services = app.bot_data["services"]
    if (server := app.bot_data.pop("metrics_server", None)) is not None:
        server.shutdown()
    if (claims := app.bot_data.get("chat_claims")) is not None:
        await claims.close()  # PostgreSQL lets go of any chat still claimed
    await svc.db.dispose()


def build_application(
    settings: Settings,
    *,
    request: BaseRequest | None = None,
    clock: Clock = system_clock,
    rate_limit: bool = True,
) -> BotApp:
    """The bot, ready for ``run_polling`` or for feeding updates by hand."""
    token = settings.telegram_bot_token.get_secret_value() if settings.telegram_bot_token else ""
    db = Database(
        settings.database_url,
        settings.keyring(),
        inline_writer=settings.sqlite_writer == "inline",
    )
    svc = Services(
        db=db,
        clock=clock,
        default_timezone=settings.default_timezone,
        worker_id=settings.worker_id,
    )
    # Every update is stored in the inbox before Telegram is told it arrived (InboxQueue);
    # chats run concurrently, each chat in arrival order (ChatOrderedProcessor).
    queue = InboxQueue(svc)
    # One place owns Telegram's budget and RetryAfter; answers first, the fan-out fills the
    # rest. Without ``rate_limit`` (tests) nothing is paced but RetryAfter is still honoured.
    budget = SendBudget(
        settings.telegram_max_rate if rate_limit else None,
        bulk_rate=settings.nudge_send_rate if rate_limit else None,
        # several workers on one PostgreSQL database share one budget
        shared=None if db.is_sqlite else SharedSendSlots(db),
        on_retry_after=svc.metrics.retry_after.inc,  # every 429 counted for the metrics
    )
    processor = ChatOrderedProcessor(svc, queue, settings.update_workers)
    builder = (
        ApplicationBuilder()
        .rate_limiter(budget)
        .token(token or "0:offline")
        .base_url(settings.telegram_base_url)
        .base_file_url(settings.telegram_base_file_url)
        .defaults(Defaults(parse_mode=ParseMode.HTML))
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
        .update_queue(queue)
        .concurrent_updates(processor)
    )
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    app = builder.build()
    app.bot_data["services"] = svc
    app.bot_data["backup_dir"] = settings.backup_path()
    app.bot_data["metrics_port"] = settings.metrics_port
    app.bot_data["metrics_address"] = settings.metrics_address
    if not db.is_sqlite:
        # Several workers may share this database: a chat's updates are handled, oldest
        # first, by whichever worker holds the chat's claim (bot/chat_drain.py).
        claims = ChatLocks(settings.database_url, settings.worker_id)
        app.bot_data["chat_claims"] = claims
        share_inbox(app, processor, claims)
    handlers.register(app)
    if app.job_queue is not None and settings.backup_path() is not None:
        app.job_queue.run_repeating(
            _daily_backup, interval=backups.CHECK_SECONDS, first=60, name="daily-backup"
        )
    nudge_handlers.schedule(app, settings.nudge_tick_seconds)
    return app
