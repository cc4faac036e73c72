#!/usr/bin/env bash
# Recreates workspace-v1.hindsight: a workspace as Hindsight's schema version 1 wrote it,
# used by tst_workspace to prove the upgrade path. Kept for the record; the binary fixture is
# committed so the test does not depend on today's schema files.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out="$here/workspace-v1.hindsight"
rm -f "$out"
{
  cat "$here/../../resources/schema/001_initial.sql"
  cat <<'SQL'
PRAGMA application_id = 1214869092;
PRAGMA user_version = 1;
INSERT INTO session (id, kind, title, status, date, severity, summary, time_zone, created_ms, updated_ms)
VALUES (1, 'postmortem', 'Checkout outage (v1 file)', 'published', '2024-03-05', 'SEV-2',
        'Payments failed for 42 minutes after a certificate expired.', 'Europe/Berlin',
        1709650000000, 1709650000000);
INSERT INTO participant (id, session_id, name, department, role) VALUES
  (1, 1, 'Ana', 'SRE', 'Incident commander'),
  (2, 1, 'Björn', 'Payments', 'Engineer');
INSERT INTO event (id, session_id, certainty, utc_ms, offset_s, zone, has_seconds, text, kind,
                   reporter_id, reporter_text, source, starred, sort_key, seq) VALUES
  (1, 1, 'exact', 1709632800000, 3600, 'Europe/Berlin', 0, 'Card payments start failing', 'impact-start', 2, '', 'monitoring', 1, 1709632800000, 1),
  (2, 1, 'approximate', 1709633400000, 3600, 'Europe/Berlin', 0, 'Support notices a spike in tickets', 'detection', NULL, 'Support desk', 'memory', 0, 1709633400000, 2),
  (3, 1, 'unknown', NULL, 0, '', 0, 'Someone restarts the gateway', 'mitigation', NULL, '', 'chat', 0, 1709633400000, 3);
INSERT INTO why_node (id, session_id, parent_id, position, text, root_cause) VALUES
  (1, 1, NULL, 0, 'Card payments failed', 0),
  (2, 1, 1, 0, 'The gateway certificate expired', 0),
  (3, 1, 2, 0, 'Renewal was manual and nobody was reminded', 1);
INSERT INTO why_evidence (why_id, event_id, position) VALUES (2, 1, 0);
INSERT INTO action_item (id, session_id, what, owner, due, status, priority, type, tracker, position) VALUES
  (1, 1, 'Automate certificate renewal', 'Ana', '2024-04-01', 'open', 'high', 'prevent', 'OPS-1', 0);
INSERT INTO action_why (action_id, why_id) VALUES (1, 3);
SQL
} | sqlite3 "$out"
echo "wrote $out"
