"""The Rasa server's check of actions-server responses with a validator built once
(bot/action_validation.py): same verdicts and errors as Rasa's own check."""
import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction

from bot import action_validation

VALID = {"events": [{"event": "slot", "name": "price", "value": 500000, "timestamp": None},
                    {"event": "active_loop", "name": "interview_form"}],
         "responses": [{"text": "约定的总价是多少钱？", "buttons": [{"title": "不清楚", "payload": "/dont_know"}]}]}
INVALID = [{"events": [{"event": "slot", "value": 1}]},  # a slot event without its name
           {"events": "not a list"},
           {"responses": [["not", "an", "object"]]}]


def test_the_installed_check_is_used_by_rasa():
    action_validation.install()
    assert RemoteAction._validate_action_result is action_validation.validate_action_result


def test_valid_responses_pass():
    assert action_validation.validate_action_result(None, VALID)
    jsonschema.validate(VALID, RemoteAction.action_response_format_spec())


@pytest.mark.parametrize("response", INVALID)
def test_invalid_responses_raise_what_jsonschema_raises(response):
    with pytest.raises(jsonschema.ValidationError) as expected:
        jsonschema.validate(response, RemoteAction.action_response_format_spec())
    with pytest.raises(jsonschema.ValidationError) as raised:
        action_validation.validate_action_result(None, response)
    assert raised.value.message.startswith(expected.value.message)
    assert list(raised.value.path) == list(expected.value.path)


EVENTS = [
    {"event": "slot", "name": "price", "value": 500000},
    {"event": "slot", "value": 1},                                   # no name
    {"event": "slot", "name": 3, "value": 1},                        # name not a string
    {"event": "bot", "text": "您好", "data": {"buttons": []}},
    {"event": "bot", "text": 5},
    {"event": "user", "text": "你好", "parse_data": {"intent": {"name": "greet", "confidence": 0.9}}},
    {"event": "user", "text": "你好", "parse_data": {"intent": {"name": 1}}},
    {"event": "active_loop", "name": "interview_form"},
    {"event": "active_loop", "name": None},
    {"event": "action", "name": "action_listen", "policy": None, "confidence": None},
    {"event": "followup", "name": "action_report"},
    {"event": "restart"}, {"event": "session_started"}, {"event": "reset_slots"},
    {"event": "reminder", "intent": "x", "date_time": "2026-01-01T00:00:00"},
    {"event": "no_such_event"}, {"event": 7}, {"name": "price"}, "not an object", None,
    {"event": "slot", "name": "price", "value": 1, "timestamp": "yesterday"},
]


def test_every_event_type_has_its_own_validator():
    _, by_type = action_validation.split_validators()
    assert {"slot", "bot", "user", "active_loop", "action", "followup", "restart"} <= set(by_type)
    assert len(by_type) == len(RemoteAction.action_response_format_spec()["properties"]["events"]["items"]["oneOf"])


@pytest.mark.parametrize("event", EVENTS)
def test_the_shortcut_agrees_with_the_whole_schema(event):
    response = {"events": [event], "responses": []}
    whole = action_validation.response_validator().is_valid(response)
    assert action_validation.is_valid_response(response) == whole
    if not whole:
        with pytest.raises(jsonschema.ValidationError):
            action_validation.validate_action_result(None, response)


def test_the_sample_holds_valid_and_invalid_events():
    verdicts = [action_validation.response_validator().is_valid({"events": [event]}) for event in EVENTS]
    assert sum(verdicts) >= 8 and verdicts.count(False) >= 8
