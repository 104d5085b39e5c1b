"""The web pages: the focal point's signed-link pages and the coordinator's pages (FastAPI, server-rendered)."""
