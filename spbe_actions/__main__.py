from spbe_actions.cli import app

app()
