"""CLI commands for bill runs and bills (registered once billdesk.runs exists)."""


def register(sub) -> None:
    pass
