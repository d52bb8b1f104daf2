"""Channels and serving: the REST channel with redaction, the website widget channel and
the Telegram bridge."""
