"""Data-quality counts per account and filling of missing intervals."""

from __future__ import annotations

import numpy as np

from billdesk.domain.quality import Quality, QualityCounts

MAX_LINEAR_GAP = 8  # intervals (2 h): shorter gaps are interpolated linearly


def count_matrix(flags: np.ndarray) -> np.ndarray:
    """int64 [n_acc, 4]: intervals per Quality value in each row (values > 3 are ignored)."""
    f = np.asarray(flags)
    if f.ndim != 2:
        raise ValueError(f"flags must be 2-D [accounts, intervals], got shape {f.shape}")
    return np.stack([np.count_nonzero(f == q, axis=1) for q in range(4)], axis=1)


def quality_counts(flags: np.ndarray) -> list[QualityCounts]:
    """One QualityCounts per row of ``flags`` [n_acc, n_int] (uint8 Quality values)."""
    return [QualityCounts(*map(int, row)) for row in count_matrix(flags)]


def filled_counts(counts: QualityCounts) -> QualityCounts:
    """The mix on the bill once gaps are filled: filled (missing) intervals are estimated."""
    return QualityCounts(counts.measured, counts.substituted,
                         counts.estimated + counts.missing, 0)


def fill_gaps(values: np.ndarray, missing: np.ndarray, minute: np.ndarray,
              floor: np.ndarray | None = None) -> np.ndarray:
    """A copy of ``values`` [n] with the ``missing`` intervals filled.

    A gap of at most MAX_LINEAR_GAP intervals with a known value on both sides is
    interpolated linearly between them. Any other gap (longer, or at the start or end of
    the data) takes the account's average day: the mean of its known values at the same
    local time of day (``minute``), or the mean of all known values if that slot never
    has one. ``floor`` (e.g. allocated local energy) is a lower bound for filled values.
    """
    v = np.array(values, dtype=np.float64)
    miss = np.asarray(missing, dtype=bool)
    known = ~miss
    if not known.any():
        raise ValueError("no known value to fill gaps from")
    slot = (np.asarray(minute) // 15).astype(np.int64)
    n_k = np.bincount(slot[known], minlength=96)
    s_k = np.bincount(slot[known], weights=v[known], minlength=96)
    profile = np.where(n_k > 0, s_k / np.maximum(n_k, 1), v[known].mean())
    idx = np.flatnonzero(miss)
    breaks = np.flatnonzero(np.diff(idx) > 1)
    starts = np.concatenate([[idx[0]], idx[breaks + 1]])
    ends = np.concatenate([idx[breaks], [idx[-1]]]) + 1
    n = len(v)
    for s, e in zip(starts.tolist(), ends.tolist()):
        if e - s <= MAX_LINEAR_GAP and s > 0 and e < n:
            a, b = v[s - 1], v[e]
            v[s:e] = a + (b - a) * np.arange(1, e - s + 1) / (e - s + 1)
        else:
            v[s:e] = profile[slot[s:e]]
    if floor is not None:
        v[miss] = np.maximum(v[miss], np.asarray(floor)[miss])
    v[miss] = np.maximum(v[miss], 0.0)
    return v


__all__ = ["Quality", "count_matrix", "quality_counts", "filled_counts", "fill_gaps"]
