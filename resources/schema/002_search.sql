-- Version 2: a full-text index over everything people type, for the workspace search.
-- One FTS5 table for all kinds of text, kept current by triggers so no code path can forget
-- it. remove_diacritics lets "cafe" find "café".

CREATE VIRTUAL TABLE search_text USING fts5 (
    body,
    session_id UNINDEXED,
    source UNINDEXED,
    source_id UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER session_search_ai AFTER INSERT ON session BEGIN
    INSERT INTO search_text (body, session_id, source, source_id)
    VALUES (new.title || ' ' || new.summary || ' ' || new.impact || ' ' || new.lessons || ' ' || new.project || ' ' || new.catastrophe || ' ' || new.facilitator, new.id, 'session', new.id);
END;
CREATE TRIGGER session_search_au AFTER UPDATE ON session BEGIN
    DELETE FROM search_text WHERE source = 'session' AND source_id = old.id;
    INSERT INTO search_text (body, session_id, source, source_id)
    VALUES (new.title || ' ' || new.summary || ' ' || new.impact || ' ' || new.lessons || ' ' || new.project || ' ' || new.catastrophe || ' ' || new.facilitator, new.id, 'session', new.id);
END;
CREATE TRIGGER session_search_ad AFTER DELETE ON session BEGIN
    DELETE FROM search_text WHERE session_id = old.id;
END;

CREATE TRIGGER event_search_ai AFTER INSERT ON event BEGIN
    INSERT INTO search_text (body, session_id, source, source_id)
    VALUES (new.text || ' ' || new.reporter_text || ' ' || new.source, new.session_id, 'event', new.id);
END;
CREATE TRIGGER event_search_au AFTER UPDATE OF text, reporter_text, source ON event BEGIN
    DELETE FROM search_text WHERE source = 'event' AND source_id = old.id;
    INSERT INTO search_text (body, session_id, source, source_id)
    VALUES (new.text || ' ' || new.reporter_text || ' ' || new.source, new.session_id, 'event', new.id);
END;
CREATE TRIGGER event_search_ad AFTER DELETE ON event BEGIN
    DELETE FROM search_text WHERE source = 'event' AND source_id = old.id;
END;

CREATE TRIGGER why_search_ai AFTER INSERT ON why_node BEGIN
    INSERT INTO search_text (body, session_id, source, source_id)
    VALUES (new.text, new.session_id, 'why', new.id);
END;
CREATE TRIGGER why_search_au AFTER UPDATE OF text ON why_node BEGIN
    DELETE FROM search_text WHERE source = 'why' AND source_id = old.id;
    INSERT INTO search_text (body, session_id, source, source_id)
    VALUES (new.text, new.session_id, 'why', new.id);
END;
CREATE TRIGGER why_search_ad AFTER DELETE ON why_node BEGIN
    DELETE FROM search_text WHERE source = 'why' AND source_id = old.id;
END;

CREATE TRIGGER action_search_ai AFTER INSERT ON action_item BEGIN
    INSERT INTO search_text (body, session_id, source, source_id)
    VALUES (new.what || ' ' || new.owner || ' ' || new.tracker, new.session_id, 'action', new.id);
END;
CREATE TRIGGER action_search_au AFTER UPDATE OF what, owner, tracker ON action_item BEGIN
    DELETE FROM search_text WHERE source = 'action' AND source_id = old.id;
    INSERT INTO search_text (body, session_id, source, source_id)
    VALUES (new.what || ' ' || new.owner || ' ' || new.tracker, new.session_id, 'action', new.id);
END;
CREATE TRIGGER action_search_ad AFTER DELETE ON action_item BEGIN
    DELETE FROM search_text WHERE source = 'action' AND source_id = old.id;
END;

CREATE TRIGGER idea_search_ai AFTER INSERT ON idea BEGIN
    INSERT INTO search_text (body, session_id, source, source_id)
    VALUES (new.text, new.session_id, 'idea', new.id);
END;
CREATE TRIGGER idea_search_au AFTER UPDATE OF text ON idea BEGIN
    DELETE FROM search_text WHERE source = 'idea' AND source_id = old.id;
    INSERT INTO search_text (body, session_id, source, source_id)
    VALUES (new.text, new.session_id, 'idea', new.id);
END;
CREATE TRIGGER idea_search_ad AFTER DELETE ON idea BEGIN
    DELETE FROM search_text WHERE source = 'idea' AND source_id = old.id;
END;

CREATE TRIGGER participant_search_ai AFTER INSERT ON participant BEGIN
    INSERT INTO search_text (body, session_id, source, source_id)
    VALUES (new.name || ' ' || new.department || ' ' || new.role, new.session_id, 'participant', new.id);
END;
CREATE TRIGGER participant_search_au AFTER UPDATE ON participant BEGIN
    DELETE FROM search_text WHERE source = 'participant' AND source_id = old.id;
    INSERT INTO search_text (body, session_id, source, source_id)
    VALUES (new.name || ' ' || new.department || ' ' || new.role, new.session_id, 'participant', new.id);
END;
CREATE TRIGGER participant_search_ad AFTER DELETE ON participant BEGIN
    DELETE FROM search_text WHERE source = 'participant' AND source_id = old.id;
END;

-- Index what version 1 already holds.
INSERT INTO search_text (body, session_id, source, source_id)
    SELECT title || ' ' || summary || ' ' || impact || ' ' || lessons || ' ' || project || ' ' || catastrophe || ' ' || facilitator, id, 'session', id FROM session;
INSERT INTO search_text (body, session_id, source, source_id)
    SELECT text || ' ' || reporter_text || ' ' || source, session_id, 'event', id FROM event;
INSERT INTO search_text (body, session_id, source, source_id)
    SELECT text, session_id, 'why', id FROM why_node;
INSERT INTO search_text (body, session_id, source, source_id)
    SELECT what || ' ' || owner || ' ' || tracker, session_id, 'action', id FROM action_item;
INSERT INTO search_text (body, session_id, source, source_id)
    SELECT text, session_id, 'idea', id FROM idea;
INSERT INTO search_text (body, session_id, source, source_id)
    SELECT name || ' ' || department || ' ' || role, session_id, 'participant', id FROM participant;
