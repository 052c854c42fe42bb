"""Use cases: every read and write the API routes, the web pages and the command line make goes through here.
Services take a keyword-only ``db_session``, flush and never commit (the session dependency or ``cli_session``
does), and raise the project's own errors (``app.core.errors``).

Rooms: ``items/`` (demand and supply lists), ``ranking/`` (suggestions and everything that scores them),
``events/`` (matchmaking events and their exports), ``imports/`` (list uploads), ``notifications/``; and flat:
``access`` (who may see and write what), ``auth``, ``audit``, ``chains``, ``decisions``, ``demo``,
``enterprises``, ``health``, ``listing`` (paging shared by every list), ``reports``, ``substitution_report``,
``users``.

May import: ``app.core``, ``app.models``, ``app.schemas``, ``app.domain`` and the engine ``matching``; never
``app.api``, ``app.web`` or ``app.cli`` (the ``services-no-web`` contract).
"""
