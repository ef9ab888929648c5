"""The review tabs for subjects, register, people, panel, terms, family, parallel and costs,
driven through their real widgets over a real store (dialogs filled in place of exec)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QTextBrowser,
    QTreeWidget,
    QWidget,
)

from dhrdesk.core import model as m
from dhrdesk.ui.forms import RecordDialog
from dhrdesk.ui.pages.review.costs import CostsTab
from dhrdesk.ui.pages.review.family import FamilyTab
from dhrdesk.ui.pages.review.panel import PanelTab
from dhrdesk.ui.pages.review.parallel import ParallelTab
from dhrdesk.ui.pages.review.people import PeopleTab
from dhrdesk.ui.pages.review.register import RESTRICTED_TEXT, RegisterTab
from dhrdesk.ui.pages.review.subjects import SubjectsTab
from dhrdesk.ui.pages.review.terms import AgreeTermsDialog, LibraryDialog, TermsTab

REAL_NAMES = ["Siobhán O'Neill-Nowak", "Łukasz Wiśniewski", "Zoë Okafor-Brennan"]


def rich_review(store) -> int:
    """A fictional review with something in every tab (also used for the screenshots)."""
    reviews, records, life = store.repos.reviews, store.repos.records, store.repos.lifecycle
    review_id = reviews.create("DHR 2025/07", "Death of Adult A in Northmoor, March 2025")
    save = records.save
    victim = m.Subject(
        review_id,
        "victim",
        "Adult A",
        "female",
        "35-44",
        "white",
        "Mother of two; worked as a pharmacy technician.",
        sort=1,
    )
    perp = m.Subject(
        review_id,
        "perpetrator",
        "Adult B",
        "male",
        "35-44",
        "white",
        "Former partner; self-employed roofer.",
        sort=2,
    )
    child = m.Subject(review_id, "child", "Child A", "female", "under-16", "mixed", "", sort=3)
    for s in (victim, perp, child):
        save(s)
    reg = [
        (victim, "full_name", REAL_NAMES[0], ["Siobhan O'Neill", "Shiv", "Siobhán Nowak"]),
        (victim, "date_of_birth", "14/02/1987", []),
        (victim, "address", "17 Larkspur Close, Northmoor NM4 2QT", ["Larkspur Close"]),
        (perp, "full_name", REAL_NAMES[1], ["Luke Wisniewski", "Łukasz W."]),
        (perp, "nickname", "Big Luk", []),
        (child, "full_name", REAL_NAMES[2], ["Zoe Okafor"]),
        (child, "school", "St Aidan's Primary, Northmoor", ["St Aidans"]),
        (None, "professional", "Dr Priya Raghunathan", ["Dr Raghunathan"]),
        (None, "place", "Northmoor", ["Northmore"]),
    ]
    for subject, kind, value, variants in reg:
        save(
            m.RegisterEntry(
                review_id,
                kind,
                value,
                # a pseudonym replaces a name only; a date or an address takes its kind's
                # default (issue 10: "Her date of birth was Adult B" is refused)
                replacement=(subject.pseudonym if kind in ("full_name", "nickname") else "")
                if subject
                else ("the GP" if kind == "professional" else "a town in the county"),
                subject_id=subject.id if subject else None,
                variants=variants,
            )
        )
    save(
        m.ReviewPerson(
            review_id,
            "chair",
            "Gwendolyn Ashby-Ferreira",
            career_history="Detective Chief Inspector, Northmoor Police, 1996–2018.",
            relevant_experience="Has chaired eleven DHRs since 2019.",
            agency_links="Left Northmoor Police in 2018 (over six years before).",
            training="AAFDA chair certificate, 2019.",
        )
    )
    members = [
        m.PanelMember(
            review_id,
            "Marguerite Delacroix-Hale",
            "Head of Adult Safeguarding",
            "Northmoor Council",
            "Head of service",
            True,
            dt.date(2025, 5, 2),
        ),
        m.PanelMember(
            review_id,
            "DCI Tomasz Kowalczyk",
            "Detective Chief Inspector",
            "Northmoor Police",
            "Senior",
            True,
            dt.date(2025, 5, 2),
        ),
        m.PanelMember(review_id, "Aisha Rahman", "Designated Nurse", "Northmoor ICB", "Senior"),
    ]
    for p in members:
        save(p)
    meeting = m.Meeting(
        review_id,
        dt.date(2025, 5, 9),
        "Panel meeting 1: scoping",
        agenda="Introductions\nDraft terms of reference\nRecords secured",
        minutes="The panel agreed the review period and the agencies in scope.",
        decisions="Housing association to provide a summary of involvement.",
    )
    save(meeting)
    records.set_attendance(meeting.id, [members[0].id, members[1].id])
    save(
        m.MeetingAction(
            meeting.id,
            "Send IMR requests to all agencies in scope",
            "Chair",
            dt.date(2025, 5, 16),
            dt.date(2025, 5, 15),
        )
    )
    save(
        m.MeetingAction(
            meeting.id,
            "Confirm the GP practice's records are secured",
            "Aisha Rahman",
            dt.date(2025, 6, 1),
        )
    )
    for name, sector, in_scope, reason in [
        ("Northmoor Police", "Police", True, ""),
        ("Northmoor Council Adult Social Care", "Local authority", True, ""),
        ("Larkspur GP Practice", "Health", True, ""),
        ("Northmoor Homes", "Housing", True, ""),
        (
            "Ambulance Service",
            "Health",
            False,
            "Attended only after the death; no contact with Adult A or Adult B before.",
        ),
    ]:
        save(m.Agency(review_id, name, sector, in_scope, reason))
    life.save_terms(
        m.TermsOfReference(
            review_id,
            dt.date(2019, 9, 1),
            dt.date(2025, 3, 14),
            "From when Adult A and Adult B began living together to Adult A's death.",
            {
                "purpose": "To learn lessons about how agencies worked with Adult A and Adult B.",
                "confidentiality": "Pseudonyms throughout; the register is held by the chair only.",
            },
        )
    )
    for i, text in enumerate(
        [
            "What did each agency know about the abuse, and how did it assess the risk?",
            "How did agencies share information, including through MARAC?",
            "Were there barriers that stopped Adult A seeking help?",
        ],
        start=1,
    ):
        save(m.LineOfEnquiry(review_id, text, "risk_assessment" if i == 1 else "", sort=i))
    life.agree_terms(review_id, dt.date(2025, 5, 9), "Agreed at panel meeting 1")
    save(m.Agency(review_id, "Northmoor Women's Aid", "Specialist domestic abuse", True, ""))
    mother = m.FamilyMember(
        review_id,
        "Bríd O'Neill",
        "Mother of Adult A",
        victim.id,
        "Renée Castellanos",
        "AAFDA",
        True,
        "She lit up every room and lived for her girls.",
    )
    save(mother)
    save(
        m.FamilyContact(
            mother.id,
            dt.date(2025, 6, 3),
            "via advocate",
            "Letter offering involvement sent through AAFDA.",
            "Call in two weeks",
        )
    )
    trial = m.ParallelProcess(
        review_id,
        "criminal_trial",
        "T20257781",
        "DS Ellis (SIO)",
        "Plea hearing 2 June 2025\nTrial listed 3 November 2025",
        True,
    )
    save(trial)
    save(
        m.Pause(
            review_id,
            "criminal_trial",
            dt.date(2025, 6, 10),
            dt.date(2025, 11, 21),
            "Criminal trial: disclosure agreed with the CPS.",
            trial.id,
        )
    )
    save(
        m.Cost(
            review_id, "chair", 180000, "Chair's fee, first stage", dt.date(2025, 5, 30), 4.0, 45000
        )
    )
    save(m.Cost(review_id, "translation", 23500, "Polish interpreter for family meeting"))
    return review_id


def fill_dialog(monkeypatch, values: dict, outcome: list) -> None:
    """RecordDialog.exec fills the fields and presses Save; outcome gets (saved?, error)."""

    def fake_exec(self: RecordDialog) -> int:
        for name, value in values.items():
            self.set_value(name, value)
        outcome.append((self.try_save(), self.error_label.text()))
        return self.result()

    monkeypatch.setattr(RecordDialog, "exec", fake_exec)


@pytest.fixture
def say_yes(monkeypatch):
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes)
    )


def make(qtbot, cls, context, review_id):
    tab = cls(context, review_id)
    qtbot.addWidget(tab)
    return tab


def texts_of(widget: QWidget) -> str:
    """Every piece of text a widget tree shows (labels, edits, lists, trees, table cells)."""
    found: list[str] = []
    for child in [widget, *widget.findChildren(QWidget)]:
        if isinstance(child, QLabel | QLineEdit):
            found.append(child.text())
        elif isinstance(child, QPlainTextEdit):
            found.append(child.toPlainText())
        elif isinstance(child, QTextBrowser):
            found.append(child.toPlainText())
        elif isinstance(child, QListWidget):
            found.extend(child.item(i).text() for i in range(child.count()))
        elif isinstance(child, QTreeWidget):
            for i in range(child.topLevelItemCount()):
                top = child.topLevelItem(i)
                found.append(top.text(0))
                found.extend(top.child(j).text(0) for j in range(top.childCount()))
        elif isinstance(child, QAbstractItemView) and child.model() is not None:
            model = child.model()
            for r in range(model.rowCount()):
                for c in range(model.columnCount()):
                    found.append(str(model.data(model.index(r, c)) or ""))
                    found.append(str(model.data(model.index(r, c), 3) or ""))  # tooltip
    return "\n".join(found)


# ---------------------------------------------------------------------- subjects
def test_subjects_add_edit_delete(context, qtbot, monkeypatch, messages, say_yes):
    review_id = context.store.repos.reviews.create("DHR T/1", "")
    tab = make(qtbot, SubjectsTab, context, review_id)
    outcome: list = []
    fill_dialog(
        monkeypatch, {"pseudonym": "Adult A", "sex": "female", "age_band": "35-44"}, outcome
    )
    tab.table.add()
    saved = context.store.repos.records.list(m.Subject, review_id)
    assert [(s.role, s.pseudonym, s.sex, s.age_band) for s in saved] == [
        ("victim", "Adult A", "female", "35-44")
    ]
    assert tab.table.proxy.data(tab.table.proxy.index(0, 0)) == "Adult A"
    # A blank pseudonym is refused in the dialog and nothing changes.
    outcome.clear()
    fill_dialog(monkeypatch, {"pseudonym": ""}, outcome)
    tab.table.edit_selected()
    assert outcome[0][0] is False and "Pseudonym is required" in outcome[0][1]
    assert context.store.repos.records.list(m.Subject, review_id)[0].pseudonym == "Adult A"
    outcome.clear()
    fill_dialog(monkeypatch, {"pseudonym": "Child A", "role": "child"}, outcome)
    tab.table.edit_selected()
    assert context.store.repos.records.get(m.Subject, saved[0].id).pseudonym == "Child A"
    assert tab.table.delete_selected()
    assert context.store.repos.records.list(m.Subject, review_id) == []


# ---------------------------------------------------------------------- register
def test_register_banner_replacement_default_and_dob(
    context, qtbot, monkeypatch, messages, say_yes
):
    records = context.store.repos.records
    review_id = context.store.repos.reviews.create("DHR T/2", "")
    victim = m.Subject(review_id, "victim", "Adult A")
    records.save(victim)
    tab = make(qtbot, RegisterTab, context, review_id)
    banner = tab.findChild(QLabel, "restrictedBanner")
    assert banner.text() == RESTRICTED_TEXT and "RESTRICTED" in banner.text()

    # Filter on the victim: a new entry is linked to her, and the replacement follows.
    tab.subject_filter.setCurrentIndex(tab.subject_filter.findData(victim.id))
    outcome: list = []
    fill_dialog(
        monkeypatch, {"value": "Siobhán O'Neill-Nowak", "variants": ["Shiv", "Siobhan"]}, outcome
    )
    tab.table.add()
    assert outcome == [(True, "")]
    [entry] = records.list(m.RegisterEntry, review_id)
    assert (entry.subject_id, entry.kind, entry.value, entry.replacement, entry.variants) == (
        victim.id,
        "full_name",
        "Siobhán O'Neill-Nowak",
        "Adult A",
        ["Shiv", "Siobhan"],
    )

    # A date of birth must be a real British date; a bad one shows a message, stores nothing.
    outcome.clear()
    fill_dialog(monkeypatch, {"kind": "date_of_birth", "value": "30/02/1987"}, outcome)
    tab.table.add()
    assert outcome[0][0] is False and "30/02/1987 is not a date" in outcome[0][1]
    assert any("not a date" in t for t in messages.texts("warning"))
    assert len(records.list(m.RegisterEntry, review_id)) == 1
    outcome.clear()
    fill_dialog(monkeypatch, {"kind": "date_of_birth", "value": "03/04/1987"}, outcome)
    tab.table.add()
    dob = [e for e in records.list(m.RegisterEntry, review_id) if e.kind == "date_of_birth"][0]
    assert "3 April 1987" in dob.variants  # other spellings are searched for too

    # An unlinked professional: the filter "not linked" shows only it.
    outcome.clear()
    tab.subject_filter.setCurrentIndex(tab.subject_filter.findData("unlinked"))
    fill_dialog(monkeypatch, {"value": "Dr Priya Raghunathan", "replacement": "the GP"}, outcome)
    tab.table.add()
    assert [e.value for e in tab.table.records()] == ["Dr Priya Raghunathan"]
    assert tab.count_label.text() == "3 identifiers (1 shown)"
    tab.table.select_id(tab.table.records()[0].id)
    assert tab.table.delete_selected()
    assert len(records.list(m.RegisterEntry, review_id)) == 2


def test_register_values_appear_in_no_other_tab(context, qtbot):
    review_id = rich_review(context.store)
    register = make(qtbot, RegisterTab, context, review_id)
    assert REAL_NAMES[0] in texts_of(register)  # shown here...
    others = [
        make(qtbot, cls, context, review_id)
        for cls in (SubjectsTab, PeopleTab, PanelTab, TermsTab, FamilyTab, ParallelTab, CostsTab)
    ]
    values = [e.value for e in context.store.repos.records.list(m.RegisterEntry, review_id)]
    variants = [
        v
        for e in context.store.repos.records.list(m.RegisterEntry, review_id)
        for v in e.variants
        if len(v) > 8
    ]
    for tab in others:
        if isinstance(tab, PanelTab):
            tab.meetings.select_id(tab.meetings.records()[0].id)  # show a meeting's detail
        if isinstance(tab, FamilyTab):
            tab.people.select_id(tab.people.records()[0].id)
        shown = texts_of(tab)
        assert shown.strip(), f"{type(tab).__name__} shows nothing?"
        for value in values + variants:
            if value == "Northmoor" or value.startswith("Northmoor"):
                continue  # the fictional CSP's area is also an agency name by design
            assert value not in shown, f"{value!r} leaked into {type(tab).__name__}"


# ------------------------------------------------------------------------ people
def test_people_save_and_save_pending(context, qtbot, messages):
    records = context.store.repos.records
    review_id = context.store.repos.reviews.create("DHR T/3", "")
    tab = make(qtbot, PeopleTab, context, review_id)
    assert "9 Author of the overview report" in tab.findChild(QLabel, "peopleNote").text()
    assert not tab.chair.save_button.isEnabled()
    tab.chair.name_edit.setText("Zoë Ferreira")
    tab.chair.editors["training"].setPlainText("AAFDA chair certificate, 2021")
    assert tab.chair.save_button.isEnabled()
    qtbot.mouseClick(tab.chair.save_button, Qt.MouseButton.LeftButton)
    chair = records.person(review_id, "chair")
    assert (chair.name, chair.training) == ("Zoë Ferreira", "AAFDA chair certificate, 2021")
    assert tab.chair.state_label.text() == "Saved"

    # A statement without a name is refused with a message; nothing stored.
    tab.author.editors["career_history"].setPlainText("Social worker 2001-2015")
    assert tab.author.save() is False
    assert any("name" in t for t in messages.texts("warning"))
    assert records.person(review_id, "author") is None

    # Unsaved edits are written by save_pending (the lock path).
    tab.author.name_edit.setText("Łukasz Nowicki")
    tab.chair.editors["agency_links"].setPlainText("None")
    tab.save_pending()
    assert records.person(review_id, "author").career_history == "Social worker 2001-2015"
    assert records.person(review_id, "chair").agency_links == "None"
    tab.refresh()
    assert tab.author.name_edit.text() == "Łukasz Nowicki" and not tab.author.dirty


# ------------------------------------------------------------------------- panel
def test_panel_members_meetings_attendance_actions(context, qtbot, monkeypatch, messages, say_yes):
    records = context.store.repos.records
    review_id = context.store.repos.reviews.create("DHR T/4", "")
    tab = make(qtbot, PanelTab, context, review_id)
    outcome: list = []
    fill_dialog(
        monkeypatch,
        {"name": "Aisha Rahman", "agency": "Northmoor ICB", "declared_not_involved": True},
        outcome,
    )
    tab.members.add()
    fill_dialog(monkeypatch, {"name": "Tomasz Kowalczyk", "agency": "Police"}, outcome)
    tab.members.add()
    members = records.list(m.PanelMember, review_id)
    assert [p.name for p in members] == ["Aisha Rahman", "Tomasz Kowalczyk"]
    # A member without a name is refused with a message; nothing changes.
    outcome.clear()
    fill_dialog(monkeypatch, {"name": ""}, outcome)
    tab.members.select_id(members[0].id)
    tab.members.edit_selected()
    assert outcome[0] == (False, "Name is required.")
    assert records.get(m.PanelMember, members[0].id).name == "Aisha Rahman"
    # A declaration date in the future is refused at the field; nothing is saved or clamped.
    before = records.get(m.PanelMember, members[0].id).declaration_date
    outcome.clear()
    fill_dialog(monkeypatch, {"declaration_date": dt.date.today() + dt.timedelta(days=3)}, outcome)
    tab.members.edit_selected()
    assert outcome[0][0] is False and "cannot be in the future" in outcome[0][1]
    assert records.get(m.PanelMember, members[0].id).declaration_date == before

    fill_dialog(
        monkeypatch,
        {"date": dt.date(2025, 5, 9), "title": "Panel meeting 1", "minutes": "Scope agreed."},
        outcome,
    )
    tab.meetings.add()
    [meeting] = records.list(m.Meeting, review_id)
    assert tab.meetings.selected().id == meeting.id
    assert "Scope agreed." in tab.minutes.toPlainText()
    assert tab.attendance.count() == 2
    tab.attendance.item(0).setCheckState(Qt.CheckState.Checked)
    assert tab.save_attendance_button.isEnabled()
    assert tab.save_attendance()
    assert records.attendance(meeting.id) == [members[0].id]

    fill_dialog(
        monkeypatch, {"text": "Request IMRs", "owner": "Chair", "due": dt.date(2020, 1, 1)}, outcome
    )
    tab.actions.add()
    [action] = records.list(m.MeetingAction, meeting.id)
    assert action.due == dt.date(2020, 1, 1) and action.done_on is None
    assert "1 open action" in tab.open_label.text() and "1 overdue" in tab.open_label.text()
    assert tab.actions.proxy.data(tab.actions.proxy.index(0, 4)).startswith("Overdue")
    fill_dialog(monkeypatch, {"done_on": dt.date(2020, 1, 2)}, outcome)
    tab.actions.select_id(action.id)
    tab.actions.edit_selected()
    assert records.get(m.MeetingAction, action.id).done_on == dt.date(2020, 1, 2)
    assert tab.open_label.text() == "No open actions."
    # Unsaved ticks are saved before locking.
    tab.meetings.select_id(meeting.id)
    tab.attendance.item(1).setCheckState(Qt.CheckState.Checked)
    tab.save_pending()
    assert records.attendance(meeting.id) == sorted(p.id for p in members)
    tab.actions.select_id(action.id)
    assert tab.actions.delete_selected()
    assert records.list(m.MeetingAction, meeting.id) == []


# ------------------------------------------------------------------------- terms
def test_terms_period_agencies_library_and_versions(context, qtbot, monkeypatch, messages, say_yes):
    records, life = context.store.repos.records, context.store.repos.lifecycle
    review_id = context.store.repos.reviews.create("DHR T/5", "")
    records.save(m.Subject(review_id, "victim", "Adult A"))
    tab = make(qtbot, TermsTab, context, review_id)
    assert "Adult A (Victim)" in tab.subjects_label.text()
    assert "Not yet agreed" in tab.version_state.text()

    # A period without a rationale is refused with the message; nothing stored.
    qtbot.keyClicks(tab.period_start.edit, "1/9/19")  # typed as people type it
    qtbot.keyClicks(tab.period_end.edit, "14 Mar 2025")
    assert tab.dirty
    assert tab.save() is False
    assert any("rationale" in t for t in messages.texts("warning"))
    assert life.terms(review_id).period_start is None
    tab.rationale.setPlainText("From when they began living together to the death.")
    tab.section_edits["purpose"].setPlainText("To learn lessons.")
    assert tab.save() is True
    tor = life.terms(review_id)
    assert (tor.period_start, tor.sections) == (
        dt.date(2019, 9, 1),
        {"purpose": "To learn lessons."},
    )

    # An excluded agency needs a reason: the message appears and nothing is stored.
    outcome: list = []
    fill_dialog(monkeypatch, {"name": "Ambulance Service", "in_scope": False}, outcome)
    tab.agencies.add()
    assert outcome[0][0] is False and "Give the reason why Ambulance Service" in outcome[0][1]
    assert any("excluded" in t for t in messages.texts("warning"))
    assert records.list(m.Agency, review_id) == []
    outcome.clear()
    fill_dialog(
        monkeypatch,
        {
            "name": "Ambulance Service",
            "in_scope": False,
            "exclusion_reason": "Attended only after the death.",
        },
        outcome,
    )
    tab.agencies.add()
    assert [(a.name, a.in_scope) for a in records.list(m.Agency, review_id)] == [
        ("Ambulance Service", False)
    ]

    # Agreeing needs a line of enquiry: add two from the library (grouped by theme).
    def fake_library_exec(dialog: LibraryDialog) -> int:
        assert dialog.tree.topLevelItemCount() >= 10  # themes
        dialog.set_checked("risk_assessment_1")
        first = dialog.tree.topLevelItem(0).child(1).data(0, 256)
        dialog.set_checked(first)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(LibraryDialog, "exec", fake_library_exec)
    assert tab.add_from_library() == 2
    lines = records.list(m.LineOfEnquiry, review_id)
    assert len(lines) == 2 and lines[0].theme_id == "risk_assessment"
    # Write one of your own, too.
    fill_dialog(monkeypatch, {"text": "Was the housing transfer request acted on?"}, outcome)
    tab.lines.add()
    assert len(records.list(m.LineOfEnquiry, review_id)) == 3

    def fake_agree_exec(dialog: AgreeTermsDialog) -> int:
        dialog.note_edit.setText("Panel meeting 1")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(AgreeTermsDialog, "exec", fake_agree_exec)
    assert tab.agree() == 1
    [version] = life.versions(review_id)
    assert (version.number, version.note, version.agreed_on) == (
        1,
        "Panel meeting 1",
        dt.date.today(),
    )
    assert tab.versions.count() == 1 and "Version 1" in tab.versions.item(0).text()
    assert "As agreed: version 1" in tab.version_state.text()
    viewer = tab.view_version(1)
    qtbot.addWidget(viewer)
    assert "Ambulance Service: Attended only after the death." in viewer.browser.toPlainText()

    # A later change shows "changed since version 1" naming what changed.
    tab.section_edits["media"].setPlainText("The CSP handles media enquiries.")
    assert tab.save()
    assert "Changed since version 1: other sections" in tab.version_state.text()
    assert tab.agree() == 2
    assert "As agreed: version 2" in tab.version_state.text()
    assert "media" not in str(life.version(review_id, 1).snapshot["sections"])


# ------------------------------------------------------------------------ family
def test_family_people_and_contacts(context, qtbot, monkeypatch, messages, say_yes):
    records = context.store.repos.records
    review_id = context.store.repos.reviews.create("DHR T/6", "")
    victim = m.Subject(review_id, "victim", "Adult A")
    records.save(victim)
    tab = make(qtbot, FamilyTab, context, review_id)
    assert not tab.contacts.isEnabled()
    outcome: list = []
    fill_dialog(
        monkeypatch,
        {
            "name": "Bríd O'Neill",
            "relationship": "Mother",
            "subject_id": victim.id,
            "advocate_org": "AAFDA",
            "tribute": "She lit up every room.",
        },
        outcome,
    )
    tab.people.add()
    [person] = records.list(m.FamilyMember, review_id)
    assert (person.subject_id, person.tribute) == (victim.id, "She lit up every room.")
    assert tab.contacts.isEnabled() and "Bríd O'Neill" in tab.contacts_title.text()
    assert "She lit up every room." in tab.tribute.text()

    outcome.clear()
    fill_dialog(monkeypatch, {"summary": "Letter offering involvement"}, outcome)
    tab.contacts.add()
    assert outcome[0][0] is True
    [contact] = records.list(m.FamilyContact, person.id)
    assert contact.summary == "Letter offering involvement"
    # A contact without a summary is refused in the dialog and nothing is stored.
    outcome.clear()
    fill_dialog(monkeypatch, {"summary": ""}, outcome)
    tab.contacts.add()
    assert outcome[0] == (False, "Summary is required.")
    assert len(records.list(m.FamilyContact, person.id)) == 1
    fill_dialog(monkeypatch, {"mode": "phone", "follow_up": "Send draft"}, outcome)
    tab.contacts.select_id(contact.id)
    tab.contacts.edit_selected()
    assert records.get(m.FamilyContact, contact.id).mode == "phone"
    assert tab.contacts.delete_selected()
    assert records.list(m.FamilyContact, person.id) == []


# ------------------------------------------------------------- parallel / pauses
def test_parallel_process_pause_and_totals(context, qtbot, monkeypatch, messages, say_yes):
    records = context.store.repos.records
    review_id = context.store.repos.reviews.create("DHR T/7", "")
    tab = make(qtbot, ParallelTab, context, review_id)
    assert "not been paused" in tab.summary.text()
    outcome: list = []
    fill_dialog(
        monkeypatch, {"kind": "inquest", "reference": "INQ-42", "blocks_publication": True}, outcome
    )
    tab.processes.add()
    [process] = records.list(m.ParallelProcess, review_id)
    assert process.blocks_publication and tab.pause_button.isEnabled()

    # A pause that ends before it starts shows the message and stores nothing.
    outcome.clear()
    fill_dialog(monkeypatch, {"start": dt.date(2024, 3, 1), "end": dt.date(2024, 2, 1)}, outcome)
    assert tab.pause_for_selected() is None
    assert outcome[0][0] is False and "cannot end before it starts" in outcome[0][1]
    assert any("cannot end before it starts" in t for t in messages.texts("warning"))
    assert records.list(m.Pause, review_id) == []

    outcome.clear()
    fill_dialog(monkeypatch, {"start": dt.date(2024, 3, 1), "end": dt.date(2024, 3, 10)}, outcome)
    tab.pause_for_selected()
    [pause] = records.list(m.Pause, review_id)
    assert (pause.kind, pause.parallel_process_id) == ("inquest", process.id)
    assert "INQ-42" in pause.reason
    assert "Total time paused: 10 days." in tab.summary.text()
    # A pause with no reason is refused in the dialog.
    outcome.clear()
    fill_dialog(monkeypatch, {"reason": "", "start": dt.date(2024, 5, 1)}, outcome)
    tab.pauses.add()
    assert outcome[0][0] is False and "Reason is required" in outcome[0][1]
    assert len(records.list(m.Pause, review_id)) == 1
    tab.pauses.select_id(pause.id)
    assert tab.pauses.delete_selected()
    assert "not been paused" in tab.summary.text()


# ------------------------------------------------------------------------- costs
def test_costs_computed_amount_and_totals(context, qtbot, monkeypatch, messages, say_yes):
    records = context.store.repos.records
    other = context.store.repos.reviews.create("DHR T/0", "")
    records.save(m.Cost(other, "chair", 100000, "Other review"))
    review_id = context.store.repos.reviews.create("DHR T/8", "")
    tab = make(qtbot, CostsTab, context, review_id)
    outcome: list = []
    fill_dialog(
        monkeypatch, {"description": "Chair's fee", "days": "2.5", "rate_pence": "450"}, outcome
    )
    tab.table.add()
    [cost] = records.list(m.Cost, review_id)
    assert (cost.days, cost.rate_pence, cost.amount_pence) == (2.5, 45000, 112500)
    fill_dialog(
        monkeypatch,
        {"category": "translation", "description": "Interpreter", "amount_pence": "12,345"},
        outcome,
    )
    tab.table.add()
    assert tab.totals.item(0, 0).text() == "£1,125.00"
    assert tab.totals.item(len(m.COST_CATEGORIES), 0).text() == "£13,470.00"
    assert tab.totals.item(0, 1).text() == "£2,125.00"  # the store-wide chair total
    assert tab.total_label.text() == "Total for this review: £13,470.00"
    # A bad amount is refused with a message in the dialog; nothing stored.
    outcome.clear()
    fill_dialog(
        monkeypatch, {"description": "Admin", "category": "admin", "amount_pence": "lots"}, outcome
    )
    tab.table.add()
    assert outcome[0][0] is False and "amount in pounds" in outcome[0][1]
    assert len(records.list(m.Cost, review_id)) == 2
    tab.table.select_id(cost.id)
    assert tab.table.delete_selected()
    assert tab.total_label.text() == "Total for this review: £12,345.00"


def test_no_modal_left_open(qtbot) -> None:
    assert QApplication.activeModalWidget() is None


def test_register_date_of_birth_never_takes_a_pseudonym(context, qtbot, messages):
    """Issue 10, class 10: a date of birth linked to a person is not replaced by the
    person's pseudonym ("Her date of birth was Adult B."), typed as a chair would."""
    from PySide6.QtCore import Qt

    records = context.store.repos.records
    review_id = context.store.repos.reviews.create("DHR T/10", "")
    victim = m.Subject(review_id, "victim", "Adult B")
    records.save(victim)
    tab = make(qtbot, RegisterTab, context, review_id)
    tab.subject_filter.setCurrentIndex(tab.subject_filter.findData(victim.id))
    dialog = tab.table.make_dialog(
        tab.presenter.new_entry(tab.subject_filter.currentData()), "Add identifier"
    )
    qtbot.addWidget(dialog)
    dialog.show()
    kind = dialog.editor("kind")
    replacement = dialog.editor("replacement")
    assert replacement.text() == "Adult B"  # a name: the pseudonym follows the subject
    kind.setFocus()
    kind.setCurrentIndex(kind.findData("date_of_birth"))
    assert replacement.text() == ""  # a date of birth: never the pseudonym
    assert "age withheld" in replacement.placeholderText()
    # typing a pseudonym as the replacement of a date of birth is refused at saving
    qtbot.keyClicks(dialog.editor("value"), "14/02/1987")
    qtbot.keyClicks(replacement, "Adult B")
    assert not dialog.try_save()
    assert "age" in dialog.error_label.text()
    assert records.list(m.RegisterEntry, review_id) == []
    replacement.clear()
    qtbot.keyClicks(replacement, "aged 38")
    qtbot.keyClick(replacement, Qt.Key.Key_Tab)
    assert dialog.try_save()  # an age is accepted (and the dialog closes: nothing to discard)
    [entry] = records.list(m.RegisterEntry, review_id)
    assert (entry.kind, entry.replacement) == ("date_of_birth", "aged 38")
