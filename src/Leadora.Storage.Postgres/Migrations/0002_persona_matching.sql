-- SQL equivalents of the seed's persona-matching RPCs, with real cosine similarity (1 - cosine distance, in [-1, 1])
-- where the seed used the negative inner product and reported 1 + cos. The personas are ranked in a LATERAL subquery by
-- the cosine distance operator <=> with LIMIT, the form pgvector's HNSW cosine index can serve; for one search's handful
-- of personas the planner usually prefers the primary-key index and an exact sort. Both take the tenant first, like every
-- query in this schema.

-- The business persona closest to a business of the tenant (one row, or none when either side has no embedding).
CREATE FUNCTION {{schema}}.match_business_best_persona(p_tenant_id text, p_business_id uuid)
RETURNS TABLE (persona_id uuid, similarity double precision)
LANGUAGE sql STABLE
AS $$
    SELECT m.entity_id, 1 - m.distance
    FROM {{schema}}.embeddings b
    CROSS JOIN LATERAL (
        SELECT p.entity_id, p.embedding <=> b.embedding AS distance
        FROM {{schema}}.embeddings p
        WHERE p.tenant_id = b.tenant_id AND p.search_id = b.search_id AND p.kind = 0
        ORDER BY p.embedding <=> b.embedding
        LIMIT 1
    ) m
    WHERE b.tenant_id = p_tenant_id AND b.entity_id = p_business_id AND b.kind = 2
$$;

-- The two decision-maker personas closest to a decision maker of the tenant, best first (rank 1 and 2).
CREATE FUNCTION {{schema}}.match_dm_top2_personas(p_tenant_id text, p_dm_id uuid)
RETURNS TABLE (persona_id uuid, similarity double precision, rank integer)
LANGUAGE sql STABLE
AS $$
    SELECT m.entity_id, 1 - m.distance, (row_number() OVER (ORDER BY m.distance))::integer
    FROM {{schema}}.embeddings d
    CROSS JOIN LATERAL (
        SELECT p.entity_id, p.embedding <=> d.embedding AS distance
        FROM {{schema}}.embeddings p
        WHERE p.tenant_id = d.tenant_id AND p.search_id = d.search_id AND p.kind = 1
        ORDER BY p.embedding <=> d.embedding
        LIMIT 2
    ) m
    WHERE d.tenant_id = p_tenant_id AND d.entity_id = p_dm_id AND d.kind = 3
    ORDER BY m.distance
$$;

-- pgvector 0.8+: when the HNSW index is used, keep scanning until enough rows of the tenant's search pass the filter
-- (instead of filtering one fixed batch of nearest neighbours, which can leave a small search with no match).
DO $$
BEGIN
    IF (SELECT string_to_array(split_part(extversion, '-', 1), '.')::int[] FROM pg_extension WHERE extname = 'vector') >= ARRAY[0, 8] THEN
        ALTER FUNCTION {{schema}}.match_business_best_persona(text, uuid) SET hnsw.iterative_scan = 'strict_order';
        ALTER FUNCTION {{schema}}.match_dm_top2_personas(text, uuid) SET hnsw.iterative_scan = 'strict_order';
    END IF;
END
$$;
