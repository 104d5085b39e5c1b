"""spbe-actions: keep an instansi's SPBE/Pemdi index work moving (schedules, tracking, reminders, reports).

The package is a pure core (catalogue, index, plan, calendar, recurrence, reminders) and a thin shell
(db, store, notify, render, cli). Only modules under ``flows/`` and explicit Prefect edges import Prefect.
"""

__version__ = "0.1.0"
