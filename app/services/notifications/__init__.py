"""Notifications: subscriptions, the inbox, e-mail, signed webhooks and group robots, delivered by a worker.

* ``outbox``: a notice and its deliveries are written in the transaction of the change that caused it.
* ``matching``: new or changed items found in the index change log are matched through the live index.
* ``worker``: claims due deliveries, sends them (``channels``), records attempts, retries and disables.
* ``ssrf``: every outbound request goes to a checked address, pinned at connect time.
"""
