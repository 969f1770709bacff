-- dyad store, schema version 1.
-- articles → sentences → mentions (one coded event as one article reports it) → events (the same
-- real event consolidated across the articles of a story) ← stories (articles telling one story).
-- Keys are kept unique by the writer (delete, then insert, in one transaction), not by indexes:
-- DuckDB's zone maps answer the dyad and date filters at scale, and indexes cost memory.

CREATE TABLE articles (
    article_id    VARCHAR NOT NULL,
    hash          VARCHAR NOT NULL,      -- sha1 of the cleaned text: changed text replaces events
    source        VARCHAR,
    url           VARCHAR,
    title         VARCHAR,
    published     DATE,
    text          VARCHAR NOT NULL,
    story_id      VARCHAR,
    ingested_at   TIMESTAMP NOT NULL
);

CREATE TABLE sentences (
    article_id     VARCHAR NOT NULL,
    sentence_index INTEGER NOT NULL,
    start_char     INTEGER NOT NULL,
    end_char       INTEGER NOT NULL,
    text           VARCHAR NOT NULL
);

-- What story clustering reads: a MinHash signature of word shingles and a sentence embedding.
CREATE TABLE article_features (
    article_id  VARCHAR NOT NULL,
    minhash     UBIGINT[] NOT NULL,
    embedding   FLOAT[]
);

CREATE TABLE mentions (
    mention_id          VARCHAR NOT NULL,   -- the event id `dyad extract` gives
    article_id          VARCHAR NOT NULL,
    event_id            VARCHAR,               -- the consolidated event it reports
    event_type          VARCHAR NOT NULL,
    mode                VARCHAR,
    cameo               VARCHAR,
    quad_class          TINYINT NOT NULL,
    intensity           DOUBLE,
    modality            VARCHAR NOT NULL,
    actors              STRUCT(text VARCHAR, name VARCHAR, country VARCHAR, sector VARCHAR)[],
    recipients          STRUCT(text VARCHAR, name VARCHAR, country VARCHAR, sector VARCHAR)[],
    attributed_to       STRUCT(text VARCHAR, name VARCHAR, country VARCHAR, sector VARCHAR),
    actor_country       VARCHAR,               -- first actor's country (GDELT's Actor1)
    recipient_country   VARCHAR,
    actor_countries     VARCHAR[] NOT NULL,    -- every party's country, sorted, for filters
    recipient_countries VARCHAR[] NOT NULL,
    date                DATE,
    date_precision      VARCHAR,
    date_from_text      BOOLEAN NOT NULL,      -- false: the publication date stands in
    location            STRUCT(text VARCHAR, name VARCHAR, country VARCHAR, lat DOUBLE, lon DOUBLE),
    sentence_index      INTEGER NOT NULL,
    sentence            VARCHAR NOT NULL,
    trigger             STRUCT(text VARCHAR, "start" INTEGER, "end" INTEGER),
    confidence          DOUBLE NOT NULL
);

CREATE TABLE events (
    event_id            VARCHAR NOT NULL,
    story_id            VARCHAR NOT NULL,
    event_type          VARCHAR NOT NULL,
    mode                VARCHAR,
    cameo               VARCHAR,
    quad_class          TINYINT NOT NULL,
    intensity           DOUBLE,
    modality            VARCHAR NOT NULL,
    actors              STRUCT(text VARCHAR, name VARCHAR, country VARCHAR, sector VARCHAR)[],
    recipients          STRUCT(text VARCHAR, name VARCHAR, country VARCHAR, sector VARCHAR)[],
    actor_country       VARCHAR,
    recipient_country   VARCHAR,
    actor_countries     VARCHAR[] NOT NULL,
    recipient_countries VARCHAR[] NOT NULL,
    date                DATE,
    date_precision      VARCHAR,
    location            STRUCT(text VARCHAR, name VARCHAR, country VARCHAR, lat DOUBLE, lon DOUBLE),
    confidence          DOUBLE NOT NULL,       -- the best of its mentions
    num_mentions        INTEGER NOT NULL,
    num_articles        INTEGER NOT NULL,
    num_sources         INTEGER NOT NULL,
    first_seen          DATE,
    last_seen           DATE,
    article_id          VARCHAR NOT NULL,      -- the first report: its sentence and URL
    mention_id          VARCHAR NOT NULL,
    source_url          VARCHAR,
    sentence            VARCHAR NOT NULL
);

CREATE TABLE stories (
    story_id         VARCHAR NOT NULL,
    title            VARCHAR,
    first_published  DATE,
    last_published   DATE,
    num_articles     INTEGER NOT NULL,
    num_sources      INTEGER NOT NULL
);

