"""Column tables: the plain data behind the large lists (no Qt; built on a worker).

A table is columns of equal length (numpy arrays or lists), the key column identifying a
record, the folded search text of each row and an int32 sort rank per column. Python-level
work runs in steps of CHUNK rows with a GIL yield between them, and the string sorts are
numpy's (which release the GIL), so building a 100,000-row table on a worker does not stall
the GUI thread.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import timezone

import numpy as np

_FOLD = str.maketrans("äàáâãåöòóôõüùúûëèéêïìíîçñÿ", "aaaaaaooooouuuueeeeiiiicny")
CHUNK = 5000                 # rows per step of Python-level work on a worker (bounds GIL holds)


def fold(text: str) -> str:
    """The sort and search form of a text: lower case, accents off (ä -> a)."""
    return text.lower().translate(_FOLD)


def _yield_gil() -> None:
    time.sleep(0)


def str_array(values) -> np.ndarray:
    """A numpy unicode array of ``values``, filled CHUNK strings at a time (one conversion
    of 100,000 strings holds the GIL for ~100 ms: the GUI thread would stall)."""
    n = len(values)
    if n == 0:
        return np.zeros(0, dtype=str)
    width = 1
    for i in range(0, n, CHUNK):
        width = max(width, max(map(len, values[i:i + CHUNK])))
    out = np.empty(n, dtype=f"<U{width}")
    for i in range(0, n, CHUNK):
        out[i:i + CHUNK] = values[i:i + CHUNK]
        _yield_gil()
    return out


def ranks(values, folded: bool = True) -> np.ndarray:
    """int32 rank of each value in ascending (case- and accent-insensitive) order."""
    n = len(values)
    if n == 0:
        return np.zeros(0, dtype=np.int32)
    if isinstance(values, np.ndarray) and values.dtype.kind in "iufbM":
        arr = values
    else:
        keys = []
        vals = list(values)
        for i in range(0, n, CHUNK):
            keys.extend(fold(str(v)) if folded and v is not None else ("" if v is None else
                                                                         str(v))
                        for v in vals[i:i + CHUNK])
            _yield_gil()
        arr = str_array(keys)
    order = np.argsort(arr, kind="stable")     # releases the GIL for strings and numbers
    out = np.empty(n, dtype=np.int32)
    out[order] = np.arange(n, dtype=np.int32)
    return out


def search_text(columns: list) -> np.ndarray:
    """One folded string per row joining ``columns`` (for substring search)."""
    n = len(columns[0]) if columns else 0
    rows = []
    for i in range(0, n, CHUNK):
        part = zip(*(c[i:i + CHUNK] for c in columns))
        rows.extend(fold("\t".join("" if v is None else str(v) for v in r)) for r in part)
        _yield_gil()
    return str_array(rows) if rows else np.zeros(0, dtype=str)


@dataclass
class ColumnTable:
    """Columns of equal length; ``key``: the column identifying a record."""

    n: int
    columns: dict[str, object]
    key: str
    search: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=str))
    sort_keys: dict[str, np.ndarray] = field(default_factory=dict)
    # column -> the rows in ascending (stable) order of its sort key: made where the table is
    # built (``with_orders``), so a sort on the GUI thread is an index, not an argsort
    orders: dict[str, np.ndarray] = field(default_factory=dict)

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, name: str):
        return self.columns[name]

    @classmethod
    def build(cls, columns: dict[str, object], key: str, search: tuple[str, ...] = (),
              sortable: tuple[str, ...] | None = None) -> "ColumnTable":
        """On a worker: the table with its search text and sort ranks."""
        n = len(columns[key])
        if not isinstance(columns[key], np.ndarray):
            columns = dict(columns)
            columns[key] = np.array(columns[key], dtype=object)   # compared vectorised
        t = cls(n, columns, key)
        t.search = search_text([columns[c] for c in search]) if search else \
            np.zeros(n, dtype=str)
        for name in (sortable if sortable is not None else columns):
            t.sort_keys[name] = ranks(columns[name])
        return t


    def sort_key(self, name: str) -> np.ndarray | None:
        """The sort key of column ``name``: its rank, or the column itself when numeric."""
        k = self.sort_keys.get(name)
        if k is None:
            v = self.columns.get(name)
            if isinstance(v, np.ndarray) and v.dtype.kind in "iufbM" and v.ndim == 1:
                k = v
            elif v is not None:
                k = self.sort_keys[name] = ranks(v)
        return k

    def order(self, name: str) -> np.ndarray | None:
        """Every row in ascending order of column ``name`` (ties in row order)."""
        o = self.orders.get(name)
        if o is None:
            k = self.sort_key(name)
            if k is None:
                return None
            o = self.orders[name] = np.argsort(k, kind="stable").astype(np.int64, copy=False)
        return o

    def with_orders(self) -> "ColumnTable":
        """On a worker: the orders of every sortable and numeric column made now."""
        names = set(self.sort_keys) | {c for c, v in self.columns.items()
                                       if isinstance(v, np.ndarray) and v.ndim == 1
                                       and v.dtype.kind in "iufbM"}
        for name in sorted(names):
            self.order(name)
            _yield_gil()
        return self


def empty_table(key: str = "key") -> ColumnTable:
    return ColumnTable(0, {key: np.zeros(0, dtype=np.int64)}, key)


def dates(values) -> np.ndarray:
    """A datetime64[D] column (NaT for None) from dates."""
    return np.array([np.datetime64(v, "D") if v is not None else np.datetime64("NaT")
                     for v in values], dtype="datetime64[D]")


def moments(values) -> np.ndarray:
    """A float64 column of epoch seconds (NaN for None) from aware datetimes."""
    return np.array([np.nan if v is None else
                     (v if v.tzinfo else v.replace(tzinfo=timezone.utc)).timestamp()
                     for v in values], dtype=np.float64)



__all__ = ["CHUNK", "ColumnTable", "dates", "empty_table", "fold", "moments", "ranks",
           "search_text"]
