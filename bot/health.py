"""Health endpoints of the Rasa server and the actions server.

Every process of the assistant answers two questions (the Telegram bridge too, see
bot/telegram_bridge/health.py):

    …/health         alive: the process serves HTTP (200 while it does)
    …/health/ready   ready: it can do its job; 503 with the reason when it can't

Rasa server (this module's `HealthInput` channel, registered in credentials.yml):
    GET /webhooks/health         {"status": "ok"}
    GET /webhooks/health/ready   the model is loaded and the tracker store answers; the
                                 actions server's reachability is reported but doesn't make
                                 Rasa unready (without it Rasa still answers, honestly, and
                                 keeps conversations): "degraded", HTTP 200.
Actions server (rasa_sdk, extended by `register_actions_server_extensions`):
    GET /health                  rasa_sdk's own: {"status": "ok"}
    GET /health/ready            the knowledge base is loaded and not empty
The extension also keeps the conversation out of error answers (and so out of Rasa's log).
"""
from __future__ import annotations

import asyncio
import logging
import os
import time
from typing import Any, Awaitable, Callable, Text

import aiohttp
import pluggy
from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, Sanic, response
from sanic.exceptions import SanicException
from sanic.request import Request

from . import conversations, logs

logger = logging.getLogger(__name__)
PROBE_SENDER = "#health-probe"  # no conversation has it: REST senders can't contain "#"
PROBE_TIMEOUT = 2.0


def actions_health_url() -> str:
    url = os.environ.get("ACTION_ENDPOINT_URL", "http://localhost:5055/webhook")
    return url.rsplit("/", 1)[0] + "/health"


async def actions_server_up() -> bool:
    """Whether the actions server is there: it answers its health check, or is too busy to
    answer within PROBE_TIMEOUT seconds; a refused connection or an error status is down."""
    try:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=PROBE_TIMEOUT)) as session:
            async with session.get(actions_health_url()) as reply:
                return reply.status == 200
    except asyncio.TimeoutError:
        return True
    except (aiohttp.ClientError, OSError):
        return False


async def tracker_store_answers(store: Any) -> bool:
    """Whether the tracker store can be read. Rasa wraps it in a FailSafeTrackerStore that
    hides errors, so the store inside is asked."""
    try:
        await conversations.unwrap(store).retrieve(PROBE_SENDER)
        return True
    except Exception as error:  # any driver's connection error
        logger.warning("tracker store not reachable: %s", type(error).__name__)
        return False


def _status(body: dict, ready: bool) -> response.HTTPResponse:
    return response.json(body, status=200 if ready else 503, headers={"Cache-Control": "no-store"})


class HealthInput(InputChannel):
    """The Rasa server's health endpoints; it handles no messages."""

    @classmethod
    def name(cls) -> Text:
        return "health"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        health = Blueprint("health_checks", __name__)

        @health.route("/", methods=["GET"])
        async def alive(request: Request):
            return _status({"status": "ok"}, True)

        @health.route("/ready", methods=["GET"])
        async def ready(request: Request):
            agent = request.app.ctx.agent
            model = bool(agent and agent.is_ready())
            tracker_store = bool(agent and agent.tracker_store) and \
                await tracker_store_answers(agent.tracker_store)
            actions = await actions_server_up()
            is_ready = model and tracker_store
            status = "unavailable" if not is_ready else "ok" if actions else "degraded"
            return _status({"status": status, "model": model, "tracker_store": tracker_store,
                            "actions_server": actions}, is_ready)

        return health


# -- actions server ---------------------------------------------------------------------

hookimpl = pluggy.HookimplMarker("rasa_sdk")


def knowledge_base_size() -> dict:
    from actions.kb import query
    kb = query.knowledge_base()
    return {"articles": len(kb.articles), "cases": len(kb.cases)}


class ActionsServerExtensions:
    """rasa_sdk plugin: readiness route, the sender's pseudonym and one line per action call
    in the log, and errors answered without the conversation."""

    @hookimpl
    def attach_sanic_app_extensions(self, app: Sanic) -> None:
        @app.get("/health/ready")
        async def ready(request: Request):
            try:
                size = await asyncio.get_running_loop().run_in_executor(None, knowledge_base_size)
            except Exception as error:  # missing file, wrong URL, broken schema…
                logger.warning("knowledge base not readable: %s", type(error).__name__)
                return _status({"status": "unavailable", "knowledge_base": False}, False)
            ok = size["articles"] > 0 and size["cases"] > 0
            return _status({"status": "ok" if ok else "unavailable", "knowledge_base": ok, **size}, ok)

        @app.exception(Exception)
        async def action_failed(request: Request, exception: Exception):
            # Replaces rasa_sdk's handler, which answers with the whole action call (the
            # conversation included), and Rasa logs that answer.
            if isinstance(exception, SanicException):
                return response.json({"error": str(exception)}, status=exception.status_code)
            logger.error("action call failed: %s", type(exception).__name__, exc_info=exception)
            return response.json({"error": f"{type(exception).__name__} in the actions server"}, status=500)

        @app.on_request
        async def tag_logs(request: Request):
            # Set on every request (keep-alive connections reuse one task).
            call = _action_call(request)
            sender = call.get("sender_id")
            logs.SENDER.set(logs.pseudonym(sender) if isinstance(sender, str) else None)
            request.ctx.action = call.get("next_action")
            request.ctx.started = time.monotonic()

        @app.on_response
        async def log_action_call(request: Request, reply):
            action = getattr(request.ctx, "action", None)
            if isinstance(action, str):
                logger.info("%s: HTTP %d in %.0f ms", action[:64], reply.status,
                            (time.monotonic() - request.ctx.started) * 1000)


def _action_call(request: Request) -> dict:
    """Rasa's call of an action (sender_id, next_action, tracker…), if it is readable."""
    if request.method != "POST" or request.path != "/webhook" or request.headers.get("Content-Encoding"):
        return {}
    try:
        body = request.json
    except Exception:  # malformed JSON: rasa_sdk answers it
        return {}
    return body if isinstance(body, dict) else {}


def register_actions_server_extensions() -> None:
    from rasa_sdk.plugin import plugin_manager
    plugin_manager().register(ActionsServerExtensions())
