"""docker-compose.yml, .env.example and deploy/Caddyfile fit the bot (Docker is not run here).

Checked: the services and their order of start (db healthy -> migrate once -> workers),
every variable a worker gets is a setting in bot/config.py, every ``${VAR}`` is explained in
.env.example with no value for a secret, the health checks probe /healthz on the port the
worker listens on, and the load balancer sends /telegram round-robin to exactly the workers.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from bot.config import Settings
from bot.webhook import HEALTH_PATH, WEBHOOK_PATH

ROOT = Path(__file__).resolve().parents[2]
SECRETS = {"TELEGRAM_BOT_TOKEN", "WEBHOOK_SECRET", "POSTGRES_PASSWORD", "DATA_ENCRYPTION_KEY"}
VARIABLE = re.compile(r"\$\{(\w+)(?::?[-?][^}]*)?\}")


def compose() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def env_example() -> dict[str, str]:
    pairs = {}
    for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, value = line.partition("=")
            pairs[name.strip()] = value.strip()
    return pairs


def workers(services: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {name: s for name, s in services.items() if "webhook" in s.get("command", [])}


def settings_names() -> set[str]:
    return {name.upper() for name in Settings.model_fields}


def test_services_start_in_order_and_migrate_once() -> None:
    services = compose()["services"]
    assert set(services) == {"db", "migrate", "worker-1", "worker-2", "lb"}
    assert set(workers(services)) == {"worker-1", "worker-2"}
    assert services["migrate"]["command"] == ["python", "-m", "bot", "migrate"]
    assert services["migrate"]["restart"] == "no"
    assert services["migrate"]["depends_on"] == {"db": {"condition": "service_healthy"}}
    for worker in workers(services).values():
        assert worker["command"] == ["python", "-m", "bot", "webhook"]
        assert worker["depends_on"] == {"migrate": {"condition": "service_completed_successfully"}}
        assert "ports" not in worker  # reachable only through the load balancer
    ids = {w["environment"]["WORKER_ID"] for w in workers(services).values()}
    assert ids == {"worker-1", "worker-2"}


def test_every_variable_a_bot_process_gets_is_a_setting() -> None:
    services = compose()["services"]
    known = settings_names()
    for name in [*workers(services), "migrate"]:
        environment = services[name]["environment"]
        assert set(environment) <= known, set(environment) - known
    for worker in workers(services).values():
        env = worker["environment"]
        assert env["DATABASE_URL"].startswith("postgresql+asyncpg://")
        assert "@db:5432/" in env["DATABASE_URL"]
        assert {"TELEGRAM_BOT_TOKEN", "WEBHOOK_URL", "WEBHOOK_SECRET", "PORT"} <= set(env)
        assert env["WEBHOOK_URL"].startswith("https://")  # Telegram calls HTTPS only


def test_every_compose_variable_is_in_env_example_without_secrets() -> None:
    text = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    used = set(VARIABLE.findall(text))
    example = env_example()
    assert used <= set(example), used - set(example)
    for name in example:  # nothing unused, nothing unknown
        assert name in used or name in settings_names(), name
    assert {name: example[name] for name in SECRETS & set(example)} == dict.fromkeys(
        SECRETS & set(example), ""
    )
    assert ".env" in (ROOT / ".gitignore").read_text(encoding="utf-8").split()


def test_health_checks_probe_what_each_service_serves() -> None:
    services = compose()["services"]
    for worker in workers(services).values():
        port = worker["environment"]["PORT"]
        probe = " ".join(worker["healthcheck"]["test"])
        assert f"127.0.0.1:{port}{HEALTH_PATH}" in probe
        assert worker["healthcheck"]["start_period"]
    assert "pg_isready" in services["db"]["healthcheck"]["test"]
    assert services["lb"]["healthcheck"]["test"]
    assert services["migrate"]["healthcheck"] == {"disable": True}
    assert sorted(services["lb"]["ports"]) == ["443:443", "80:80"]


def test_the_load_balancer_sends_telegram_round_robin_to_healthy_workers() -> None:
    services = compose()["services"]
    caddyfile = (ROOT / "deploy" / "Caddyfile").read_text(encoding="utf-8")
    mount = next(v for v in services["lb"]["volumes"] if "Caddyfile" in v)
    assert mount.startswith("./deploy/Caddyfile:")
    proxy = re.search(r"reverse_proxy ([^{]+)\{", caddyfile)
    assert proxy is not None
    upstreams = proxy.group(1).split()
    expected = {f"{name}:{w['environment']['PORT']}" for name, w in workers(services).items()}
    assert set(upstreams) == expected
    assert "lb_policy round_robin" in caddyfile and f"health_uri {HEALTH_PATH}" in caddyfile
    assert f"handle {WEBHOOK_PATH} " in caddyfile  # the webhook path the bot registers
