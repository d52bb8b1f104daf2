"""Polite Chinese JSON instead of Sanic's English error pages for requests to an address
the Rasa server does not have (404) or with a method it does not accept there (405).

Sanic scopes a blueprint's exception handlers to the blueprint's own routes, and an unknown
address has no route, so the handlers are added to the whole app when the server starts.
"""
from __future__ import annotations

from typing import Any

from sanic import Blueprint, response
from sanic.exceptions import MethodNotSupported, NotFound

NOT_FOUND = "没有这个地址。发消息请用 POST /webhooks/rest/webhook，健康检查用 GET /webhooks/health。"
METHOD_NOT_ALLOWED = "这个地址不支持这种请求方式，请查看接口说明（README）。"


async def not_found(request: Any, exception: Exception) -> response.HTTPResponse:
    return response.json({"error": "not_found", "message": NOT_FOUND}, status=404)


async def method_not_allowed(request: Any, exception: Exception) -> response.HTTPResponse:
    headers = getattr(exception, "headers", None) or {}   # keeps Sanic's Allow header
    return response.json({"error": "method_not_allowed", "message": METHOD_NOT_ALLOWED},
                         status=405, headers=headers)


def register(blueprint: Blueprint) -> None:
    """Install the handlers app-wide once the app that holds `blueprint` starts."""

    @blueprint.listener("before_server_start")
    async def install(app: Any, _loop: Any) -> None:
        app.error_handler.add(NotFound, not_found)
        app.error_handler.add(MethodNotSupported, method_not_allowed)
