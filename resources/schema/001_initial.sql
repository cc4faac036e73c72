-- Hindsight workspace schema, version 1.
-- Times are integers (milliseconds since the Unix epoch, UTC); dates are ISO 'YYYY-MM-DD' text.
-- Enumerations are stored as the stable keys from core/domain.cpp, so the file reads well
-- in the sqlite3 shell and survives reordering of C++ enums.

CREATE TABLE session (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('postmortem', 'premortem')),
    title           TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'draft',
    date            TEXT,
    severity        TEXT NOT NULL DEFAULT '',
    summary         TEXT NOT NULL DEFAULT '',
    impact          TEXT NOT NULL DEFAULT '',
    facilitator     TEXT NOT NULL DEFAULT '',
    time_zone       TEXT NOT NULL DEFAULT '',
    lessons         TEXT NOT NULL DEFAULT '',
    prime_directive TEXT NOT NULL DEFAULT '',
    project         TEXT NOT NULL DEFAULT '',
    horizon         TEXT,
    catastrophe     TEXT NOT NULL DEFAULT '',
    created_ms      INTEGER NOT NULL,
    updated_ms      INTEGER NOT NULL
);

CREATE TABLE participant (
    id          INTEGER PRIMARY KEY,
    session_id  INTEGER NOT NULL REFERENCES session (id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    department  TEXT NOT NULL DEFAULT '',
    role        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX participant_by_session ON participant (session_id);

CREATE TABLE event (
    id            INTEGER PRIMARY KEY,
    session_id    INTEGER NOT NULL REFERENCES session (id) ON DELETE CASCADE,
    certainty     TEXT NOT NULL CHECK (certainty IN ('exact', 'approximate', 'unknown')),
    utc_ms        INTEGER,
    offset_s      INTEGER NOT NULL DEFAULT 0,
    zone          TEXT NOT NULL DEFAULT '',
    has_seconds   INTEGER NOT NULL DEFAULT 0,
    text          TEXT NOT NULL,
    kind          TEXT NOT NULL,
    reporter_id   INTEGER REFERENCES participant (id) ON DELETE SET NULL,
    reporter_text TEXT NOT NULL DEFAULT '',
    source        TEXT NOT NULL DEFAULT '',
    starred       INTEGER NOT NULL DEFAULT 0,
    sort_key      INTEGER NOT NULL,
    seq           INTEGER NOT NULL
);
CREATE INDEX event_in_order ON event (session_id, sort_key, seq);
CREATE INDEX event_by_reporter ON event (reporter_id);

CREATE TABLE why_node (
    id          INTEGER PRIMARY KEY,
    session_id  INTEGER NOT NULL REFERENCES session (id) ON DELETE CASCADE,
    parent_id   INTEGER REFERENCES why_node (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL DEFAULT 0,
    text        TEXT NOT NULL,
    root_cause  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX why_node_by_session ON why_node (session_id);
CREATE INDEX why_node_by_parent ON why_node (parent_id);

CREATE TABLE why_evidence (
    why_id    INTEGER NOT NULL REFERENCES why_node (id) ON DELETE CASCADE,
    event_id  INTEGER NOT NULL REFERENCES event (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (why_id, event_id)
) WITHOUT ROWID;
CREATE INDEX why_evidence_by_event ON why_evidence (event_id);

CREATE TABLE action_item (
    id          INTEGER PRIMARY KEY,
    session_id  INTEGER NOT NULL REFERENCES session (id) ON DELETE CASCADE,
    what        TEXT NOT NULL,
    owner       TEXT NOT NULL DEFAULT '',
    due         TEXT,
    status      TEXT NOT NULL DEFAULT 'open',
    priority    TEXT NOT NULL DEFAULT 'medium',
    type        TEXT NOT NULL DEFAULT 'prevent',
    tracker     TEXT NOT NULL DEFAULT '',
    position    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX action_by_session ON action_item (session_id, position);
CREATE INDEX action_by_due ON action_item (status, due);

CREATE TABLE round (
    id          INTEGER PRIMARY KEY,
    session_id  INTEGER NOT NULL REFERENCES session (id) ON DELETE CASCADE,
    number      INTEGER NOT NULL,
    group_name  TEXT NOT NULL DEFAULT '',
    duration_s  INTEGER NOT NULL DEFAULT 300
);
CREATE INDEX round_by_session ON round (session_id);

CREATE TABLE round_member (
    round_id        INTEGER NOT NULL REFERENCES round (id) ON DELETE CASCADE,
    participant_id  INTEGER NOT NULL REFERENCES participant (id) ON DELETE CASCADE,
    position        INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (round_id, participant_id)
) WITHOUT ROWID;
CREATE INDEX round_member_by_participant ON round_member (participant_id);

CREATE TABLE theme (
    id          INTEGER PRIMARY KEY,
    session_id  INTEGER NOT NULL REFERENCES session (id) ON DELETE CASCADE,
    title       TEXT NOT NULL,
    likelihood  INTEGER NOT NULL DEFAULT -1 CHECK (likelihood BETWEEN -1 AND 10),
    impact      INTEGER NOT NULL DEFAULT 0 CHECK (impact BETWEEN 0 AND 5),
    position    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX theme_by_session ON theme (session_id);

CREATE TABLE idea (
    id          INTEGER PRIMARY KEY,
    session_id  INTEGER NOT NULL REFERENCES session (id) ON DELETE CASCADE,
    round_id    INTEGER NOT NULL REFERENCES round (id) ON DELETE CASCADE,
    text        TEXT NOT NULL,
    author_id   INTEGER REFERENCES participant (id) ON DELETE SET NULL,
    theme_id    INTEGER REFERENCES theme (id) ON DELETE SET NULL,
    revealed    INTEGER NOT NULL DEFAULT 0,
    position    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX idea_by_session ON idea (session_id);
CREATE INDEX idea_by_round ON idea (round_id);
CREATE INDEX idea_by_theme ON idea (theme_id);
CREATE INDEX idea_by_author ON idea (author_id);

CREATE TABLE vote (
    session_id      INTEGER NOT NULL REFERENCES session (id) ON DELETE CASCADE,
    theme_id        INTEGER NOT NULL REFERENCES theme (id) ON DELETE CASCADE,
    participant_id  INTEGER NOT NULL REFERENCES participant (id) ON DELETE CASCADE,
    dots            INTEGER NOT NULL CHECK (dots >= 0),
    PRIMARY KEY (theme_id, participant_id)
) WITHOUT ROWID;
CREATE INDEX vote_by_session ON vote (session_id);
CREATE INDEX vote_by_participant ON vote (participant_id);

CREATE TABLE action_why (
    action_id  INTEGER NOT NULL REFERENCES action_item (id) ON DELETE CASCADE,
    why_id     INTEGER NOT NULL REFERENCES why_node (id) ON DELETE CASCADE,
    PRIMARY KEY (action_id, why_id)
) WITHOUT ROWID;
CREATE INDEX action_why_by_why ON action_why (why_id);

CREATE TABLE action_theme (
    action_id  INTEGER NOT NULL REFERENCES action_item (id) ON DELETE CASCADE,
    theme_id   INTEGER NOT NULL REFERENCES theme (id) ON DELETE CASCADE,
    PRIMARY KEY (action_id, theme_id)
) WITHOUT ROWID;
CREATE INDEX action_theme_by_theme ON action_theme (theme_id);
