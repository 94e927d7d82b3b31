-- Optional (Leadora:Postgres:EnableSupabaseRowLevelSecurity): row-level security for Supabase, so a signed-in user sees
-- and writes only rows whose tenant_id is their user id (auth.uid()). Workers should connect with a role that bypasses
-- RLS (the table owner or Supabase's service_role); browser clients using the anon key then see only their own rows.
DO $$
BEGIN
    IF to_regprocedure('auth.uid()') IS NULL THEN
        RAISE EXCEPTION 'auth.uid() does not exist: EnableSupabaseRowLevelSecurity is meant for Supabase databases (or any database that provides auth.uid()).';
    END IF;
END
$$;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['searches', 'business_personas', 'decision_maker_personas', 'businesses', 'business_keys',
                             'decision_makers', 'market_reports', 'search_warnings', 'embeddings', 'jobs',
                             'response_cache', 'usage_entries']
    LOOP
        EXECUTE format('ALTER TABLE {{schema}}.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('DROP POLICY IF EXISTS leadora_tenant_isolation ON {{schema}}.%I', t);
        EXECUTE format('CREATE POLICY leadora_tenant_isolation ON {{schema}}.%I USING (tenant_id = (SELECT auth.uid())::text) WITH CHECK (tenant_id = (SELECT auth.uid())::text)', t);
    END LOOP;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'authenticated') THEN
        EXECUTE 'GRANT USAGE ON SCHEMA {{schema}} TO authenticated';
        EXECUTE 'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {{schema}} TO authenticated';
        EXECUTE 'GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA {{schema}} TO authenticated';
    END IF;
END
$$;
