-- One row per schema.index.requested event (a full index of a tenant's datasources), keyed by the event's id,
-- so a redelivered event keeps its row and a new request is a new job. The consumer writes "running" and its
-- progress in short transactions of their own, and "done" with the vectors in the event's transaction.
create table indexing.index_jobs (
    job_id         text        not null,
    tenant_id      text        not null,
    datasource_ids text[]      not null default '{}',
    reason         text,
    status         text        not null check (status in ('queued', 'running', 'retrying', 'done', 'failed')),
    records_total  integer,
    records_done   integer     not null default 0,
    embedded       integer     not null default 0,
    removed        integer     not null default 0,
    requested_at   timestamptz not null default now(),
    started_at     timestamptz,
    updated_at     timestamptz not null default now(),
    finished_at    timestamptz,
    error          text,
    -- event ids are another service's to choose: one tenant's never reaches another tenant's job
    primary key (tenant_id, job_id)
);
create index index_jobs_tenant on indexing.index_jobs (tenant_id, requested_at desc);
