-- Lead annotations: each user's status (new, contacted, qualified, rejected) and short note per business or decision
-- maker of their search. lead_id is a business or decision-maker id of the search (the store checks which on write);
-- the rows go with the search. A search's annotations are read in one query by the primary key's prefix.
CREATE TABLE {{schema}}.lead_annotations (
    tenant_id  text        NOT NULL,
    search_id  uuid        NOT NULL,
    lead_id    uuid        NOT NULL,
    status     text        NOT NULL,
    note       text,
    updated_at timestamptz NOT NULL,
    CONSTRAINT lead_annotations_pkey PRIMARY KEY (tenant_id, search_id, lead_id),
    CONSTRAINT lead_annotations_status_check CHECK (status IN ('new', 'contacted', 'qualified', 'rejected')),
    CONSTRAINT lead_annotations_note_check CHECK (char_length(note) <= 2000),
    CONSTRAINT lead_annotations_search_fkey FOREIGN KEY (tenant_id, search_id) REFERENCES {{schema}}.searches (tenant_id, id) ON DELETE CASCADE
);

-- Row-level security like the other tenant tables: on always (only the owner, which Leadora's processes connect as,
-- bypasses it), with the Supabase tenant policy wherever auth.uid() exists, and the Supabase grants when the optional
-- 1001 migration was applied before this table existed (1001's grants cover only the tables that existed then).
ALTER TABLE {{schema}}.lead_annotations ENABLE ROW LEVEL SECURITY;
DO $$
BEGIN
    IF to_regprocedure('auth.uid()') IS NOT NULL THEN
        CREATE POLICY leadora_tenant_isolation ON {{schema}}.lead_annotations
            USING (tenant_id = (SELECT auth.uid())::text) WITH CHECK (tenant_id = (SELECT auth.uid())::text);
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'authenticated')
       AND EXISTS (SELECT 1 FROM {{schema}}.schema_migrations WHERE version = 1001) THEN
        GRANT SELECT, INSERT, UPDATE, DELETE ON {{schema}}.lead_annotations TO authenticated;
    END IF;
END
$$;
