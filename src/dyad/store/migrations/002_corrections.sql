-- dyad store, schema version 2: human review beside the coder's output.
-- A correction never changes `events` or `mentions`; views show the latest correction of an
-- event next to what the coder said, and `dyad corrections --format gold` exports them.

CREATE TABLE corrections (
    correction_id        VARCHAR NOT NULL,
    event_id             VARCHAR NOT NULL,
    verdict              VARCHAR NOT NULL,      -- right | wrong | changed
    event_type           VARCHAR,               -- the corrected values, when changed
    mode                 VARCHAR,
    modality             VARCHAR,
    actor_countries      VARCHAR[],
    recipient_countries  VARCHAR[],
    note                 VARCHAR,
    author               VARCHAR,
    created_at           TIMESTAMP NOT NULL
);
