"""nlu_components/tfidf_intent_classifier.py: training, prediction, storage."""
import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu_components import TfidfIntentClassifier

EXAMPLES = {
    "greet": ["你好", "您好", "在吗", "哈喽", "嗨，在不在"],
    "thank": ["谢谢", "多谢", "感谢你", "谢谢啦", "太感谢了"],
    "ask_lawyer": ["我要找律师", "转人工律师", "有没有真人律师", "律师怎么联系", "帮我约个律师"],
}


def training_data(examples=EXAMPLES):
    return TrainingData([Message(data={"text": text, "intent": intent})
                         for intent, texts in examples.items() for text in texts])


def fresh(tmp_path, **config):
    storage = LocalModelStorage(tmp_path)
    context = ExecutionContext(GraphSchema({}), node_name="tfidf")
    return TfidfIntentClassifier.create({**TfidfIntentClassifier.get_default_config(), **config},
                                        storage, Resource("tfidf"), context), storage, context


def parse(component, *texts):
    messages = [Message(data={"text": text}) for text in texts]
    component.process(messages)
    return messages


def test_predicts_intent_and_a_sorted_ranking_of_probabilities(tmp_path):
    component, _, _ = fresh(tmp_path)
    component.train(training_data())
    greet, lawyer = parse(component, "你好呀", "想找个律师")
    assert greet.get("intent")["name"] == "greet"
    assert lawyer.get("intent")["name"] == "ask_lawyer"
    ranking = lawyer.get("intent_ranking")
    assert [item["name"] for item in ranking][0] == "ask_lawyer"
    assert sorted(set(item["name"] for item in ranking)) == sorted(EXAMPLES)
    confidences = [item["confidence"] for item in ranking]
    assert confidences == sorted(confidences, reverse=True)
    assert sum(confidences) == pytest.approx(1.0)
    assert lawyer.get("intent")["confidence"] == confidences[0]


def test_ranking_is_cut_to_the_configured_length(tmp_path):
    component, _, _ = fresh(tmp_path, ranking_length=2)
    component.train(training_data())
    assert len(parse(component, "谢谢你")[0].get("intent_ranking")) == 2


def test_stored_model_predicts_exactly_as_the_trained_one(tmp_path):
    component, storage, context = fresh(tmp_path)
    resource = component.train(training_data())
    loaded = TfidfIntentClassifier.load(component.config, storage, resource, context)
    texts = ["你好", "谢谢律师", "人工", "完全没见过的话"]
    assert loaded.intents == component.intents
    np.testing.assert_allclose(loaded.probabilities(texts), component.probabilities(texts))


def test_untrained_component_leaves_messages_alone(tmp_path):
    component, _, _ = fresh(tmp_path)
    assert parse(component, "你好")[0].get("intent") is None


def test_one_intent_is_not_enough_to_train(tmp_path):
    component, _, _ = fresh(tmp_path)
    with pytest.raises(ValueError, match="at least two intents"):
        component.train(training_data({"greet": EXAMPLES["greet"]}))
