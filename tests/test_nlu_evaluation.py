"""The trained model on the held-out set must reach intent macro-F1 >= 0.90 and entity
F1 >= 0.85; the numbers (and the baselines') are written to results/nlu_evaluation.*."""
import pytest

from tests import nlu_evaluation


@pytest.fixture(scope="module")
def result():
    assert nlu_evaluation.MODEL.exists(), "no trained model: run `make train` (make test does)"
    return nlu_evaluation.evaluate()


def test_intent_macro_f1(result):
    assert result["model"]["intents"]["macro_f1"] >= 0.90, nlu_evaluation.markdown(result)


def test_entity_f1(result):
    assert result["model"]["entities"]["micro_f1"] >= 0.85, nlu_evaluation.markdown(result)


def test_every_intent_is_evaluated(result):
    assert len(result["model"]["intents"]["per_intent"]) >= 21
    assert all(item["support"] >= 10 for item in result["model"]["intents"]["per_intent"].values())


def test_results_file_reports_model_and_baseline(result):
    text = (nlu_evaluation.RESULTS / "nlu_evaluation.md").read_text()
    assert "model (DIET)" in text and "baseline" in text
    assert f"{result['model']['intents']['macro_f1']:.3f}" in text
