-- SQL equivalents of the seed's persona-matching RPCs, with real cosine similarity (1 - cosine distance, in [-1, 1])
-- where the seed used the negative inner product and reported 1 + cos. They order by the cosine distance operator <=>,
-- the form pgvector's HNSW cosine index serves. Both take the tenant first, like every query in this schema.

-- The business persona closest to a business of the tenant (one row, or none when either side has no embedding).
CREATE FUNCTION {{schema}}.match_business_best_persona(p_tenant_id text, p_business_id uuid)
RETURNS TABLE (persona_id uuid, similarity double precision)
LANGUAGE sql STABLE
AS $$
    SELECT p.entity_id, 1 - (p.embedding <=> b.embedding)
    FROM {{schema}}.embeddings b
    JOIN {{schema}}.embeddings p
      ON p.tenant_id = b.tenant_id AND p.search_id = b.search_id AND p.kind = 0
    WHERE b.tenant_id = p_tenant_id AND b.entity_id = p_business_id AND b.kind = 2
    ORDER BY p.embedding <=> b.embedding
    LIMIT 1
$$;

-- The two decision-maker personas closest to a decision maker of the tenant, best first (rank 1 and 2).
CREATE FUNCTION {{schema}}.match_dm_top2_personas(p_tenant_id text, p_dm_id uuid)
RETURNS TABLE (persona_id uuid, similarity double precision, rank integer)
LANGUAGE sql STABLE
AS $$
    SELECT m.entity_id, m.similarity, (row_number() OVER (ORDER BY m.distance))::integer
    FROM (
        SELECT p.entity_id, p.embedding <=> d.embedding AS distance, 1 - (p.embedding <=> d.embedding) AS similarity
        FROM {{schema}}.embeddings d
        JOIN {{schema}}.embeddings p
          ON p.tenant_id = d.tenant_id AND p.search_id = d.search_id AND p.kind = 1
        WHERE d.tenant_id = p_tenant_id AND d.entity_id = p_dm_id AND d.kind = 3
        ORDER BY p.embedding <=> d.embedding
        LIMIT 2
    ) m
    ORDER BY m.distance
$$;
