"""Making the engine's frozen result records quickly.

A frozen dataclass's generated ``__init__`` sets each field through ``object.__setattr__``
(its guard against assignment); the engine makes about five lines, a bill and its VAT entries
per account, and that guard alone cost a fifth of billing a batch. ``maker(cls)`` returns a
function taking every field positionally that builds the same object by setting its
``__dict__`` at once from a dict literal (generated, as dataclasses generates ``__init__``):
equal, hashable, immutable and picklable like one made by ``cls(...)``, with the same repr
(tests/engine/test_records.py holds it to that).
"""

from __future__ import annotations

import dataclasses
from typing import Callable, TypeVar

T = TypeVar("T")


def maker(cls: type[T]) -> Callable[..., T]:
    fields = dataclasses.fields(cls)
    if not dataclasses.is_dataclass(cls) or any(f.init is False for f in fields) or \
            hasattr(cls, "__post_init__") or hasattr(cls, "__slots__"):
        raise TypeError(f"{cls.__name__}: maker() needs a plain dataclass")
    names = [f.name for f in fields]
    if {"new", "set_", "cls", "obj"} & set(names):  # pragma: no cover - the generated code's
        raise TypeError(f"{cls.__name__}: a field shadows a name of maker()")
    args = ", ".join(names)
    body = ", ".join(f"{n!r}: {n}" for n in names)
    source = (f"def make_{cls.__name__}({args}):\n"
              f"    obj = new(cls)\n"
              f"    set_(obj, '__dict__', {{{body}}})\n"
              f"    return obj\n")
    scope = {"new": object.__new__, "set_": object.__setattr__, "cls": cls}
    exec(source, scope)                    # as dataclasses makes __init__: a dict literal
    return scope[f"make_{cls.__name__}"]
