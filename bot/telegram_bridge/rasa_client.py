"""Client of the assistant's Rasa REST channel (bot/channels.py)."""
from __future__ import annotations

import asyncio
from typing import Any, Optional

import aiohttp

from bot import logs


class RasaError(Exception):
    """Rasa could not be reached, was too slow or answered with an error."""


class RasaClient:
    def __init__(self, base_url: str, timeout: float = 30.0):
        self.base_url = base_url.rstrip("/")
        self.timeout = aiohttp.ClientTimeout(total=timeout)
        self._session: Optional[aiohttp.ClientSession] = None

    def _client(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=self.timeout)
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def _post(self, path: str, body: dict) -> Any:
        url = f"{self.base_url}/webhooks/rest/{path}"
        try:
            request_id = logs.REQUEST.get()
            headers = {"X-Request-ID": request_id} if request_id else None
            async with self._client().post(url, json=body, headers=headers) as reply:
                if reply.status != 200:
                    raise RasaError(f"POST {path} answered HTTP {reply.status}")
                return await reply.json(content_type=None)
        except asyncio.TimeoutError:
            raise RasaError(f"POST {path} timed out after {self.timeout.total:g}s") from None
        except (aiohttp.ClientError, OSError, ValueError) as error:
            raise RasaError(f"POST {path} failed: {type(error).__name__}: {error}") from None

    async def alive(self, timeout: float = 2.0) -> bool:
        """Whether the Rasa server answers its health check (bot/health.py)."""
        try:
            async with self._client().get(f"{self.base_url}/webhooks/health",
                                          timeout=aiohttp.ClientTimeout(total=timeout)) as reply:
                return reply.status == 200
        except (aiohttp.ClientError, OSError, asyncio.TimeoutError):
            return False

    async def say(self, sender: str, message: str) -> list[dict]:
        """The bot's messages in answer to one user message."""
        replies = await self._post("webhook", {"sender": sender, "message": message})
        if not isinstance(replies, list):
            raise RasaError("webhook answered something other than a list of messages")
        return [reply for reply in replies if isinstance(reply, dict)]

    async def delete(self, sender: str) -> int:
        """Delete the sender's stored conversation; returns how many events were removed."""
        answer = await self._post("delete", {"sender": sender})
        if not isinstance(answer, dict) or not isinstance(answer.get("deleted"), int):
            raise RasaError("delete answered something unexpected")
        return answer["deleted"]

    async def report(self, token: str) -> bytes:
        """The PDF consultation report behind a download token (bot/reports.py)."""
        url = f"{self.base_url}/webhooks/reports/{token}"
        try:
            async with self._client().get(url) as reply:
                if reply.status != 200 or reply.content_type != "application/pdf":
                    raise RasaError(f"GET report answered HTTP {reply.status} ({reply.content_type})")
                return await reply.read()
        except asyncio.TimeoutError:
            raise RasaError(f"GET report timed out after {self.timeout.total:g}s") from None
        except (aiohttp.ClientError, OSError) as error:
            raise RasaError(f"GET report failed: {type(error).__name__}: {error}") from None
