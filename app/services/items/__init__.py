"""The demand list (需求清单) and supply list (供给清单): create, update, list and look up items
(``demand_items``, ``supply_items``, their shared rules in ``common``), name lookups used by the import
(``lookups``), and SMEs' meeting requests on demand items (``interests``).

May import: the flat services (``access``, ``auth``, ``chains``, ``listing``), ``app.domain``, models, schemas,
core, ``matching``. Not ``ranking``, ``events``, ``imports`` or ``notifications``, which build on items.
"""
