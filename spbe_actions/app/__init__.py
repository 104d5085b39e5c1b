"""Use cases: one module per thing people do, combining the pure core with the store and the adapters."""
