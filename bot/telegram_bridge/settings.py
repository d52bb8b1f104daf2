"""Bridge settings, read from the environment.

    TELEGRAM_BOT_TOKEN        the bot's token from @BotFather (required)
    RASA_URL                  the Rasa server (default http://localhost:5005)
    RASA_TIMEOUT              seconds to wait for Rasa's answer (default 30)
    TELEGRAM_SENDER_SECRET    key for the per-chat sender ids (default: the bot token)
    TELEGRAM_WEBHOOK_URL      public HTTPS URL Telegram posts updates to; unset = long polling
    TELEGRAM_WEBHOOK_SECRET   secret Telegram sends in X-Telegram-Bot-Api-Secret-Token
                              (default: derived from the bot token)
    TELEGRAM_WEBHOOK_LISTEN   address the webhook server binds (default 127.0.0.1)
    TELEGRAM_WEBHOOK_PORT     its port (default 8443)
    TELEGRAM_HEALTH_LISTEN    address of the health server when polling (default 127.0.0.1)
    TELEGRAM_HEALTH_PORT      its port (default 8444); with a webhook, the health endpoints
                              are on the webhook server
    TELEGRAM_API_URL          Bot API base URL (default https://api.telegram.org/bot), for a
                              local Bot API server
    TELEGRAM_RATE_LIMIT       messages per chat per TELEGRAM_RATE_WINDOW seconds (8 per 30)
    RETENTION_DAYS            how long conversations are kept (for the privacy notice; 30)
"""
from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass
from typing import Mapping, Optional
from urllib.parse import urlsplit

DEFAULT_API_URL = "https://api.telegram.org/bot"
DEFAULT_FILE_URL = "https://api.telegram.org/file/bot"
DEFAULT_HEALTH_PORT = 8444


class SettingsError(ValueError):
    """A setting has an unusable value."""


@dataclass(frozen=True)
class Settings:
    token: str
    rasa_url: str = "http://localhost:5005"
    rasa_timeout: float = 30.0
    sender_secret: str = ""
    webhook_url: Optional[str] = None
    webhook_secret: str = ""
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    health_listen: str = "127.0.0.1"
    health_port: Optional[int] = None  # no health server when polling (from_env: 8444)
    api_url: str = DEFAULT_API_URL
    file_url: str = DEFAULT_FILE_URL
    rate_limit: int = 8
    rate_window: float = 30.0
    retention_days: float = 30.0

    def __post_init__(self):
        if not self.token:
            raise SettingsError("the bot token is empty")
        if not self.sender_secret:
            object.__setattr__(self, "sender_secret", self.token)
        if not self.webhook_secret:
            object.__setattr__(self, "webhook_secret", derived_webhook_secret(self.token))
        if not _valid_secret_token(self.webhook_secret):
            raise SettingsError("TELEGRAM_WEBHOOK_SECRET must be 1-256 characters A-Z, a-z, 0-9, _ or -")
        if self.webhook_url and urlsplit(self.webhook_url).scheme not in ("https", "http"):
            raise SettingsError("TELEGRAM_WEBHOOK_URL must be an https:// URL")
        if self.rate_limit < 1 or self.rate_window <= 0 or self.rasa_timeout <= 0:
            raise SettingsError("rate limit, rate window and Rasa timeout must be positive")

    @property
    def webhook_path(self) -> str:
        """The path the webhook server answers on: the path of the public URL."""
        return urlsplit(self.webhook_url or "").path or "/"

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> Optional["Settings"]:
        """The settings, or None when no bot token is configured."""
        token = env.get("TELEGRAM_BOT_TOKEN", "").strip()
        if not token:
            return None
        try:
            return cls(
                token=token,
                rasa_url=env.get("RASA_URL", "").strip() or cls.rasa_url,
                rasa_timeout=float(env.get("RASA_TIMEOUT") or cls.rasa_timeout),
                sender_secret=env.get("TELEGRAM_SENDER_SECRET", "").strip(),
                webhook_url=env.get("TELEGRAM_WEBHOOK_URL", "").strip() or None,
                webhook_secret=env.get("TELEGRAM_WEBHOOK_SECRET", "").strip(),
                webhook_listen=env.get("TELEGRAM_WEBHOOK_LISTEN", "").strip() or cls.webhook_listen,
                webhook_port=int(env.get("TELEGRAM_WEBHOOK_PORT") or cls.webhook_port),
                health_listen=env.get("TELEGRAM_HEALTH_LISTEN", "").strip() or cls.health_listen,
                health_port=int(env.get("TELEGRAM_HEALTH_PORT") or DEFAULT_HEALTH_PORT),
                api_url=env.get("TELEGRAM_API_URL", "").strip() or cls.api_url,
                file_url=env.get("TELEGRAM_API_FILE_URL", "").strip() or cls.file_url,
                rate_limit=int(env.get("TELEGRAM_RATE_LIMIT") or cls.rate_limit),
                rate_window=float(env.get("TELEGRAM_RATE_WINDOW") or cls.rate_window),
                retention_days=float(env.get("RETENTION_DAYS") or cls.retention_days),
            )
        except ValueError as error:  # includes SettingsError and bad numbers
            raise SettingsError(str(error)) from None


def derived_webhook_secret(token: str) -> str:
    """A webhook secret derived from the token, used when none is configured."""
    return hmac.new(token.encode(), b"telegram-webhook-secret", hashlib.sha256).hexdigest()


def _valid_secret_token(secret: str) -> bool:
    return 1 <= len(secret) <= 256 and all(c.isascii() and (c.isalnum() or c in "_-") for c in secret)
