"""Faster checking of the actions server's responses in the Rasa server.

Rasa 3.6 checks every response of the actions server with `jsonschema.validate`, which
first validates Rasa's (large) response schema itself against the JSON Schema meta-schema:
60–100 ms per custom action call on these 2-core machines, and a turn makes two to four
such calls. `install()` makes Rasa check responses against the same schema with validators
built once (the same errors are raised, as `jsonschema.validate` raises them).
bot/tracker_store.py installs it, so every Rasa server with our endpoints.yml has it.

Even built once, the schema is slow: every event is tried against the `oneOf` branches of
all 23 event types. Each branch fixes the event's type (`"event": {"const": …}`), so an
event is valid exactly when it is valid against its own type's branch: that is checked
first, and a response that fails it goes through the whole schema for the error.
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


@functools.lru_cache(maxsize=None)
def split_validators() -> tuple[Validator, dict[str, Validator]]:
    """The schema without the events' items, and one validator per event type (the items'
    common part plus that type's branch); empty if the schema has another shape."""
    schema = RemoteAction.action_response_format_spec()
    cls = validators.validator_for(schema)
    items = schema["properties"]["events"]["items"]
    common = {key: value for key, value in items.items() if key != "oneOf"}
    by_type: dict[str, Validator] = {}
    for branch in items["oneOf"]:
        event_type = branch.get("properties", {}).get("event", {}).get("const")
        if not isinstance(event_type, str) or event_type in by_type:
            return cls({}), {}
        by_type[event_type] = cls({**common, "allOf": [branch]})
    events = {**schema["properties"]["events"], "items": {}}
    outer = {**schema, "properties": {**schema["properties"], "events": events}}
    return cls(outer), by_type


def is_valid_response(result: Any) -> bool:
    """True only for responses the whole schema accepts (False may still be valid)."""
    outer, by_type = split_validators()
    if not by_type or not outer.is_valid(result):
        return False
    for event in result.get("events") or []:
        validator = by_type.get(event.get("event")) if isinstance(event, dict) else None
        if validator is None or not validator.is_valid(event):
            return False
    return True


def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    if is_valid_response(result):
        return True
    error = best_match(response_validator().iter_errors(result))
    if error is not None:
        error.message += ". Failed to validate Action server response from API (see Rasa's custom actions docs)"
        raise error
    return True


def install() -> None:
    RemoteAction._validate_action_result = validate_action_result
