-- Saved report queries, their schedules and the run history (issue 14, outcomes 3, 4, 6, 7). The Quartz trigger of
-- a schedule lives in the qrtz_* tables (V2), written in the same transaction as the schedule row.
create table report_query (
    tenant_id     text        not null references tenant (tenant_id),
    query_id      text        not null,
    name          text        not null,
    sql_text      text        not null,
    -- no foreign key: a datasource may be replaced or removed; a run then fails naming it
    datasource_id text        not null,
    -- JSON array of values bound as JDBC parameters to the ? placeholders, in order
    parameters    text        not null default '[]',
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now(),
    primary key (tenant_id, query_id)
);

create table report_schedule (
    tenant_id        text        not null,
    schedule_id      text        not null,
    query_id         text        not null,
    cron             text        not null,
    time_zone        text        not null,
    delivery_channel text        not null check (delivery_channel in ('email')),
    delivery_format  text        not null check (delivery_format in ('excel', 'pdf', 'csv')),
    -- personal data: mail addresses (docs/data-map.md)
    recipients       text[]      not null,
    enabled          boolean     not null,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now(),
    primary key (tenant_id, schedule_id),
    foreign key (tenant_id, query_id) references report_query (tenant_id, query_id)
);

create table report_run (
    run_id          uuid        primary key,
    tenant_id       text        not null,
    schedule_id     text        not null,
    query_id        text        not null,
    -- schedule: fired by the cron trigger; manual: POST .../run
    trigger_kind    text        not null check (trigger_kind in ('schedule', 'manual')),
    run_at          timestamptz not null,
    status          text        not null check (status in ('queued', 'running', 'retrying', 'succeeded', 'failed')),
    attempts        int         not null default 0,
    started_at      timestamptz,
    finished_at     timestamptz,
    next_attempt_at timestamptz,
    row_count       bigint,
    byte_count      bigint,
    truncated       boolean,
    file_path       text,
    file_deleted_at timestamptz,
    error           text,
    request_id      uuid        not null,
    foreign key (tenant_id, schedule_id) references report_schedule (tenant_id, schedule_id) on delete cascade
);
-- a scheduled fire time is run once, even when Quartz recovers the execution on another replica
create unique index report_run_once on report_run (tenant_id, schedule_id, run_at) where trigger_kind = 'schedule';
create index report_run_history on report_run (tenant_id, schedule_id, run_at desc);
create index report_run_files on report_run (finished_at) where file_path is not null and file_deleted_at is null;
