"""The pure core: frameworks, index arithmetic, plans, calendars, recurrence, lifecycle, reminder policy, links.

Nothing here opens a connection, reads the clock or imports Prefect: time comes in as ``now``.
"""
