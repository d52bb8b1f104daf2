"""Custom Rasa graph components used in config.yml."""
from .tfidf_intent_classifier import TfidfIntentClassifier

__all__ = ["TfidfIntentClassifier"]
