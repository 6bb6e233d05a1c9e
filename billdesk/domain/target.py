"""Targets of a bill run: selected accounts, a group, a community, or all valid accounts."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Target:
    kind: str  # accounts | group | community | all
    accounts: tuple[str, ...] = ()
    name: str | None = None

    @classmethod
    def parse(cls, text: str) -> "Target":
        t = text.strip()
        if t == "all":
            return cls("all")
        kind, sep, rest = t.partition(":")
        rest = rest.strip()
        if sep and kind == "accounts":
            accounts = tuple(dict.fromkeys(a.strip() for a in rest.split(",") if a.strip()))
            if not accounts:
                raise ValueError("empty target: 'accounts:' lists no account")
            return cls("accounts", accounts=accounts)
        if sep and kind in ("group", "community"):
            if not rest:
                raise ValueError(f"empty target: '{kind}:' names no {kind}")
            return cls(kind, name=rest)
        raise ValueError(f"malformed target {text!r}; expected accounts:A,B,…, group:NAME, "
                         "community:NAME or all")

    def __str__(self) -> str:
        if self.kind == "all":
            return "all"
        if self.kind == "accounts":
            return "accounts:" + ",".join(self.accounts)
        return f"{self.kind}:{self.name}"
