-- Version 5: the session list's columns, in the list's order.
-- Every start reads the list (Workspace::sessions() with the listed columns), newest first. With
-- no index in that order SQLite read each session's whole row, long texts included (126 pages
-- for 500 sessions), and sorted the rows; the start-up's other thread took 5 ms for it, as long
-- as the window took to build (docs/performance.md, twelfth round). This index holds what the
-- list shows in the order it shows it: a third of the pages, read in one pass, with no sort.

CREATE INDEX session_in_list ON session
    (coalesce(date, '') DESC, updated_ms DESC, id DESC, kind, title, status, date, summary);
