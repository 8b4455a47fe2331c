-- The vectors of the indexing pipeline (seed 002 collections schema_objects, schema_columns,
-- business_rules, golden_qa, query_feedback): the durable source of truth. Each hub replica derives its
-- own Lucene HNSW index from this table at start (IndexRebuild) and keeps it fresh from
-- indexing.vector.changed. The embedded PostgreSQL has no pgvector, so a vector is a real[].
create schema if not exists indexing;

create table indexing.vectors (
    tenant_id     text        not null,
    collection    text        not null check (collection in
                  ('schema_objects', 'schema_columns', 'business_rules', 'golden_qa', 'query_feedback')),
    record_id     text        not null,
    datasource_id text,
    -- sha-256 of the model name and the embedded text: unchanged content is never embedded again
    content_hash  text        not null,
    model         text        not null,
    content       text        not null,
    metadata      text        not null default '{}',
    embedding     real[]      not null,
    updated_at    timestamptz not null default now(),
    primary key (tenant_id, collection, record_id)
);
