"""Create every table of the production profile once, before its servers start, so that
several processes never race to create the same table in PostgreSQL:

- the knowledge base ($LEGAL_DB_URL): built from knowledge/ (actions.kb.build);
- the feedback table (actions/feedback.py), in the same database;
- the tracker store's tables: whatever store the endpoints file names, with its settings.

    python deploy/prepare_databases.py ENDPOINTS_FILE     (from the repository root)
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rasa.core.tracker_store import TrackerStore  # noqa: E402
from rasa.core.utils import AvailableEndpoints  # noqa: E402

from actions import feedback  # noqa: E402
from actions.kb import build  # noqa: E402
from actions.kb.db import get_engine  # noqa: E402


def main(endpoints_file: str) -> None:
    print(f"knowledge base: {build.build()}")
    feedback.Base.metadata.create_all(get_engine())
    print("feedback table: ready")
    store = TrackerStore.create(AvailableEndpoints.read_endpoints(endpoints_file).tracker_store)
    print(f"tracker store: {type(store).__name__} ready")


if __name__ == "__main__":
    main(sys.argv[1])
