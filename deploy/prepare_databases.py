"""Create every table of the production profile once, before its servers start, so that
several processes never race to create the same table in PostgreSQL:

- the knowledge base ($LEGAL_DB_URL): built from knowledge/ (actions.kb.build);
- the feedback table (actions/feedback.py), in the same database;
- the tracker store's tables: whatever store the endpoints file names, with its settings.

    python -m deploy.prepare_databases ENDPOINTS_FILE     (from the repository root)
"""
import sys

from rasa.core.tracker_store import TrackerStore
from rasa.core.utils import AvailableEndpoints

from actions import feedback
from actions.kb import build
from actions.kb.db import get_engine


def main(endpoints_file: str) -> None:
    print(f"knowledge base: {build.build()}")
    feedback.Base.metadata.create_all(get_engine())
    print("feedback table: ready")
    store = TrackerStore.create(AvailableEndpoints.read_endpoints(endpoints_file).tracker_store)
    print(f"tracker store: {type(store).__name__} ready")


if __name__ == "__main__":
    main(sys.argv[1])
