"""Persistence: SQLAlchemy models, repositories, interval-data chunks, importers."""
