"""The statute and case knowledge base: reviewed YAML files in knowledge/ loaded into SQL.

- models.py   SQLAlchemy tables
- db.py       engine/session for LEGAL_DB_URL (SQLite file by default)
- sources.py  reading and validating the YAML source files
- build.py    `python -m actions.kb.build`: (re)build the database, idempotently
- refs.py     parsing article references typed by users (153条, 第一百五十三条, 个保法23条…)
- numerals.py Chinese numerals in article numbers
- index.py    in-memory search indexes built from the database (text and similarity)
- query.py    the queries the actions use
"""
