"""The outside world: settings, apprise and SMTP, rendering, the Prefect environment and automations, charts."""
