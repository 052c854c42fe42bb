"""Matchmaking events (对接活动): the event and its participants (``service``), who may see and do what in an
event (``access``), shortlists (``shortlists``), the meeting schedule (``schedule``, over the pure solver in
``app.domain.schedule_solver``) and the XLSX/PDF packs (``exports``).

May import: ``ranking``, ``items`` and the flat services, ``app.domain``, models, schemas, core, ``matching``.
"""
