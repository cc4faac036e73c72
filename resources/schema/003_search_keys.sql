-- Version 3: the search index is keyed by rowid.
-- Version 2's triggers found an entry to replace by its UNINDEXED columns, which FTS5 can
-- only scan: every edit cost a scan of the whole index (80 ms per added event in a
-- 50,000-event workspace, see docs/performance.md). Each entry's rowid is now derived from
-- what it indexes, id * 8 + kind, so replacing or removing one is a rowid lookup. The
-- session trigger also fires only when indexed text changes, not on every touch of
-- updated_ms.

DROP TRIGGER session_search_ai;
DROP TRIGGER session_search_au;
DROP TRIGGER session_search_ad;
DROP TRIGGER event_search_ai;
DROP TRIGGER event_search_au;
DROP TRIGGER event_search_ad;
DROP TRIGGER why_search_ai;
DROP TRIGGER why_search_au;
DROP TRIGGER why_search_ad;
DROP TRIGGER action_search_ai;
DROP TRIGGER action_search_au;
DROP TRIGGER action_search_ad;
DROP TRIGGER idea_search_ai;
DROP TRIGGER idea_search_au;
DROP TRIGGER idea_search_ad;
DROP TRIGGER participant_search_ai;
DROP TRIGGER participant_search_au;
DROP TRIGGER participant_search_ad;
DELETE FROM search_text;

CREATE TRIGGER session_search_ai AFTER INSERT ON session BEGIN
    INSERT INTO search_text (rowid, body, session_id, source, source_id)
    VALUES (new.id * 8 + 0, new.title || ' ' || new.summary || ' ' || new.impact || ' ' || new.lessons || ' ' || new.project || ' ' || new.catastrophe || ' ' || new.facilitator, new.id, 'session', new.id);
END;
CREATE TRIGGER session_search_au AFTER UPDATE OF title, summary, impact, lessons, project, catastrophe, facilitator ON session BEGIN
    DELETE FROM search_text WHERE rowid = old.id * 8 + 0;
    INSERT INTO search_text (rowid, body, session_id, source, source_id)
    VALUES (new.id * 8 + 0, new.title || ' ' || new.summary || ' ' || new.impact || ' ' || new.lessons || ' ' || new.project || ' ' || new.catastrophe || ' ' || new.facilitator, new.id, 'session', new.id);
END;
CREATE TRIGGER session_search_ad AFTER DELETE ON session BEGIN
    DELETE FROM search_text WHERE rowid = old.id * 8 + 0;
END;

CREATE TRIGGER event_search_ai AFTER INSERT ON event BEGIN
    INSERT INTO search_text (rowid, body, session_id, source, source_id)
    VALUES (new.id * 8 + 1, new.text || ' ' || new.reporter_text || ' ' || new.source, new.session_id, 'event', new.id);
END;
CREATE TRIGGER event_search_au AFTER UPDATE OF text, reporter_text, source ON event BEGIN
    DELETE FROM search_text WHERE rowid = old.id * 8 + 1;
    INSERT INTO search_text (rowid, body, session_id, source, source_id)
    VALUES (new.id * 8 + 1, new.text || ' ' || new.reporter_text || ' ' || new.source, new.session_id, 'event', new.id);
END;
CREATE TRIGGER event_search_ad AFTER DELETE ON event BEGIN
    DELETE FROM search_text WHERE rowid = old.id * 8 + 1;
END;

CREATE TRIGGER why_search_ai AFTER INSERT ON why_node BEGIN
    INSERT INTO search_text (rowid, body, session_id, source, source_id)
    VALUES (new.id * 8 + 2, new.text, new.session_id, 'why', new.id);
END;
CREATE TRIGGER why_search_au AFTER UPDATE OF text ON why_node BEGIN
    DELETE FROM search_text WHERE rowid = old.id * 8 + 2;
    INSERT INTO search_text (rowid, body, session_id, source, source_id)
    VALUES (new.id * 8 + 2, new.text, new.session_id, 'why', new.id);
END;
CREATE TRIGGER why_search_ad AFTER DELETE ON why_node BEGIN
    DELETE FROM search_text WHERE rowid = old.id * 8 + 2;
END;

CREATE TRIGGER action_search_ai AFTER INSERT ON action_item BEGIN
    INSERT INTO search_text (rowid, body, session_id, source, source_id)
    VALUES (new.id * 8 + 3, new.what || ' ' || new.owner || ' ' || new.tracker, new.session_id, 'action', new.id);
END;
CREATE TRIGGER action_search_au AFTER UPDATE OF what, owner, tracker ON action_item BEGIN
    DELETE FROM search_text WHERE rowid = old.id * 8 + 3;
    INSERT INTO search_text (rowid, body, session_id, source, source_id)
    VALUES (new.id * 8 + 3, new.what || ' ' || new.owner || ' ' || new.tracker, new.session_id, 'action', new.id);
END;
CREATE TRIGGER action_search_ad AFTER DELETE ON action_item BEGIN
    DELETE FROM search_text WHERE rowid = old.id * 8 + 3;
END;

CREATE TRIGGER idea_search_ai AFTER INSERT ON idea BEGIN
    INSERT INTO search_text (rowid, body, session_id, source, source_id)
    VALUES (new.id * 8 + 4, new.text, new.session_id, 'idea', new.id);
END;
CREATE TRIGGER idea_search_au AFTER UPDATE OF text ON idea BEGIN
    DELETE FROM search_text WHERE rowid = old.id * 8 + 4;
    INSERT INTO search_text (rowid, body, session_id, source, source_id)
    VALUES (new.id * 8 + 4, new.text, new.session_id, 'idea', new.id);
END;
CREATE TRIGGER idea_search_ad AFTER DELETE ON idea BEGIN
    DELETE FROM search_text WHERE rowid = old.id * 8 + 4;
END;

CREATE TRIGGER participant_search_ai AFTER INSERT ON participant BEGIN
    INSERT INTO search_text (rowid, body, session_id, source, source_id)
    VALUES (new.id * 8 + 5, new.name || ' ' || new.department || ' ' || new.role, new.session_id, 'participant', new.id);
END;
CREATE TRIGGER participant_search_au AFTER UPDATE OF name, department, role ON participant BEGIN
    DELETE FROM search_text WHERE rowid = old.id * 8 + 5;
    INSERT INTO search_text (rowid, body, session_id, source, source_id)
    VALUES (new.id * 8 + 5, new.name || ' ' || new.department || ' ' || new.role, new.session_id, 'participant', new.id);
END;
CREATE TRIGGER participant_search_ad AFTER DELETE ON participant BEGIN
    DELETE FROM search_text WHERE rowid = old.id * 8 + 5;
END;

-- Index everything again under the new keys.
INSERT INTO search_text (rowid, body, session_id, source, source_id)
    SELECT id * 8 + 0, title || ' ' || summary || ' ' || impact || ' ' || lessons || ' ' || project || ' ' || catastrophe || ' ' || facilitator, id, 'session', id FROM session;
INSERT INTO search_text (rowid, body, session_id, source, source_id)
    SELECT id * 8 + 1, text || ' ' || reporter_text || ' ' || source, session_id, 'event', id FROM event;
INSERT INTO search_text (rowid, body, session_id, source, source_id)
    SELECT id * 8 + 2, text, session_id, 'why', id FROM why_node;
INSERT INTO search_text (rowid, body, session_id, source, source_id)
    SELECT id * 8 + 3, what || ' ' || owner || ' ' || tracker, session_id, 'action', id FROM action_item;
INSERT INTO search_text (rowid, body, session_id, source, source_id)
    SELECT id * 8 + 4, text, session_id, 'idea', id FROM idea;
INSERT INTO search_text (rowid, body, session_id, source, source_id)
    SELECT id * 8 + 5, name || ' ' || department || ' ' || role, session_id, 'participant', id FROM participant;
