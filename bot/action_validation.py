"""Faster checking of the actions server's responses in the Rasa server.

Rasa 3.6 checks every response of the actions server with `jsonschema.validate`, which
first validates Rasa's (large) response schema itself against the JSON Schema meta-schema:
60–100 ms per custom action call on these 2-core machines, and a turn makes two to four
such calls. `install()` makes Rasa check responses against the same schema with one
validator built once (the same errors are raised, as `jsonschema.validate` raises them).
bot/tracker_store.py installs it, so every Rasa server with our endpoints.yml has it.
"""
from __future__ import annotations

import functools
from typing import Any

from jsonschema import Validator, validators
from jsonschema.exceptions import best_match
from rasa.core.actions.action import RemoteAction


@functools.lru_cache(maxsize=None)
def response_validator() -> Validator:
    schema = RemoteAction.action_response_format_spec()
    cls = validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    error = best_match(response_validator().iter_errors(result))
    if error is not None:
        error.message += ". Failed to validate Action server response from API (see Rasa's custom actions docs)"
        raise error
    return True


def install() -> None:
    RemoteAction._validate_action_result = validate_action_result
