"""Reads the reader tests run in a reader process (importable there: ``tests`` is a package)."""

import os
import time


def slow(seconds: float, progress=None, cancelled=None) -> int:
    """Sleep (a read that takes long), then the reader's pid."""
    if progress:
        progress(1, 2, "half")
    time.sleep(seconds)
    return os.getpid()


def pid(progress=None, cancelled=None) -> int:
    return os.getpid()


def bug(progress=None, cancelled=None):
    raise ZeroDivisionError("a bug in a read")


def die(progress=None, cancelled=None):
    os._exit(7)
