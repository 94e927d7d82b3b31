-- Business fit and cross-provider provenance. Every business gets a fit (score in [0, 1], reason, method, excluded);
-- excluded businesses stay stored and visible but are not leads. Types are all the provider's categories or types
-- (the fit rules read them), and also_found_by lists where merged duplicates were found (another provider, query, page).
ALTER TABLE {{schema}}.businesses
    ADD COLUMN types         jsonb NOT NULL DEFAULT '[]'::jsonb,
    ADD COLUMN also_found_by jsonb NOT NULL DEFAULT '[]'::jsonb,
    ADD COLUMN fit           jsonb;
