"""Prefect flows: thin orchestration, each step a call into spbe_actions."""
