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
