-- Leadora schema, version 1. Placeholders: {{schema}} (quoted schema name), {{dimensions}} (embedding dimensions).
-- Every row carries its tenant; every read filters by it. Natural keys are unique so a re-delivered job upserts instead
-- of duplicating. Timestamps come from the application's clock as parameters, never from now().

CREATE TABLE {{schema}}.searches (
    tenant_id       text        NOT NULL,
    id              uuid        NOT NULL,
    search_type     text        NOT NULL,
    product_service text        NOT NULL,
    industries      text[]      NOT NULL,
    countries       text[]      NOT NULL,
    limits          jsonb       NOT NULL,
    status          text        NOT NULL,
    error           text,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    completed_at    timestamptz,
    CONSTRAINT searches_pkey PRIMARY KEY (id),
    CONSTRAINT searches_tenant_id_key UNIQUE (tenant_id, id),
    CONSTRAINT searches_status_check CHECK (status IN ('pending', 'running', 'completed', 'completed_with_warnings', 'failed', 'cancelled'))
);
CREATE INDEX searches_tenant_created_idx ON {{schema}}.searches (tenant_id, created_at DESC, id);

CREATE TABLE {{schema}}.business_personas (
    tenant_id text    NOT NULL,
    search_id uuid    NOT NULL,
    id        uuid    NOT NULL,
    rank      integer NOT NULL,
    title     text    NOT NULL,
    persona   jsonb   NOT NULL,
    CONSTRAINT business_personas_pkey PRIMARY KEY (tenant_id, search_id, id),
    CONSTRAINT business_personas_search_fkey FOREIGN KEY (tenant_id, search_id) REFERENCES {{schema}}.searches (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE {{schema}}.decision_maker_personas (
    tenant_id text    NOT NULL,
    search_id uuid    NOT NULL,
    id        uuid    NOT NULL,
    rank      integer NOT NULL,
    title     text    NOT NULL,
    persona   jsonb   NOT NULL,
    CONSTRAINT decision_maker_personas_pkey PRIMARY KEY (tenant_id, search_id, id),
    CONSTRAINT decision_maker_personas_search_fkey FOREIGN KEY (tenant_id, search_id) REFERENCES {{schema}}.searches (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE {{schema}}.businesses (
    tenant_id                text             NOT NULL,
    search_id                uuid             NOT NULL,
    id                       uuid             NOT NULL,
    seq                      bigint           GENERATED ALWAYS AS IDENTITY,
    name                     text             NOT NULL,
    address                  text,
    city                     text,
    country                  text             NOT NULL,
    phone                    text,
    website                  text,
    domain                   text,
    category                 text,
    rating                   double precision,
    rating_count             integer,
    place_id                 text,
    cid                      text,
    latitude                 double precision,
    longitude                double precision,
    provenance               jsonb            NOT NULL,
    discovered_by            text             NOT NULL,
    persona_match            jsonb,
    decision_makers_searched boolean          NOT NULL DEFAULT false,
    found_at                 timestamptz      NOT NULL,
    CONSTRAINT businesses_pkey PRIMARY KEY (tenant_id, search_id, id),
    CONSTRAINT businesses_search_fkey FOREIGN KEY (tenant_id, search_id) REFERENCES {{schema}}.searches (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX businesses_order_idx ON {{schema}}.businesses (tenant_id, search_id, seq);
CREATE INDEX businesses_unit_idx ON {{schema}}.businesses (tenant_id, search_id, discovered_by, seq);

-- De-duplication keys (place id, CID, domain, phone, name + street): a business sharing any key with a stored one is
-- the same business. The unique key makes the de-duplication hold across concurrent workers.
CREATE TABLE {{schema}}.business_keys (
    tenant_id   text NOT NULL,
    search_id   uuid NOT NULL,
    key         text NOT NULL,
    business_id uuid NOT NULL,
    CONSTRAINT business_keys_pkey PRIMARY KEY (tenant_id, search_id, key),
    CONSTRAINT business_keys_business_fkey FOREIGN KEY (tenant_id, search_id, business_id) REFERENCES {{schema}}.businesses (tenant_id, search_id, id) ON DELETE CASCADE
);
CREATE INDEX business_keys_business_idx ON {{schema}}.business_keys (tenant_id, search_id, business_id);

CREATE TABLE {{schema}}.decision_makers (
    tenant_id     text        NOT NULL,
    search_id     uuid        NOT NULL,
    id            uuid        NOT NULL,
    seq           bigint      GENERATED ALWAYS AS IDENTITY,
    profile_key   text        NOT NULL,
    business_id   uuid        NOT NULL,
    name          text        NOT NULL,
    title         text        NOT NULL,
    company       text        NOT NULL,
    linkedin_url  text        NOT NULL,
    location      text,
    snippet       text,
    provenance    jsonb       NOT NULL,
    persona_match jsonb,
    found_at      timestamptz NOT NULL,
    CONSTRAINT decision_makers_pkey PRIMARY KEY (tenant_id, search_id, id),
    CONSTRAINT decision_makers_profile_key UNIQUE (tenant_id, search_id, profile_key),
    CONSTRAINT decision_makers_search_fkey FOREIGN KEY (tenant_id, search_id) REFERENCES {{schema}}.searches (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX decision_makers_order_idx ON {{schema}}.decision_makers (tenant_id, search_id, seq);

CREATE TABLE {{schema}}.market_reports (
    tenant_id    text        NOT NULL,
    search_id    uuid        NOT NULL,
    evidence     text        NOT NULL,
    report       jsonb       NOT NULL,
    generated_at timestamptz NOT NULL,
    CONSTRAINT market_reports_pkey PRIMARY KEY (tenant_id, search_id),
    CONSTRAINT market_reports_search_fkey FOREIGN KEY (tenant_id, search_id) REFERENCES {{schema}}.searches (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE {{schema}}.search_warnings (
    tenant_id text        NOT NULL,
    search_id uuid        NOT NULL,
    code      text        NOT NULL,
    subject   text        NOT NULL,
    seq       bigint      GENERATED ALWAYS AS IDENTITY,
    message   text        NOT NULL,
    raised_at timestamptz NOT NULL,
    CONSTRAINT search_warnings_pkey PRIMARY KEY (tenant_id, search_id, code, subject),
    CONSTRAINT search_warnings_search_fkey FOREIGN KEY (tenant_id, search_id) REFERENCES {{schema}}.searches (tenant_id, id) ON DELETE CASCADE
);

-- Embeddings of personas, businesses and decision makers. Not tied to entity rows by a foreign key: the pipeline stores a
-- decision maker's vector before the decision maker itself. kind: 0 business persona, 1 decision-maker persona,
-- 2 business, 3 decision maker.
CREATE TABLE {{schema}}.embeddings (
    tenant_id  text                    NOT NULL,
    search_id  uuid                    NOT NULL,
    kind       smallint                NOT NULL,
    entity_id  uuid                    NOT NULL,
    embedding  vector({{dimensions}})  NOT NULL,
    updated_at timestamptz             NOT NULL,
    CONSTRAINT embeddings_pkey PRIMARY KEY (tenant_id, search_id, kind, entity_id),
    CONSTRAINT embeddings_kind_check CHECK (kind BETWEEN 0 AND 3)
);
CREATE INDEX embeddings_entity_idx ON {{schema}}.embeddings (tenant_id, entity_id);
CREATE INDEX embeddings_hnsw_idx ON {{schema}}.embeddings USING hnsw (embedding vector_cosine_ops);

-- The durable job queue. key is the idempotency key: enqueueing an existing key is a no-op.
CREATE TABLE {{schema}}.jobs (
    id               uuid             NOT NULL,
    seq              bigint           GENERATED ALWAYS AS IDENTITY,
    key              text             NOT NULL,
    tenant_id        text             NOT NULL,
    search_id        uuid             NOT NULL,
    type             text             NOT NULL,
    payload          text             NOT NULL,
    state            text             NOT NULL,
    attempts         integer          NOT NULL DEFAULT 0,
    max_attempts     integer          NOT NULL,
    run_after        timestamptz      NOT NULL,
    worker_id        text,
    lease_token      uuid,
    lease_expires_at timestamptz,
    progress         double precision NOT NULL DEFAULT 0,
    last_error       text,
    created_at       timestamptz      NOT NULL,
    updated_at       timestamptz      NOT NULL,
    finished_at      timestamptz,
    CONSTRAINT jobs_pkey PRIMARY KEY (id),
    CONSTRAINT jobs_key_key UNIQUE (key),
    CONSTRAINT jobs_state_check CHECK (state IN ('pending', 'running', 'completed', 'dead_lettered', 'cancelled'))
);
-- Claims change state on every job, so dead rows pile up fast in a busy queue: vacuum this table early and often.
ALTER TABLE {{schema}}.jobs SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_insert_scale_factor = 0.05, autovacuum_analyze_scale_factor = 0.02);
CREATE INDEX jobs_pending_idx ON {{schema}}.jobs (run_after, seq) WHERE state = 'pending';
CREATE INDEX jobs_running_idx ON {{schema}}.jobs (lease_expires_at) WHERE state = 'running';
CREATE INDEX jobs_search_idx ON {{schema}}.jobs (tenant_id, search_id, seq);

-- Provider responses by normalized request key, per tenant, with a time to live.
CREATE TABLE {{schema}}.response_cache (
    tenant_id  text        NOT NULL,
    key        text        NOT NULL,
    source     text        NOT NULL,
    payload    text        NOT NULL,
    stored_at  timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    CONSTRAINT response_cache_pkey PRIMARY KEY (tenant_id, key)
);
CREATE INDEX response_cache_expires_idx ON {{schema}}.response_cache (expires_at);

-- One row per provider call or cache hit.
CREATE TABLE {{schema}}.usage_entries (
    id            bigint           GENERATED ALWAYS AS IDENTITY,
    tenant_id     text             NOT NULL,
    search_id     uuid,
    provider      text             NOT NULL,
    operation     text             NOT NULL,
    model         text,
    input_tokens  bigint           NOT NULL,
    output_tokens bigint           NOT NULL,
    items         integer          NOT NULL,
    latency_ms    double precision NOT NULL,
    cache_hit     boolean          NOT NULL,
    fallback      boolean          NOT NULL,
    failed        boolean          NOT NULL,
    cost_usd      numeric          NOT NULL,
    at            timestamptz      NOT NULL,
    CONSTRAINT usage_entries_pkey PRIMARY KEY (id)
);
CREATE INDEX usage_entries_search_idx ON {{schema}}.usage_entries (tenant_id, search_id);
