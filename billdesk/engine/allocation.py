"""Energy-community allocation of local production to members, per 15-minute interval."""

from __future__ import annotations

from datetime import timedelta

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


TOLERANCE = 1e-6   # kWh: delivered series may differ by float noise only


def _when(start_utc, k: int) -> str:
    if start_utc is None:
        return f"interval {k}"
    t = start_utc + timedelta(minutes=15 * int(k))
    return f"the interval starting {t:%Y-%m-%d %H:%M} UTC"


def check_delivered(local: np.ndarray, consumption: np.ndarray, production: np.ndarray,
                    active: np.ndarray, members: list[str], start_utc=None,
                    missing: np.ndarray | None = None) -> np.ndarray:
    """The grid operator's local series [n_mem, n_int] checked and returned (0 outside each
    membership): delivered for every interval of a membership, not negative, at most the
    member's consumption in each interval, and their sum at most the production. An
    AllocationError names the member and the first interval where one does not hold."""
    lo = np.asarray(local, dtype=np.float64)
    c = np.asarray(consumption, dtype=np.float64)
    p = np.asarray(production, dtype=np.float64)
    act = np.asarray(active, dtype=bool)
    if lo.shape != c.shape or p.shape != (c.shape[1],) or act.shape != c.shape:
        raise AllocationError(f"shapes do not fit: local {lo.shape}, consumption {c.shape}, "
                              f"production {p.shape}")
    if missing is not None and missing.any():
        i, k = np.argwhere(missing)[0]
        raise AllocationError(
            f"the local-energy series of member {members[i]} was not delivered for "
            f"{int(missing[i].sum())} interval(s) of its membership, first {_when(start_utc, k)}; "
            "import the grid operator's 'local' series for it")
    lo = np.where(act, lo, 0.0)
    bad = np.isnan(lo) | (lo < -TOLERANCE)
    if bad.any():
        i, k = np.argwhere(bad)[0]
        raise AllocationError(f"local energy of member {members[i]} is unknown or negative "
                              f"in {_when(start_utc, k)}")
    over = lo > np.nan_to_num(c, nan=np.inf) + TOLERANCE
    if over.any():
        i, k = np.argwhere(over)[0]
        raise AllocationError(
            f"local energy of member {members[i]} ({lo[i, k]:.4f} kWh) exceeds its consumption "
            f"({c[i, k]:.4f} kWh) in {_when(start_utc, k)}")
    total = lo.sum(axis=0)
    more = total > p + TOLERANCE
    if more.any():
        k = int(np.flatnonzero(more)[0])
        raise AllocationError(
            f"the members' local energy ({total[k]:.4f} kWh) exceeds the community's "
            f"production ({p[k]:.4f} kWh) in {_when(start_utc, k)}")
    return np.maximum(lo, 0.0)


def producer_split(local_total: np.ndarray, points: np.ndarray
                   ) -> tuple[np.ndarray, np.ndarray]:
    """Each production point's part [n_pts, n_int] of the members' local energy
    ``local_total`` [n_int] (in proportion to what it produced in the interval) and of the
    surplus. Conserved per interval: the parts of local energy sum to ``local_total`` and
    parts of local + surplus of a point equal its production."""
    pts = np.maximum(np.nan_to_num(np.asarray(points, dtype=np.float64)), 0.0)
    lt = np.asarray(local_total, dtype=np.float64)
    prod = pts.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(prod > 0, pts / np.where(prod > 0, prod, 1.0), 0.0)
    local = ratio * np.minimum(lt, prod)[None, :]
    if len(pts):
        # the largest producer of each interval takes the float remainder: sums are exact
        top = pts.argmax(axis=0)
        cols = np.arange(pts.shape[1])
        local[top, cols] += np.minimum(lt, prod) - local.sum(axis=0)
    surplus = np.maximum(pts - local, 0.0)
    return local, surplus
