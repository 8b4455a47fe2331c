-- Dead letters: every event a consuming route could not handle, with where it came from and why, so
-- admins can inspect, replay or discard it. tenant_id is the event's own tenant when the event names a
-- registered one; otherwise NULL, and only the operator sees the letter. user_ids are the users the
-- event names (user_id, *_user_id), so a recall finds their letters.
create table dead_letter (
    id               uuid primary key default gen_random_uuid(),
    tenant_id        text references tenant (tenant_id) on delete cascade,
    user_ids         text[]      not null default '{}',
    event_id         text,
    event_type       text,
    source_topic     text        not null,
    source_partition integer,
    source_offset    bigint,
    record_key       text,
    original_event   text        not null,
    reason           text        not null,
    error_type       text,
    attempts         integer     not null,
    status           text        not null default 'PENDING' check (status in ('PENDING', 'REPLAYED')),
    failed_at        timestamptz not null default now(),
    replayed_at      timestamptz,
    replayed_by      text,
    -- a record redelivered after its letter was stored (the hub crashed before committing the offset)
    -- gets no second letter
    unique (source_topic, source_partition, source_offset)
);
create index dead_letter_listing on dead_letter (tenant_id, failed_at desc);
create index dead_letter_users on dead_letter using gin (user_ids);
