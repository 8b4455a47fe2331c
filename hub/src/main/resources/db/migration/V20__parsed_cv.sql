-- CV parsing jobs (seed 001): one row per submitted CV, from 'processing' to 'success' or 'failed'.
-- Holds only professional data: the CV text itself lives in the tenant's storage until retention
-- deletes it, and parsed_data is filtered and scanned for personal data before it is written.
create table parsed_cv (
    id                      uuid primary key,
    tenant_id               text        not null,
    user_id                 text        not null,
    session_id              text        not null,
    parse_mode              text        not null check (parse_mode in ('basic', 'advanced')),
    source                  text        not null check (source in ('file', 'text')),
    status                  text        not null check (status in ('processing', 'success', 'failed')),
    file_name               text,
    stored_file_path        text,
    cv_language             text,
    parsed_data             text,
    error_message           text,
    processing_time_seconds double precision,
    attempts                integer     not null default 0,
    requested_at            timestamptz not null default now(),
    created_at              timestamptz not null default now(),
    updated_at              timestamptz not null default now(),
    completed_at            timestamptz
);
create index parsed_cv_tenant_user on parsed_cv (tenant_id, user_id);
create index parsed_cv_tenant_status on parsed_cv (tenant_id, status);
create index parsed_cv_processing on parsed_cv (requested_at) where status = 'processing';
create index parsed_cv_created on parsed_cv (created_at);
