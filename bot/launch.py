"""Start the Rasa server or the actions server with the project's JSON logs (bot/logs.py):

    python -m bot.launch run --enable-api --model … --credentials …   # as `rasa run …`
    python -m bot.launch run actions --actions actions --port 5055    # as `rasa run actions …`

The arguments are `rasa`'s. What differs from the `rasa` command:

- Logging is bot/logging.yml from the first line on; print() output and warnings become
  log lines too. Rasa installs coloredlogs on the root logger after reading any logging
  configuration (rasa.utils.io.configure_colored_logging, and rasa_sdk's own for the
  actions server), which replaces every handler on stderr, and Sanic applies its default
  logging configuration whenever an app is created (Rasa's HTTP API is one): the first is
  skipped, the second made ours.
- Requests that can't even be read get a short Chinese explanation with their 4xx status.
  A request line with bytes that aren't UTF-8 gets 400: Sanic 21.12 fails to re-encode
  such a URL and drops the connection, with a traceback in the log.
- On SIGTERM, requests in progress get SANIC_GRACEFUL_SHUTDOWN_TIMEOUT seconds (default
  here 8; Sanic's own is 15) to finish, and once the server has stopped the process exits
  at once (status 0) rather than spend seconds freeing the model: it is gone within 10 s.
- The actions server also answers GET /health/ready (bot/health.py).
"""
from __future__ import annotations

import logging
import os
import sys
from typing import Optional, Sequence
from urllib.parse import quote

GRACEFUL_SHUTDOWN_SECONDS = "8"
BAD_URL = "请求地址含有无效字符（不是 UTF-8 编码）。"
TOO_LARGE = "请求太大了：地址或请求头过长。"
BAD_HTTP = "请求格式不正确，无法读取。"


def process_name(argv: Sequence[str]) -> str:
    return "actions" if list(argv[:2]) == ["run", "actions"] else "rasa"


def _keep_json_logging(*_args, **_kwargs) -> None:
    """Stands in for Rasa's coloredlogs set-up."""


def _sanic_logs_like_us(config: dict) -> None:
    from sanic.log import LOGGING_CONFIG_DEFAULTS
    LOGGING_CONFIG_DEFAULTS.clear()
    LOGGING_CONFIG_DEFAULTS.update(config)


def _explain_unreadable_requests() -> None:
    from sanic.exceptions import InvalidUsage, PayloadTooLarge
    from sanic.http import Http

    respond = Http.error_response

    async def error_response(self, exception: Exception) -> None:
        if self.request is None:  # the request could not even be read
            if isinstance(exception, UnicodeEncodeError):
                # Sanic's own error path would fail on the same URL again: give it a usable one.
                self.url = quote(self.url.encode("utf-8", "surrogateescape"), safe="/?&=")
                exception = InvalidUsage(BAD_URL)
            elif isinstance(exception, PayloadTooLarge):
                exception = PayloadTooLarge(TOO_LARGE)
            elif isinstance(exception, InvalidUsage):
                exception = InvalidUsage(BAD_HTTP)
        await respond(self, exception)

    Http.error_response = error_response


def main(argv: Optional[Sequence[str]] = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    name = process_name(argv)
    os.environ.setdefault("SANIC_GRACEFUL_SHUTDOWN_TIMEOUT", GRACEFUL_SHUTDOWN_SECONDS)
    from bot import logs
    config = logs.configure(name, capture_stdout=True)

    import rasa.utils.io
    import rasa_sdk.utils
    from rasa.__main__ import main as rasa_main

    rasa.utils.io.configure_colored_logging = _keep_json_logging
    rasa_sdk.utils.configure_colored_logging = _keep_json_logging
    _sanic_logs_like_us(config)
    _explain_unreadable_requests()
    if name == "actions":
        from bot.health import register_actions_server_extensions
        register_actions_server_extensions()
    sys.argv = ["rasa", *argv]
    rasa_main()
    # The server has stopped: every conversation is committed, every request answered.
    # Python's own teardown would now free the model object by object, for seconds.
    logging.getLogger("bot.launch").info("%s server stopped", name)
    sys.stdout.flush()
    logging.shutdown()
    os._exit(0)


if __name__ == "__main__":
    main()
