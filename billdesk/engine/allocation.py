"""Energy-community allocation of local production to members, per 15-minute interval."""

from __future__ import annotations

import numpy as np

from billdesk.domain.community import Allocation


class AllocationError(ValueError):
    """The allocation inputs are inconsistent (shape, negative or unknown values, shares)."""


def allocate(method: Allocation | str, consumption: np.ndarray, production: np.ndarray,
             active: np.ndarray | None = None, shares: np.ndarray | None = None
             ) -> tuple[np.ndarray, np.ndarray]:
    """Split ``production`` [n_int] among members ``consumption`` [n_mem, n_int].

    ``dynamic``: in proportion to each active member's consumption, never more than it.
    ``static``: member i gets ``shares[i] * production``, capped at its consumption; a share
    not used (member inactive or consuming less) is surplus, not redistributed.
    Returns (local [n_mem, n_int], surplus [n_int]); sum(local) + surplus == production.
    """
    method = Allocation(method)
    c = np.asarray(consumption, dtype=np.float64)
    p = np.asarray(production, dtype=np.float64)
    if c.ndim != 2 or p.ndim != 1 or c.shape[1] != p.shape[0]:
        raise AllocationError(f"shapes do not fit: consumption {c.shape}, production {p.shape}")
    if active is None:
        act = np.ones(c.shape, dtype=bool)
    else:
        act = np.asarray(active, dtype=bool)
        if act.shape != c.shape:
            raise AllocationError(f"active mask {act.shape} does not match consumption {c.shape}")
    if np.isnan(c[act]).any() or np.isnan(p).any():
        raise AllocationError("consumption or production has unknown (NaN) values")
    if (c[act] < 0).any() or (p < 0).any():
        raise AllocationError("consumption and production must not be negative")
    c = np.where(act, c, 0.0)
    if method is Allocation.DYNAMIC:
        total = c.sum(axis=0)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            ratio = np.where(total > p, p / total, 1.0)
        local = c * ratio
    else:
        if shares is None:
            raise AllocationError("static allocation needs shares")
        s = np.asarray(shares, dtype=np.float64)
        if s.shape != (c.shape[0],) or np.isnan(s).any() or (s < 0).any():
            raise AllocationError(f"shares must be {c.shape[0]} values >= 0")
        if s.sum() > 1 + 1e-9:
            raise AllocationError(f"shares add up to {s.sum():.6f} > 1")
        local = np.minimum(s[:, None] * p[None, :], c)
    local = np.where(act, local, 0.0)
    surplus = np.maximum(p - local.sum(axis=0), 0.0)
    return local, surplus
