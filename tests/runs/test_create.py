"""Creating runs: validation, target resolution, frozen account list, rerun of failed."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

import builders
from billdesk.domain.errors import InputError
from billdesk.domain.quality import Quality, Thresholds
from billdesk.runs import create_run, get_run, list_runs, rerun_failed, start_run
from billdesk.store.models import AuditEntry


@pytest.fixture
def pf(factory):
    return builders.build(factory, 12, community=4, group_every=3, no_data=(5,))


def test_create_freezes_accounts_at_creation(factory, pf):
    r = create_run(factory, "2025-03", "all", mode="strict", billing="create-and-correct",
                   thresholds=Thresholds(Quality.ESTIMATED, 0.5, 10), name="March")
    assert r.status == "draft" and r.name == "March"
    assert r.counts.total == 12 and r.counts.pending == 12
    assert r.thresholds == {"min_quality": "estimated", "min_measured_share": 0.5,
                            "max_missing": 10}
    info = get_run(factory, r.id)
    assert [a.account for a in info.attempts] == pf.accounts
    assert [a.position for a in info.attempts] == list(range(12))
    # an account added after creation is not part of the run
    builders.build(factory, 1, prefix="NEW")
    assert get_run(factory, r.id).counts.total == 12
    with factory() as s:
        assert s.scalar(select(AuditEntry.action).where(AuditEntry.object_id == str(r.id))) \
            == "run.create"


@pytest.mark.parametrize("target, n", [("group:g1", 4), ("community:SUN", 4),
                                       ("accounts:A00002,A00001", 2), ("all", 12)])
def test_targets(factory, pf, target, n):
    assert create_run(factory, "2025-03", target).counts.total == n


@pytest.mark.parametrize("period, target, words", [
    ("2025-3", "all", "malformed period"),
    ("2025-13", "all", "month must be"),
    (f"{date.today().year + 1}-01", "all", "after today"),
    ("2025-03", "accounts:A00001,NOPE", "unknown account(s): NOPE"),
    ("2025-03", "group:none", "unknown group"),
    ("2025-03", "community:none", "unknown community"),
    ("2025-03", "accounts:", "empty target"),
    ("2025-03", "everything", "malformed target"),
    ("2023-03", "all", "empty target"),            # nobody supplied before 2024
    ("2023-03", "accounts:A00001", "not supplied"),
])
def test_create_errors(factory, pf, period, target, words):
    with pytest.raises(InputError, match=words.replace("(", r"\(").replace(")", r"\)")):
        create_run(factory, period, target)
    assert list_runs(factory) == []


def test_bad_options(factory, pf):
    with pytest.raises(InputError, match="strict or lenient"):
        create_run(factory, "2025-03", "all", mode="careful")
    with pytest.raises(InputError, match="create or create-and-correct"):
        create_run(factory, "2025-03", "all", billing="correct")
    with pytest.raises(InputError, match="factor"):
        create_run(factory, "2025-03", "all", max_factor="0.5")


def test_rerun_failed_makes_child_over_failed_accounts(factory, pf):
    r = create_run(factory, "2025-03", "all")
    with pytest.raises(InputError, match="once it has finished"):
        rerun_failed(factory, r.id)
    done = start_run(factory, r.id)
    assert done.status == "completed_with_errors" and done.counts.failed == 1
    child = rerun_failed(factory, r.id)
    assert child.parent_id == r.id and child.status == "draft"
    assert [a.account for a in get_run(factory, child.id).attempts] == ["A00006"]
    # the failed account's claim was released when the parent ended: the child can start
    again = start_run(factory, child.id)
    assert again.counts.failed == 1 and again.errors == {"NO_METER_DATA": 1}
