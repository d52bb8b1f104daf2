"""Risk engine for internet-account sales: a pure function from facts to an assessment."""
from .engine import assess
from .facts import Facts, FactsError, validate_facts

__all__ = ["assess", "validate_facts", "FactsError", "Facts"]
