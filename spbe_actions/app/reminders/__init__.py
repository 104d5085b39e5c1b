"""Reminders: ``sweep`` decides and queues, ``dispatch`` sends and records."""
