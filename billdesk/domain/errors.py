"""Errors a user can fix: they name the place (file, line, field) and what is wrong."""

from __future__ import annotations


class InputError(Exception):
    """Bad input: a file, a command-line value or a reference that does not exist.

    The CLI prints it and exits with status 2; nothing is written to the database.
    """

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None,
                 field: str | None = None):
        self.message = message
        self.file = file
        self.line = line
        self.field = field
        super().__init__(self.__str__())

    def __str__(self) -> str:
        place = []
        if self.file:
            place.append(str(self.file))
        if self.line is not None:
            place.append(f"line {self.line}")
        if self.field:
            place.append(f"field '{self.field}'")
        return (", ".join(place) + ": " if place else "") + self.message


class WorkFailed(Exception):
    """The work itself failed (e.g. a strict run stopped): CLI exit status 1."""


class StorageError(InputError):
    """The database or a file system cannot do what was asked: held by another process,
    read-only, full, damaged, not a database, or the server went away.

    Like an ``InputError`` the CLI prints it without a traceback and exits 2 (1 when it
    stopped work that had started, e.g. a run, which is then resumable); the operation that
    met it was rolled back, so nothing is lost or half-written.
    """

    def __init__(self, message: str, *, kind: str = "storage", file: str | None = None,
                 field: str | None = None):
        self.kind = kind  # busy | readonly | full | corrupt | notadb | cantopen | io | lost
        self.stopped_run: int | None = None   # set when it stopped a run while executing
        super().__init__(message, file=file, field=field)
