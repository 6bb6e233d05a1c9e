"""billdesk: bill runs for energy utilities and energy communities."""

__version__ = "0.1.0"
