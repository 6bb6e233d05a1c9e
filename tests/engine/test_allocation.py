import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from billdesk.domain.community import Allocation
from billdesk.engine import AllocationError, allocate

kwh = st.floats(0, 5, allow_nan=False, allow_infinity=False)


def test_dynamic_proportional_and_capped():
    c = np.array([[1.0, 1.0, 0.0], [3.0, 1.0, 0.0]])
    p = np.array([2.0, 5.0, 1.0])
    local, surplus = allocate(Allocation.DYNAMIC, c, p, np.ones(c.shape, bool), None)
    assert np.allclose(local, [[0.5, 1.0, 0.0], [1.5, 1.0, 0.0]])
    assert np.allclose(surplus, [0.0, 3.0, 1.0])


def test_static_unused_share_is_surplus_not_redistributed():
    c = np.array([[1.0, 0.1], [1.0, 5.0]])
    p = np.array([2.0, 2.0])
    local, surplus = allocate("static", c, p, None, np.array([0.5, 0.5]))
    assert np.allclose(local, [[1.0, 0.1], [1.0, 1.0]])
    assert np.allclose(surplus, [0.0, 0.9])


def test_members_joining_and_leaving():
    c = np.ones((2, 4))
    active = np.array([[True, True, False, False], [False, True, True, True]])
    local, surplus = allocate("dynamic", c, np.full(4, 1.0), active, None)
    assert np.allclose(local, [[1, 0.5, 0, 0], [0, 0.5, 1, 1]])
    local, surplus = allocate("static", c, np.full(4, 1.0), active, np.array([0.5, 0.5]))
    assert np.allclose(local, [[0.5, 0.5, 0, 0], [0, 0.5, 0.5, 0.5]])
    assert np.allclose(surplus, [0.5, 0, 0.5, 0.5])


def test_bad_inputs():
    with pytest.raises(AllocationError):
        allocate("static", np.ones((2, 3)), np.ones(3), None, np.array([0.7, 0.7]))
    with pytest.raises(AllocationError):
        allocate("dynamic", np.ones((2, 3)), -np.ones(3), None, None)
    with pytest.raises(AllocationError):
        allocate("dynamic", np.ones((2, 3)), np.ones(4), None, None)


@st.composite
def community(draw):
    m = draw(st.integers(1, 6))
    n = draw(st.integers(1, 30))
    c = draw(arrays(np.float64, (m, n), elements=kwh))
    p = draw(arrays(np.float64, (n,), elements=st.floats(0, 20, allow_nan=False)))
    active = draw(arrays(np.bool_, (m, n)))
    w = draw(arrays(np.float64, (m,), elements=st.floats(0, 1, allow_nan=False)))
    shares = w / max(w.sum(), 1.0)
    return c, p, active, shares


@settings(max_examples=150, deadline=None)
@given(community(), st.sampled_from(list(Allocation)))
def test_energy_conserved_in_every_interval(data, method):
    c, p, active, shares = data
    local, surplus = allocate(method, c, p, active, shares)
    assert np.allclose(local.sum(axis=0) + surplus, p, rtol=1e-12, atol=1e-9)
    assert (local >= 0).all() and (surplus >= 0).all()
    assert (local <= c + 1e-12).all()
    assert (local[~active] == 0).all()
    if method is Allocation.DYNAMIC:   # surplus only when every active member is served
        served = np.isclose(local, np.where(active, c, 0)).all(axis=0)
        assert (served | np.isclose(surplus, 0)).all()
