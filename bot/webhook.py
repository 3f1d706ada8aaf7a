"""Webhook mode: an aiohttp server in front of the Application (PTB's custom-webhook pattern).

``POST /telegram``: Telegram's ``secret_token`` header is checked first (wrong or missing ->
403, logged without the secret); the update goes into the Application's update queue, which
is the inbox (``bot.inbox.InboxQueue``): it is stored before Telegram gets its 200, so a
hard kill loses nothing. ``GET /healthz``: 200 while this worker's heartbeat is fresh, else 503.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import signal
from collections.abc import Awaitable, Callable

from aiohttp import web
from telegram import Update

from bot.config import Settings
from bot.services import health
from bot.services.context import Services
from handlers.common import BotApp

log = logging.getLogger("bot.webhook")

WEBHOOK_PATH = "/telegram"
HEALTH_PATH = "/healthz"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def web_app(
    app: BotApp,
    secret: str,
    is_healthy: Callable[[], Awaitable[bool]],
) -> web.Application:
    """The two routes; kept apart from the server so tests can drive them directly."""

    async def receive(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), secret.encode()):
            log.warning("webhook call refused (403): wrong or missing secret token")
            return web.Response(status=403)
        try:
            update = Update.de_json(await request.json(), app.bot)
        except Exception:  # not JSON, or not an update: Telegram never sends that
            log.warning("webhook call refused (400): not an update")
            return web.Response(status=400)
        if update is None:
            return web.Response(status=400)
        await app.update_queue.put(update)  # the inbox stores it before we answer 200
        return web.Response()

    async def healthz(_request: web.Request) -> web.Response:
        ok = await is_healthy()
        return web.Response(status=200 if ok else 503, text="ok" if ok else "unhealthy")

    server = web.Application()
    server.router.add_post(WEBHOOK_PATH, receive)
    server.router.add_get(HEALTH_PATH, healthz)
    return server


async def serve(app: BotApp, settings: Settings) -> None:
    """Register the webhook, run until SIGTERM/SIGINT, then shut down like run_polling."""
    assert settings.webhook_url is not None and settings.webhook_secret is not None
    secret = settings.webhook_secret.get_secret_value()
    svc: Services = app.bot_data["services"]

    async def is_healthy() -> bool:
        ok, _age = await health.check(svc.db, svc.clock(), settings.nudge_tick_seconds)
        return ok

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await app.initialize()
    if app.post_init is not None:
        await app.post_init(app)
    await app.start()
    runner = web.AppRunner(web_app(app, secret, is_healthy), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, settings.webhook_listen, settings.port).start()
    # Telegram learns the URL only once we listen on it.
    url = settings.webhook_url.rstrip("/") + WEBHOOK_PATH
    await app.bot.set_webhook(url, secret_token=secret, allowed_updates=Update.ALL_TYPES)
    log.info("webhook mode: listening on port %d", settings.port)
    try:
        await stop.wait()
    finally:
        await runner.cleanup()
        await app.stop()
        if app.post_stop is not None:
            await app.post_stop(app)
        await app.shutdown()
        if app.post_shutdown is not None:
            await app.post_shutdown(app)
