-- Limits that hold for every process sharing the database (PostgresRequestLimiter, PostgresSpendingLimiter) and the web
-- host's ASP.NET data-protection keys (PostgresXmlRepository in the web host).

-- Concurrency permits: slot 0..MaxConcurrent-1 of each provider budget. A held slot has a holder and a lease that its
-- process renews while the request runs; a slot whose lease expired (its process died) is free again.
CREATE TABLE {{schema}}.request_permits (
    key        text        NOT NULL,
    slot       integer     NOT NULL,
    holder     uuid,
    owner      text,
    expires_at timestamptz,
    CONSTRAINT request_permits_pkey PRIMARY KEY (key, slot)
);

-- Pacing: the earliest start of the next request of each provider budget, moved atomically by every request.
CREATE TABLE {{schema}}.request_pacing (
    key        text        NOT NULL,
    next_start timestamptz NOT NULL,
    CONSTRAINT request_pacing_pkey PRIMARY KEY (key)
);

-- Budget reservations of paid calls in flight, under a renewed lease like the permits.
CREATE TABLE {{schema}}.spend_reservations (
    id         uuid        NOT NULL,
    tenant_id  text        NOT NULL,
    search_id  uuid        NOT NULL,
    amount     numeric     NOT NULL,
    expires_at timestamptz NOT NULL,
    CONSTRAINT spend_reservations_pkey PRIMARY KEY (id)
);
CREATE INDEX spend_reservations_search_idx ON {{schema}}.spend_reservations (search_id);

-- ASP.NET Core data-protection key ring: one XML element per key, shared by every web instance.
CREATE TABLE {{schema}}.data_protection_keys (
    name       text        NOT NULL,
    xml        text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT data_protection_keys_pkey PRIMARY KEY (name)
);

-- None of these rows belongs to a tenant: with row-level security on and no policy, only the owner (the role Leadora's
-- processes connect as) reads them, whatever grants a Supabase set-up gives to browser roles.
ALTER TABLE {{schema}}.request_permits ENABLE ROW LEVEL SECURITY;
ALTER TABLE {{schema}}.request_pacing ENABLE ROW LEVEL SECURITY;
ALTER TABLE {{schema}}.spend_reservations ENABLE ROW LEVEL SECURITY;
ALTER TABLE {{schema}}.data_protection_keys ENABLE ROW LEVEL SECURITY;
