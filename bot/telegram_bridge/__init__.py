"""Telegram bridge: forwards Telegram chats to the assistant's Rasa REST channel.

    python -m bot.telegram_bridge        (started by `make run` when TELEGRAM_BOT_TOKEN is set)

Modules: settings (environment), app (build and run: polling or webhook), handlers
(commands, messages, buttons), render (HTML escaping, headings, splitting), keyboards
(inline keyboards and callback data), addressing (group mention rules), rate_limit,
rasa_client, sender_id, webhook (the webhook receiver), health (health endpoints), texts
(what the bridge says).
"""
