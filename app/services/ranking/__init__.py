"""Ranking: suggestions (推荐供应商) and opportunities (``suggestions``), the business factors added to the
engine's score (``business_factors``), the readable reasons (``reasons``), the weights in force (``weights``) and
how they are learned from decisions (``learning``), stored batches (``batch``, ``spark_batch``), the live
matching index that follows every write (``matching_index``) and 国产替代 equivalences (``substitution``).

May import: ``items`` and the flat services, ``app.domain``, models, schemas, core, ``matching``. Not
``events``, ``imports`` or ``notifications``.
"""
