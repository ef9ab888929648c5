"""Numbered schema migrations.

Each step runs in one transaction that also sets ``PRAGMA user_version``, so a
step is applied completely or not at all. Never edit a released step: add a new
one, and commit a fixture store for the new version under tests/fixtures/.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlcipher3.dbapi2 import Connection

Step = str | Callable[[object], None]

_V1 = """
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE audit (
    seq       INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    kind      TEXT NOT NULL,
    record    TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TABLE review (
    id          INTEGER PRIMARY KEY,
    reference   TEXT NOT NULL UNIQUE,
    title       TEXT NOT NULL DEFAULT '',
    profile     TEXT NOT NULL DEFAULT 'dhr-2016',
    stage       TEXT NOT NULL DEFAULT 'notification',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
"""


_V2 = """
ALTER TABLE review ADD COLUMN csp TEXT NOT NULL DEFAULT '';
ALTER TABLE review ADD COLUMN police_force_area TEXT NOT NULL DEFAULT '';
ALTER TABLE review ADD COLUMN month_of_death TEXT NOT NULL DEFAULT '';
ALTER TABLE review ADD COLUMN descriptors TEXT NOT NULL DEFAULT '{}';
ALTER TABLE review ADD COLUMN summary TEXT NOT NULL DEFAULT '';
CREATE TABLE subject (
    id          INTEGER PRIMARY KEY,
    review_id   INTEGER NOT NULL REFERENCES review(id) ON DELETE CASCADE,
    role        TEXT NOT NULL,
    pseudonym   TEXT NOT NULL,
    sex         TEXT NOT NULL DEFAULT '',
    age_band    TEXT NOT NULL DEFAULT '',
    ethnicity   TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    sort        INTEGER NOT NULL DEFAULT 0,
    UNIQUE (review_id, pseudonym)
);
CREATE TABLE register_entry (
    id          INTEGER PRIMARY KEY,
    review_id   INTEGER NOT NULL REFERENCES review(id) ON DELETE CASCADE,
    subject_id  INTEGER REFERENCES subject(id) ON DELETE SET NULL,
    kind        TEXT NOT NULL,
    value       TEXT NOT NULL,
    replacement TEXT NOT NULL DEFAULT '',
    variants    TEXT NOT NULL DEFAULT '[]',
    notes       TEXT NOT NULL DEFAULT ''
);
CREATE TABLE review_person (
    id                  INTEGER PRIMARY KEY,
    review_id           INTEGER NOT NULL REFERENCES review(id) ON DELETE CASCADE,
    role                TEXT NOT NULL,
    name                TEXT NOT NULL,
    career_history      TEXT NOT NULL DEFAULT '',
    relevant_experience TEXT NOT NULL DEFAULT '',
    agency_links        TEXT NOT NULL DEFAULT '',
    training            TEXT NOT NULL DEFAULT '',
    UNIQUE (review_id, role)
);
CREATE TABLE stage_record (
    review_id    INTEGER NOT NULL REFERENCES review(id) ON DELETE CASCADE,
    stage_id     TEXT NOT NULL,
    started      TEXT,
    completed    TEXT,
    completed_by TEXT,
    recorded_at  TEXT,
    notes        TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (review_id, stage_id)
);
CREATE TABLE parallel_process (
    id                 INTEGER PRIMARY KEY,
    review_id          INTEGER NOT NULL REFERENCES review(id) ON DELETE CASCADE,
    kind               TEXT NOT NULL,
    reference          TEXT NOT NULL DEFAULT '',
    contact            TEXT NOT NULL DEFAULT '',
    key_dates          TEXT NOT NULL DEFAULT '',
    blocks_publication INTEGER NOT NULL DEFAULT 0,
    status             TEXT NOT NULL DEFAULT 'ongoing',
    notes              TEXT NOT NULL DEFAULT ''
);
CREATE TABLE pause (
    id                  INTEGER PRIMARY KEY,
    review_id           INTEGER NOT NULL REFERENCES review(id) ON DELETE CASCADE,
    kind                TEXT NOT NULL,
    start               TEXT NOT NULL,
    end                 TEXT,
    reason              TEXT NOT NULL DEFAULT '',
    parallel_process_id INTEGER REFERENCES parallel_process(id) ON DELETE SET NULL
);
CREATE TABLE panel_member (
    id               INTEGER PRIMARY KEY,
    review_id        INTEGER NOT NULL REFERENCES review(id) ON DELETE CASCADE,
    name             TEXT NOT NULL,
    role             TEXT NOT NULL DEFAULT '',
    agency           TEXT NOT NULL DEFAULT '',
    seniority        TEXT NOT NULL DEFAULT '',
    declared_not_involved INTEGER NOT NULL DEFAULT 0,
    declaration_date TEXT
);
CREATE TABLE meeting (
    id        INTEGER PRIMARY KEY,
    review_id INTEGER NOT NULL REFERENCES review(id) ON DELETE CASCADE,
    date      TEXT NOT NULL,
    title     TEXT NOT NULL DEFAULT '',
    agenda    TEXT NOT NULL DEFAULT '',
    minutes   TEXT NOT NULL DEFAULT '',
    decisions TEXT NOT NULL DEFAULT ''
);
CREATE TABLE meeting_attendance (
    meeting_id      INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
    panel_member_id INTEGER NOT NULL REFERENCES panel_member(id) ON DELETE CASCADE,
    PRIMARY KEY (meeting_id, panel_member_id)
);
CREATE TABLE meeting_action (
    id         INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
    text       TEXT NOT NULL,
    owner      TEXT NOT NULL DEFAULT '',
    due        TEXT,
    done_on    TEXT
);
CREATE TABLE agency (
    id               INTEGER PRIMARY KEY,
    review_id        INTEGER NOT NULL REFERENCES review(id) ON DELETE CASCADE,
    name             TEXT NOT NULL,
    sector           TEXT NOT NULL DEFAULT '',
    in_scope         INTEGER NOT NULL DEFAULT 1,
    exclusion_reason TEXT NOT NULL DEFAULT '',
    contact_role     TEXT NOT NULL DEFAULT '',
    UNIQUE (review_id, name)
);
CREATE TABLE terms_of_reference (
    review_id        INTEGER PRIMARY KEY REFERENCES review(id) ON DELETE CASCADE,
    period_start     TEXT,
    period_end       TEXT,
    period_rationale TEXT NOT NULL DEFAULT '',
    sections         TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE line_of_enquiry (
    id        INTEGER PRIMARY KEY,
    review_id INTEGER NOT NULL REFERENCES review(id) ON DELETE CASCADE,
    theme_id  TEXT NOT NULL DEFAULT '',
    text      TEXT NOT NULL,
    sort      INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE tor_version (
    id        INTEGER PRIMARY KEY,
    review_id INTEGER NOT NULL REFERENCES review(id) ON DELETE CASCADE,
    number    INTEGER NOT NULL,
    agreed_on TEXT NOT NULL,
    note      TEXT NOT NULL DEFAULT '',
    snapshot  TEXT NOT NULL,
    UNIQUE (review_id, number)
);
CREATE TABLE family_member (
    id                 INTEGER PRIMARY KEY,
    review_id          INTEGER NOT NULL REFERENCES review(id) ON DELETE CASCADE,
    subject_id         INTEGER REFERENCES subject(id) ON DELETE SET NULL,
    name               TEXT NOT NULL,
    relationship       TEXT NOT NULL DEFAULT '',
    advocate           TEXT NOT NULL DEFAULT '',
    advocate_org       TEXT NOT NULL DEFAULT '',
    consent_pseudonyms INTEGER NOT NULL DEFAULT 0,
    tribute            TEXT NOT NULL DEFAULT '',
    draft_shared_on    TEXT,
    response           TEXT NOT NULL DEFAULT ''
);
CREATE TABLE family_contact (
    id               INTEGER PRIMARY KEY,
    family_member_id INTEGER NOT NULL REFERENCES family_member(id) ON DELETE CASCADE,
    date             TEXT NOT NULL,
    mode             TEXT NOT NULL DEFAULT '',
    summary          TEXT NOT NULL DEFAULT '',
    follow_up        TEXT NOT NULL DEFAULT ''
);
CREATE TABLE cost (
    id          INTEGER PRIMARY KEY,
    review_id   INTEGER NOT NULL REFERENCES review(id) ON DELETE CASCADE,
    category    TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    date        TEXT,
    days        REAL,
    rate_pence  INTEGER,
    amount_pence INTEGER NOT NULL
);
CREATE INDEX subject_review ON subject(review_id);
CREATE INDEX register_review ON register_entry(review_id);
CREATE INDEX pause_review ON pause(review_id);
CREATE INDEX panel_review ON panel_member(review_id);
CREATE INDEX meeting_review ON meeting(review_id);
CREATE INDEX agency_review ON agency(review_id);
CREATE INDEX family_review ON family_member(review_id);
CREATE INDEX cost_review ON cost(review_id);
"""

_V3 = """
CREATE TABLE agency_request (
    agency_id           INTEGER PRIMARY KEY REFERENCES agency(id) ON DELETE CASCADE,
    request_type        TEXT NOT NULL DEFAULT 'imr',
    requested_on        TEXT,
    records_secured_on  TEXT,
    due_on              TEXT,
    chases              TEXT NOT NULL DEFAULT '[]',
    received_on         TEXT,
    quality_checked_on  TEXT,
    accepted_on         TEXT,
    author_name         TEXT NOT NULL DEFAULT '',
    author_role         TEXT NOT NULL DEFAULT '',
    author_independence TEXT NOT NULL DEFAULT '',
    signoff_name        TEXT NOT NULL DEFAULT '',
    signoff_role        TEXT NOT NULL DEFAULT '',
    signoff_on          TEXT
);
CREATE TABLE imr_section (
    agency_id INTEGER NOT NULL REFERENCES agency(id) ON DELETE CASCADE,
    key       TEXT NOT NULL,
    text      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (agency_id, key)
);
CREATE TABLE imr_analysis (
    agency_id          INTEGER NOT NULL REFERENCES agency(id) ON DELETE CASCADE,
    line_of_enquiry_id INTEGER NOT NULL REFERENCES line_of_enquiry(id) ON DELETE CASCADE,
    text               TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (agency_id, line_of_enquiry_id)
);
CREATE TABLE imr_quality (
    agency_id INTEGER NOT NULL REFERENCES agency(id) ON DELETE CASCADE,
    item      TEXT NOT NULL,
    score     TEXT NOT NULL DEFAULT '',
    note      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (agency_id, item)
);
CREATE TABLE chronology_entry (
    id             INTEGER PRIMARY KEY,
    review_id      INTEGER NOT NULL REFERENCES review(id) ON DELETE CASCADE,
    agency_id      INTEGER NOT NULL REFERENCES agency(id) ON DELETE CASCADE,
    date           TEXT NOT NULL,
    time           TEXT NOT NULL DEFAULT '',
    sequence       INTEGER NOT NULL DEFAULT 0,
    source         TEXT NOT NULL,
    event          TEXT NOT NULL DEFAULT '',
    action         TEXT NOT NULL DEFAULT '',
    agency_comment TEXT NOT NULL DEFAULT '',
    significance   TEXT NOT NULL DEFAULT '',
    key_event      INTEGER NOT NULL DEFAULT 0,
    themes         TEXT NOT NULL DEFAULT '[]',
    subject_ids    TEXT NOT NULL DEFAULT '[]',
    duplicate_of   INTEGER REFERENCES chronology_entry(id) ON DELETE SET NULL,
    external_key   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX chronology_review_date ON chronology_entry(review_id, date, time, sequence);
CREATE INDEX chronology_agency ON chronology_entry(agency_id);
CREATE UNIQUE INDEX chronology_external ON chronology_entry(agency_id, external_key)
    WHERE external_key <> '';
CREATE TABLE attachment (
    id          INTEGER PRIMARY KEY,
    review_id   INTEGER NOT NULL REFERENCES review(id) ON DELETE CASCADE,
    agency_id   INTEGER REFERENCES agency(id) ON DELETE SET NULL,
    filename    TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    size        INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    received_at TEXT NOT NULL,
    received_by TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    content     BLOB NOT NULL
);
CREATE INDEX attachment_review ON attachment(review_id);
CREATE TABLE chronology_pair (
    first_id  INTEGER NOT NULL REFERENCES chronology_entry(id) ON DELETE CASCADE,
    second_id INTEGER NOT NULL REFERENCES chronology_entry(id) ON DELETE CASCADE,
    decision  TEXT NOT NULL,
    PRIMARY KEY (first_id, second_id)
);
CREATE TABLE package_receipt (
    package_id  TEXT PRIMARY KEY,
    review_id   INTEGER NOT NULL REFERENCES review(id) ON DELETE CASCADE,
    agency_id   INTEGER REFERENCES agency(id) ON DELETE SET NULL,
    direction   TEXT NOT NULL,
    at          TEXT NOT NULL,
    sha256      TEXT NOT NULL
);
"""

_V4 = """
CREATE TABLE report_section (
    review_id  INTEGER NOT NULL REFERENCES review(id) ON DELETE CASCADE,
    document   TEXT NOT NULL,
    key        TEXT NOT NULL,
    content    TEXT NOT NULL DEFAULT '[]',
    updated_at TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (review_id, document, key)
);
CREATE TABLE checklist_response (
    review_id   INTEGER NOT NULL REFERENCES review(id) ON DELETE CASCADE,
    document    TEXT NOT NULL,
    section_key TEXT NOT NULL,
    item_id     TEXT NOT NULL,
    ticked      INTEGER NOT NULL DEFAULT 0,
    explanation TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (review_id, document, section_key, item_id)
);
CREATE TABLE draft (
    id             INTEGER PRIMARY KEY,
    review_id      INTEGER NOT NULL REFERENCES review(id) ON DELETE CASCADE,
    version        TEXT NOT NULL,
    frozen_at      TEXT NOT NULL,
    frozen_by      TEXT NOT NULL,
    change_summary TEXT NOT NULL DEFAULT '',
    final          INTEGER NOT NULL DEFAULT 0,
    snapshot       TEXT NOT NULL DEFAULT '{}',
    UNIQUE (review_id, version)
);
CREATE TABLE distribution (
    id             INTEGER PRIMARY KEY,
    review_id      INTEGER NOT NULL REFERENCES review(id) ON DELETE CASCADE,
    draft_id       INTEGER NOT NULL REFERENCES draft(id) ON DELETE CASCADE,
    recipient_kind TEXT NOT NULL,
    recipient      TEXT NOT NULL DEFAULT '',
    sent_on        TEXT NOT NULL,
    note           TEXT NOT NULL DEFAULT ''
);
CREATE TABLE section_comment (
    id          INTEGER PRIMARY KEY,
    review_id   INTEGER NOT NULL REFERENCES review(id) ON DELETE CASCADE,
    document    TEXT NOT NULL,
    section_key TEXT NOT NULL,
    author      TEXT NOT NULL,
    text        TEXT NOT NULL,
    created_on  TEXT NOT NULL,
    resolved    INTEGER NOT NULL DEFAULT 0,
    resolution  TEXT NOT NULL DEFAULT ''
);
CREATE TABLE learning_point (
    id        INTEGER PRIMARY KEY,
    review_id INTEGER NOT NULL REFERENCES review(id) ON DELETE CASCADE,
    kind      TEXT NOT NULL,
    text      TEXT NOT NULL,
    themes    TEXT NOT NULL DEFAULT '[]',
    agency_id INTEGER REFERENCES agency(id) ON DELETE SET NULL,
    sort      INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE recommendation (
    id          INTEGER PRIMARY KEY,
    review_id   INTEGER NOT NULL REFERENCES review(id) ON DELETE CASCADE,
    number      INTEGER NOT NULL,
    text        TEXT NOT NULL,
    scope       TEXT NOT NULL DEFAULT 'local',
    lead_agency TEXT NOT NULL DEFAULT '',
    sector      TEXT NOT NULL DEFAULT '',
    rec_type    TEXT NOT NULL DEFAULT 'process',
    themes      TEXT NOT NULL DEFAULT '[]',
    source_ids  TEXT NOT NULL DEFAULT '[]',
    clear       TEXT NOT NULL DEFAULT '{}',
    status      TEXT NOT NULL DEFAULT 'not_started',
    evidence    TEXT NOT NULL DEFAULT ''
);
CREATE TABLE action (
    id                INTEGER PRIMARY KEY,
    recommendation_id INTEGER NOT NULL REFERENCES recommendation(id) ON DELETE CASCADE,
    text              TEXT NOT NULL,
    lead_agency       TEXT NOT NULL DEFAULT '',
    milestones        TEXT NOT NULL DEFAULT '',
    target_date       TEXT,
    completed_on      TEXT,
    outcome           TEXT NOT NULL DEFAULT '',
    status            TEXT NOT NULL DEFAULT 'not_started',
    sort              INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE qa_round (
    id             INTEGER PRIMARY KEY,
    review_id      INTEGER NOT NULL REFERENCES review(id) ON DELETE CASCADE,
    number         INTEGER NOT NULL,
    submitted_on   TEXT,
    draft_id       INTEGER REFERENCES draft(id) ON DELETE SET NULL,
    panel_date     TEXT,
    letter_date    TEXT,
    outcome        TEXT NOT NULL DEFAULT '',
    letter_summary TEXT NOT NULL DEFAULT ''
);
CREATE TABLE qa_area (
    id           INTEGER PRIMARY KEY,
    qa_round_id  INTEGER NOT NULL REFERENCES qa_round(id) ON DELETE CASCADE,
    number       INTEGER NOT NULL,
    text         TEXT NOT NULL,
    response     TEXT NOT NULL DEFAULT '',
    draft_id     INTEGER REFERENCES draft(id) ON DELETE SET NULL,
    section_key  TEXT NOT NULL DEFAULT '',
    addressed_on TEXT
);
CREATE INDEX recommendation_review ON recommendation(review_id, number);
CREATE INDEX action_recommendation ON action(recommendation_id);
CREATE INDEX learning_review ON learning_point(review_id);
CREATE INDEX draft_review ON draft(review_id);
"""

_V5 = """
CREATE TABLE anonymisation_settings (
    review_id   INTEGER PRIMARY KEY REFERENCES review(id) ON DELETE CASCADE,
    date_policy TEXT NOT NULL DEFAULT 'month_year',
    allow_list  TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE publication_acceptance (
    id          INTEGER PRIMARY KEY,
    review_id   INTEGER NOT NULL REFERENCES review(id) ON DELETE CASCADE,
    fingerprint TEXT NOT NULL,
    category    TEXT NOT NULL,
    matched     TEXT NOT NULL,
    reason      TEXT NOT NULL,
    accepted_by TEXT NOT NULL,
    accepted_at TEXT NOT NULL,
    UNIQUE (review_id, fingerprint)
);
CREATE TABLE publication_log (
    id            INTEGER PRIMARY KEY,
    review_id     INTEGER NOT NULL REFERENCES review(id) ON DELETE CASCADE,
    at            TEXT NOT NULL,
    document      TEXT NOT NULL,
    format        TEXT NOT NULL,
    filename      TEXT NOT NULL,
    sha256        TEXT NOT NULL,
    draft_version TEXT NOT NULL DEFAULT '',
    result        TEXT NOT NULL
);
"""

_V6 = """
CREATE TABLE theme_change (
    theme_id    TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    parent      TEXT NOT NULL DEFAULT '',
    retired     INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL DEFAULT ''
);
CREATE TABLE action_update (
    id                     INTEGER PRIMARY KEY,
    action_id              INTEGER NOT NULL REFERENCES action(id) ON DELETE CASCADE,
    date                   TEXT NOT NULL,
    text                   TEXT NOT NULL,
    status                 TEXT NOT NULL,
    evidence_attachment_id INTEGER REFERENCES attachment(id) ON DELETE SET NULL,
    source                 TEXT NOT NULL DEFAULT 'gui',
    recorded_by            TEXT NOT NULL DEFAULT '',
    recorded_at            TEXT NOT NULL DEFAULT ''
);
CREATE INDEX action_update_action ON action_update(action_id, date);
CREATE VIRTUAL TABLE search_index USING fts5(
    review_id UNINDEXED,
    kind UNINDEXED,
    record_key UNINDEXED,
    agency UNINDEXED,
    date UNINDEXED,
    themes UNINDEXED,
    title,
    body,
    folded,
    tokenize = 'unicode61 remove_diacritics 2'
);
"""

# Record content in the audit chain (issue 19): each entry written from now on
# carries the SHA-256 of every row it wrote (store/audit.py). Entries before the
# upgrade keep NULL: they have no content hash. The first `verify` after the
# upgrade records every record's hash as an "audit.baseline" entry.
# Rule for later steps: adding a column with a literal default changes no record
# hash (values at their default are not hashed); a step that rewrites existing
# rows must record them (verify would otherwise name them as changed outside
# DHR Desk), e.g. by running in Store._upgrade after tracking is installed.
_V7 = """
ALTER TABLE audit ADD COLUMN content TEXT;
"""

# Publication (issue 10): a resolution says whether the finding stays as written
# ("keep") or is the registered identifier and is replaced there ("replace"), with
# its place and context for the manifest; a CSP may require a second person's
# sign-off of the resolutions before a pack is written.
_V8 = """
ALTER TABLE publication_acceptance ADD COLUMN decision TEXT NOT NULL DEFAULT 'keep';
ALTER TABLE publication_acceptance ADD COLUMN place TEXT NOT NULL DEFAULT '';
ALTER TABLE publication_acceptance ADD COLUMN context TEXT NOT NULL DEFAULT '';
ALTER TABLE anonymisation_settings ADD COLUMN require_signoff INTEGER NOT NULL DEFAULT 0;
CREATE TABLE publication_signoff (
    id          INTEGER PRIMARY KEY,
    review_id   INTEGER NOT NULL REFERENCES review(id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    role        TEXT NOT NULL DEFAULT '',
    signed_on   TEXT NOT NULL,
    recorded_by TEXT NOT NULL DEFAULT '',
    recorded_at TEXT NOT NULL DEFAULT '',
    digest      TEXT NOT NULL
);
CREATE INDEX publication_signoff_review ON publication_signoff(review_id, id);
"""

# Letters (issue 11): a family member is addressed by title and surname; the chair's
# contact details go into every letter; the partnership's signatory signs the Home
# Office notification (the statutory duty is the partnership's).
_V9 = """
ALTER TABLE family_member ADD COLUMN title TEXT NOT NULL DEFAULT '';
ALTER TABLE family_member ADD COLUMN surname TEXT NOT NULL DEFAULT '';
ALTER TABLE review_person ADD COLUMN email TEXT NOT NULL DEFAULT '';
ALTER TABLE review_person ADD COLUMN phone TEXT NOT NULL DEFAULT '';
ALTER TABLE review ADD COLUMN csp_signatory TEXT NOT NULL DEFAULT '';
"""

# version -> SQL script (or callable taking the connection) that brings N-1 to N.
MIGRATIONS: dict[int, Step] = {
    1: _V1,
    2: _V2,
    3: _V3,
    4: _V4,
    5: _V5,
    6: _V6,
    7: _V7,
    8: _V8,
    9: _V9,
}

LATEST_VERSION = max(MIGRATIONS)

# Tables whose row counts `dhrdesk info` reports.
COUNTED_TABLES = [
    "review",
    "subject",
    "register_entry",
    "panel_member",
    "meeting",
    "agency",
    "family_member",
    "pause",
    "chronology_entry",
    "attachment",
    "recommendation",
    "action",
    "draft",
    "audit",
]


def _statements(script: str) -> list[str]:
    """Split a migration script into statements, keeping trigger bodies whole."""
    import sqlcipher3

    statements, buffer = [], ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlcipher3.complete_statement(buffer):
            if buffer.strip():
                statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements


def migrate(conn: Connection, from_version: int, to_version: int) -> None:
    """Apply steps from_version+1 .. to_version, each in its own transaction."""
    for version in range(from_version + 1, to_version + 1):
        step = MIGRATIONS[version]
        conn.execute("BEGIN IMMEDIATE")
        try:
            if callable(step):
                step(conn)
            else:
                for statement in _statements(step):
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {int(version)}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
