"""Pure rules of the service, with no database, no web and no use case: quantities and units (``units``), an
item's identity key (``identity``), the 匹配度 curve (``match_percent``), the meeting-schedule solver
(``schedule_solver``), spreadsheet safety for files we write (``spreadsheet_safety``) and the two list kinds
(``lists``).

May import: the standard library, numpy/scipy/openpyxl/opencc, and the engine ``matching``. Never SQLAlchemy,
FastAPI/Starlette, ``app.models``, ``app.services``, ``app.api``, ``app.web`` (the ``domain-pure`` contract in
pyproject.toml). Schemas, models and services may import it.
"""
