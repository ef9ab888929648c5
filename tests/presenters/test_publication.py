"""Publication presenter: settings, the check's rows, decisions (reason required),
the second sign-off and the pack, all without a window."""

from __future__ import annotations

import datetime as dt

import pytest

from dhrdesk.core.errors import DhrDeskError, ValidationError
from dhrdesk.ui.presenters.publication import (
    PublicationPresenter,
    allow_list,
    can_replace,
    check_summary,
    finding_rows,
    resolve_question,
)
from tests.documents import publication_corpus as corpus


@pytest.fixture
def presenter(store) -> PublicationPresenter:  # noqa: ANN001
    review_id = corpus.populate(store, corpus.REF_HELPLINE, helpline=True)
    return PublicationPresenter(store, review_id)


def test_settings_are_saved_with_a_clean_allow_list(presenter, store) -> None:  # noqa: ANN001
    assert allow_list(" Northmoor Hub \n\nNorthmoor Hub\nSafeLives ") == [
        "Northmoor Hub",
        "SafeLives",
    ]
    policy = presenter.settings().date_policy
    presenter.save_settings(policy, "Northmoor Hub\nNorthmoor Hub", True)
    saved = store.repos.publication.settings(presenter.review_id)
    assert saved.allow_list == ["Northmoor Hub"] and saved.require_signoff


def test_check_rows_and_a_decision_with_a_reason(presenter, store) -> None:  # noqa: ANN001
    presenter.reports = presenter.check()
    kind, text = check_summary(presenter.reports)
    assert kind == "blocked" and text.startswith("Publication blocked: 1 unresolved finding")
    row = finding_rows(presenter.reports)[0]
    assert row.cells[0] == "Overview report" and row.cells[3] == corpus.HELPLINE
    assert row.cells[5] == "Blocks" and row.unresolved
    assert not can_replace(row.finding, accepted=False)  # a phone number is not a name
    assert "stay in the published text" in resolve_question(row.finding, "keep")[1]

    with pytest.raises(ValidationError, match="reason"):
        presenter.resolve(row.finding, "keep", "   ")
    assert store.repos.publication.acceptances(presenter.review_id) == {}

    presenter.resolve(row.finding, "keep", "The national helpline number is public.")
    presenter.reload_acceptances()
    assert check_summary(presenter.reports)[0] == "ok"
    kept = finding_rows(presenter.reports)[-1]
    assert kept.cells[5] == "Kept" and "helpline number is public" in kept.cells[6]
    assert presenter.acceptance(kept.finding) is not None

    assert presenter.withdraw(kept.finding)
    presenter.reload_acceptances()
    assert check_summary(presenter.reports)[0] == "blocked"
    assert not presenter.withdraw(kept.finding)  # nothing left to withdraw


def test_signoff_rules(presenter, store) -> None:  # noqa: ANN001
    assert presenter.signoff_status(required=False) == ("neutral", "Not required by the CSP.")
    assert presenter.signoff_status(required=True)[0] == "blocked"
    with pytest.raises(DhrDeskError, match="second person"):
        presenter.sign_off("Test Chair", dt.date(2026, 12, 2), "")
    assert store.repos.publication.signoffs(presenter.review_id) == []
    presenter.sign_off("Priya Natarajan", dt.date(2026, 12, 2), "CSP manager")
    assert presenter.signoff_status(required=True) == (
        "ok",
        "Signed off by Priya Natarajan, CSP manager on 02/12/2026.",
    )


def test_a_blocked_pack_writes_nothing_and_carries_its_findings(presenter, tmp_path) -> None:  # noqa: ANN001
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(DhrDeskError) as caught:
        presenter.write_pack(out)
    assert list(out.iterdir()) == []
    reports = presenter.reports_of_error(caught.value.findings)
    assert reports and reports[0].document == "Overview report"


def test_the_pack_is_written_once_every_finding_is_resolved(presenter, tmp_path) -> None:  # noqa: ANN001
    presenter.reports = presenter.check()
    (row,) = [r for r in finding_rows(presenter.reports) if r.unresolved]
    presenter.resolve(row.finding, "keep", "The national helpline number is public.")
    steps: list = []
    manifest = presenter.write_pack(tmp_path, lambda done, total, what: steps.append(done))
    assert (manifest.folder / "manifest.json").exists() and steps
