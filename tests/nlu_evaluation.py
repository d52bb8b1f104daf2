"""NLU evaluation on the held-out file tests/nlu_holdout.yml (never trained on).

Evaluates the trained model (models/assistant.tar.gz) and, on the same data, two simple
baselines trained on the same training data: TF-IDF over character n-grams + logistic
regression for intents, and a gazetteer of the training annotations for entities. Writes
results/nlu_evaluation.json and results/nlu_evaluation.md, with every misclassified
intent and every entity error.

    .venv/bin/python -m tests.nlu_evaluation
    NLU_EVAL_MODEL=/tmp/m.tar.gz NLU_EVAL_HOLDOUT=/tmp/h.yml .venv/bin/python -m tests.nlu_evaluation

With NLU_EVAL_MODEL or NLU_EVAL_HOLDOUT set, nothing is written to results/.
"""
from __future__ import annotations

import asyncio
import json
import logging
import os
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HOLDOUT = Path(os.environ.get("NLU_EVAL_HOLDOUT", REPO / "tests" / "nlu_holdout.yml"))
TRAINING = REPO / "nlu_data"
MODEL = Path(os.environ.get("NLU_EVAL_MODEL", REPO / "models" / "assistant.tar.gz"))
RESULTS = REPO / "results"
NUMBER_ENTITIES = {"account_count", "pi_count", "money", "article"}
GOAL_INTENT_MACRO_F1 = 0.90   # issue 3
GOAL_ENTITY_F1 = 0.85


def load(path: Path):
    """NLU data (examples and synonyms) from a file or a folder that also holds rules."""
    from rasa.shared.importers.importer import TrainingDataImporter
    importer = TrainingDataImporter.load_from_dict(training_data_paths=[str(path)])
    return importer.get_nlu_data()


def spans(entities) -> set[tuple[str, int, int]]:
    return {(e["entity"], e["start"], e["end"]) for e in entities}


def f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    score = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, score


def intent_report(gold: list[str], predicted: list[str]) -> dict:
    labels = sorted(set(gold))
    report = {}
    for label in labels:
        tp = sum(g == p == label for g, p in zip(gold, predicted))
        fp = sum(p == label and g != label for g, p in zip(gold, predicted))
        fn = sum(g == label and p != label for g, p in zip(gold, predicted))
        precision, recall, score = f1(tp, fp, fn)
        report[label] = {"precision": precision, "recall": recall, "f1": score, "support": tp + fn}
    macro = sum(item["f1"] for item in report.values()) / len(report)
    accuracy = sum(g == p for g, p in zip(gold, predicted)) / len(gold)
    return {"per_intent": report, "macro_f1": macro, "accuracy": accuracy}


def entity_report(gold: list[set], predicted: list[set]) -> dict:
    per_type: dict[str, Counter] = {}
    for g, p in zip(gold, predicted):
        for entity in g | p:
            counter = per_type.setdefault(entity[0], Counter())
            if entity in g and entity in p:
                counter["tp"] += 1
            elif entity in p:
                counter["fp"] += 1
            else:
                counter["fn"] += 1
    report = {}
    totals = Counter()
    for name, counter in sorted(per_type.items()):
        precision, recall, score = f1(counter["tp"], counter["fp"], counter["fn"])
        report[name] = {"precision": precision, "recall": recall, "f1": score,
                        "support": counter["tp"] + counter["fn"]}
        totals.update(counter)
    precision, recall, score = f1(totals["tp"], totals["fp"], totals["fn"])
    return {"per_entity": report, "micro_precision": precision, "micro_recall": recall,
            "micro_f1": score}


async def _parse_all(texts: list[str]) -> list[dict]:
    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)
    agent = Agent.load(str(MODEL))
    return [await agent.parse_message(text) for text in texts]


def model_predictions(examples) -> tuple[list[str], list[set]]:
    parsed = asyncio.run(_parse_all([example.get("text") for example in examples]))
    intents = [result["intent"]["name"] for result in parsed]
    classified = [classifier_intent(result) for result in parsed]
    entities = [spans(result.get("entities", [])) for result in parsed]
    return intents, classified, entities


def classifier_intent(result: dict) -> str:
    """The classifier's own best intent, before the FallbackClassifier replaces a
    low-confidence prediction by nlu_fallback."""
    ranking = [item for item in result.get("intent_ranking", []) if item["name"] != "nlu_fallback"]
    return ranking[0]["name"] if ranking else result["intent"]["name"]


def baseline_intents(training, examples) -> list[str]:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    train = [m for m in training.intent_examples]
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), sublinear_tf=True)
    features = vectorizer.fit_transform([m.get("text") for m in train])
    classifier = LogisticRegression(max_iter=2000, C=10.0)
    classifier.fit(features, [m.get("intent") for m in train])
    return list(classifier.predict(vectorizer.transform([m.get("text") for m in examples])))


def baseline_entities(training, examples) -> list[set]:
    """Longest-match gazetteer of every annotated non-numeric surface form."""
    gazetteer: dict[str, str] = {}
    for message in training.entity_examples:
        for entity in message.get("entities", []):
            if entity["entity"] not in NUMBER_ENTITIES:
                gazetteer.setdefault(message.get("text")[entity["start"]:entity["end"]], entity["entity"])
    forms = sorted(gazetteer, key=len, reverse=True)
    results = []
    for message in examples:
        text = message.get("text")
        found, taken = set(), [False] * len(text)
        for form in forms:
            start = text.find(form)
            while start >= 0:
                end = start + len(form)
                if not any(taken[start:end]):
                    found.add((gazetteer[form], start, end))
                    taken[start:end] = [True] * (end - start)
                start = text.find(form, end)
        results.append(found)
    return results


def entity_errors(examples, gold: list[set], predicted: list[set]) -> list[dict]:
    """Per message with a difference: the gold entities missed and the predicted ones that
    are not gold, each as "type:surface"."""
    def named(entities, text):
        return [f"{name}:{text[start:end]}" for name, start, end in sorted(entities, key=lambda e: (e[1], e[0]))]
    return [{"text": m.get("text"), "missed": named(g - p, m.get("text")), "spurious": named(p - g, m.get("text"))}
            for m, g, p in zip(examples, gold, predicted) if g != p]


def evaluate() -> dict:
    training = load(TRAINING)
    holdout = load(HOLDOUT)
    examples = holdout.intent_examples
    gold_intents = [m.get("intent") for m in examples]
    gold_entities = [spans(m.get("entities", [])) for m in examples]
    model_intents, classified, model_entities = model_predictions(examples)
    fallback = sum(intent == "nlu_fallback" for intent in model_intents)
    result = {
        "examples": len(examples),
        "model": {"intents": intent_report(gold_intents, classified),
                  "intents_after_fallback": intent_report(gold_intents, model_intents),
                  "fallback_rate": fallback / len(examples),
                  "entities": entity_report(gold_entities, model_entities)},
        "baseline": {"intents": intent_report(gold_intents, baseline_intents(training, examples)),
                     "entities": entity_report(gold_entities, baseline_entities(training, examples))},
        "errors": [{"text": m.get("text"), "gold": g, "predicted": p}
                   for m, g, p in zip(examples, gold_intents, classified) if g != p],
        "entity_errors": entity_errors(examples, gold_entities, model_entities),
    }
    if {"NLU_EVAL_MODEL", "NLU_EVAL_HOLDOUT"} & set(os.environ):  # an alternative: don't overwrite
        return result
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "nlu_evaluation.json").write_text(json.dumps(result, ensure_ascii=False, indent=2))
    (RESULTS / "nlu_evaluation.md").write_text(markdown(result))
    return result


def goals_met(result: dict) -> bool:
    model = result["model"]
    return (min(model["intents"]["macro_f1"], model["intents_after_fallback"]["macro_f1"]) >= GOAL_INTENT_MACRO_F1
            and model["entities"]["micro_f1"] >= GOAL_ENTITY_F1)


def markdown(result: dict) -> str:
    model, baseline = result["model"], result["baseline"]
    held_out = HOLDOUT.relative_to(REPO) if HOLDOUT.is_relative_to(REPO) else HOLDOUT
    lines = [f"# NLU evaluation on {held_out}", "",
             f"{result['examples']} held-out examples, never trained on.", "",
             "| | model | baseline |", "|---|---|---|",
             f"| intent macro-F1 | {model['intents']['macro_f1']:.3f} | {baseline['intents']['macro_f1']:.3f} |",
             f"| intent accuracy | {model['intents']['accuracy']:.3f} | {baseline['intents']['accuracy']:.3f} |",
             f"| intent macro-F1 counting fallbacks as errors | {model['intents_after_fallback']['macro_f1']:.3f} | – |",
             f"| share sent to the clarifying question (nlu_fallback) | {model['fallback_rate']:.3f} | – |",
             f"| entity micro-F1 (exact span and type) | {model['entities']['micro_f1']:.3f} | {baseline['entities']['micro_f1']:.3f} |",
             "", f"Goals (issue 3): intent macro-F1 ≥ {GOAL_INTENT_MACRO_F1:.2f}, entity F1 ≥ {GOAL_ENTITY_F1:.2f}: "
             f"{'met' if goals_met(result) else 'NOT met'}.",
             "", "Baselines: TF-IDF character 1–3-grams + logistic regression (intents); "
             "longest-match gazetteer of the training annotations (entities).", "",
             "## Intents (model)", "", "| intent | precision | recall | F1 | support |", "|---|---|---|---|---|"]
    for name, item in model["intents"]["per_intent"].items():
        lines.append(f"| {name} | {item['precision']:.2f} | {item['recall']:.2f} | {item['f1']:.2f} | {item['support']} |")
    lines += ["", "## Entities (model)", "", "| entity | precision | recall | F1 | support |", "|---|---|---|---|---|"]
    for name, item in model["entities"]["per_entity"].items():
        lines.append(f"| {name} | {item['precision']:.2f} | {item['recall']:.2f} | {item['f1']:.2f} | {item['support']} |")
    lines += ["", "## Misclassified intents (model)", ""]
    lines += [f"- `{e['gold']}` → `{e['predicted']}`: {e['text']}" for e in result["errors"]]
    lines += ["", "## Entity errors (model)", "", "Missed: gold entities not predicted; spurious: predicted "
              "entities that are not gold (a wrong span or type counts as both).", ""]
    lines += [f"- {e['text']} — missed {', '.join(e['missed']) or '–'}; spurious {', '.join(e['spurious']) or '–'}"
              for e in result["entity_errors"]]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    outcome = evaluate()
    print(markdown(outcome).split("## Intents")[0])
