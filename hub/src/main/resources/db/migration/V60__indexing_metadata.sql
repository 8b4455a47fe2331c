-- The Metadata DB of seed 002 (§2-4): the exposed catalog, the NL-to-SQL context and the query audit,
-- with the seed's schema and table names. Every row belongs to one tenant. Ids of Kavsak's own records
-- are UUIDs; ids that other services assign (datasource, query run, request, user) are kept as text.
create schema if not exists catalog;
create schema if not exists context;
create schema if not exists audit;

create table catalog.exposed_objects (
    id            uuid primary key default gen_random_uuid(),
    tenant_id     text not null references tenant (tenant_id),
    datasource_id text not null,
    object_name   text not null,
    object_type   text not null default 'table' check (object_type in ('table', 'view')),
    display_name  text,
    description   text,
    is_enabled    boolean not null default true,
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now(),
    unique (tenant_id, datasource_id, object_name)
);
create index exposed_objects_tenant on catalog.exposed_objects (tenant_id, datasource_id) where is_enabled;

create table catalog.exposed_columns (
    id                uuid primary key default gen_random_uuid(),
    tenant_id         text not null references tenant (tenant_id),
    exposed_object_id uuid not null references catalog.exposed_objects (id) on delete cascade,
    column_name       text not null,
    data_type         text not null,
    logical_type      text,
    description       text,
    is_pii            boolean not null default false,
    is_exposed        boolean not null default true,
    created_at        timestamptz not null default now(),
    updated_at        timestamptz not null default now(),
    unique (exposed_object_id, column_name)
);
create index exposed_columns_tenant on catalog.exposed_columns (tenant_id) where is_exposed;

create table context.business_rules (
    id          uuid primary key default gen_random_uuid(),
    tenant_id   text not null references tenant (tenant_id),
    name        text not null,
    description text not null,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now()
);
create index business_rules_tenant on context.business_rules (tenant_id);

create table context.golden_qa (
    id                 uuid primary key default gen_random_uuid(),
    tenant_id          text not null references tenant (tenant_id),
    datasource_id      text not null,
    query_run_id       text,
    question_text      text not null,
    sql_text           text not null,
    created_by_user_id text,
    created_at         timestamptz not null default now()
);
create index golden_qa_tenant on context.golden_qa (tenant_id, datasource_id);
create index golden_qa_user on context.golden_qa (tenant_id, created_by_user_id);

create table context.query_feedback (
    id                 uuid primary key default gen_random_uuid(),
    tenant_id          text not null references tenant (tenant_id),
    query_run_id       text not null,
    feedback_type      text not null,
    feedback_text      text,
    created_by_user_id text,
    created_at         timestamptz not null default now()
);
create index query_feedback_tenant on context.query_feedback (tenant_id, query_run_id);
create index query_feedback_user on context.query_feedback (tenant_id, created_by_user_id);

-- seed 002 §4.1: one row per finished NL-to-SQL run (the payload of query.run.completed plus the
-- question and SQL when the producer writes them); the anomaly detector of seed 003 trains on it
create table audit.query_runs (
    query_run_id  text not null,
    tenant_id     text not null,
    user_id       text,
    datasource_id text,
    request_id    text,
    question_text text,
    sql_text      text,
    status        text not null check (status in ('succeeded', 'failed')),
    row_count     bigint,
    error_code    text,
    error_message text,
    started_at    timestamptz,
    finished_at   timestamptz,
    duration_ms   bigint generated always as
                  ((extract(epoch from (finished_at - started_at)) * 1000)::bigint) stored,
    recorded_at   timestamptz not null default now(),
    primary key (tenant_id, query_run_id)
);
create index query_runs_finished on audit.query_runs (tenant_id, finished_at);
create index query_runs_user on audit.query_runs (tenant_id, user_id);
