"""Purge stored conversations older than a number of days (default: $RETENTION_DAYS or 30),
and every consultation report whose link has expired.

    python -m bot.retention [--days N]      (make purge)

Uses the tracker store configured in endpoints.yml, as the Rasa server does, and the report
store of actions/report/store.py ($REPORTS_DB).
"""
import argparse
import os
import sys

from rasa.core.tracker_store import TrackerStore
from rasa.core.utils import read_endpoints_from_path

from actions.report.store import ReportStore

from .conversations import purge_older_than

DEFAULT_DAYS = 30


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=float, default=float(os.environ.get("RETENTION_DAYS", DEFAULT_DAYS)))
    parser.add_argument("--endpoints", default="endpoints.yml")
    args = parser.parse_args(argv)
    if args.days <= 0:
        print("error: --days must be positive", file=sys.stderr)
        return 2
    endpoints = read_endpoints_from_path(args.endpoints)
    store = TrackerStore.create(endpoints.tracker_store)
    removed = purge_older_than(store, args.days)
    print(f"purged {removed} conversation(s) older than {args.days:g} days")
    print(f"purged {ReportStore().purge()} expired report(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
