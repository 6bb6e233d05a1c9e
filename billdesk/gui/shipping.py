"""Large results sent from a child process to the app in pieces (no Qt here).

``Connection.recv()`` of a 100,000-row column table is one ``pickle.loads``: one C call that
creates every string of every column while holding the interpreter lock — 100–270 ms during
which the GUI thread cannot run (measured: the quality check's result, issue 14). Here the
sender takes the large parts out of the pickle — lists and object arrays over ``PIECE``
items, other numpy arrays over ``ARRAY_APART`` bytes — and sends them as separate messages
(``PIECE`` items, ``ARRAY_PIECE`` bytes); the receiving thread rebuilds them a piece at a time and yields the
lock between pieces (each piece is well under a millisecond of work), then unpickles the rest
(small: a skeleton whose large parts are references to the rebuilt ones).

Wire format, after the caller's own ``("shipped", descriptors)`` message: for each large part
its pieces (``send_bytes``), then the skeleton (``send_bytes``).
"""

from __future__ import annotations

import io
import pickle
import time

import numpy as np

PIECE = 5000                  # list items per message
ARRAY_APART = 1 << 16         # arrays over this many bytes are sent apart (the rest: small)
ARRAY_PIECE = 1 << 19         # bytes of such an array per message
PAUSE = 0.0003                # s slept between pieces: a GUI thread waiting for the lock gets
                              # it at once (``sleep(0)`` hands it over only if the OS wakes
                              # that thread first; otherwise it waits a switch interval, 5 ms)


class _Splitter(pickle.Pickler):
    def __init__(self, file):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.parts: list = []
        self._seen: dict[int, int] = {}

    def persistent_id(self, obj):
        t = type(obj)
        if t is list and len(obj) > PIECE:
            kind = "L"
        elif t is np.ndarray and obj.dtype == object and obj.size > PIECE:
            kind = "O"
        elif t is np.ndarray and not obj.dtype.hasobject and obj.nbytes > ARRAY_APART:
            kind = "A"
        else:
            return None
        i = self._seen.get(id(obj))
        if i is None:
            i = self._seen[id(obj)] = len(self.parts)
            self.parts.append((kind, obj))
        return i


def split(value) -> tuple[list, list, bytes]:
    """(descriptors, the parts' objects, the skeleton pickle) of ``value``."""
    buf = io.BytesIO()
    p = _Splitter(buf)
    p.dump(value)
    descs = []
    for kind, obj in p.parts:
        if kind == "L":
            descs.append(("L", len(obj), None, None))
        elif kind == "O":
            descs.append(("O", obj.size, obj.shape, None))
        else:
            descs.append(("A", obj.nbytes, obj.shape, obj.dtype))
    return descs, [o for _k, o in p.parts], buf.getvalue()


def send_parts(conn, parts: list, skeleton: bytes) -> None:
    """The child's side, after ``("shipped", descriptors)``: every part's pieces, then the
    skeleton."""
    for obj in parts:
        if type(obj) is list:
            for i in range(0, len(obj), PIECE):
                conn.send_bytes(pickle.dumps(obj[i:i + PIECE], pickle.HIGHEST_PROTOCOL))
        elif obj.dtype.hasobject:
            flat = obj.reshape(-1)
            for i in range(0, flat.size, PIECE):
                conn.send_bytes(pickle.dumps(flat[i:i + PIECE].tolist(),
                                             pickle.HIGHEST_PROTOCOL))
        else:
            raw = memoryview(np.ascontiguousarray(obj).reshape(-1).view(np.uint8))
            for i in range(0, len(raw), ARRAY_PIECE):
                conn.send_bytes(raw[i:i + ARRAY_PIECE])
    conn.send_bytes(skeleton)


def send_value(conn, value, tag: str = "shipped") -> None:
    descs, parts, skeleton = split(value)
    conn.send((tag, descs))
    send_parts(conn, parts, skeleton)


def _yield() -> None:
    time.sleep(PAUSE)


def receive(conn, descs: list):
    """The app's side (on a worker thread): the value, rebuilt a piece at a time."""
    built = []
    for kind, size, shape, dtype in descs:
        if kind == "L":
            out: list = []
            while len(out) < size:
                out.extend(pickle.loads(conn.recv_bytes()))
                _yield()
            built.append(out)
        elif kind == "O":
            arr = np.empty(size, dtype=object)
            done = 0
            while done < size:
                piece = pickle.loads(conn.recv_bytes())
                arr[done:done + len(piece)] = piece
                done += len(piece)
                _yield()
            built.append(arr.reshape(shape))
        else:
            arr = np.empty(shape, dtype=dtype)
            raw = memoryview(arr.reshape(-1).view(np.uint8))
            done = 0
            while done < size:
                done += conn.recv_bytes_into(raw[done:])
                _yield()
            built.append(arr)
    u = pickle.Unpickler(io.BytesIO(conn.recv_bytes()))
    u.persistent_load = built.__getitem__
    return u.load()


__all__ = ["ARRAY_APART", "ARRAY_PIECE", "PIECE", "receive", "send_value", "split"]
