-- Tenant registry: every pipeline is tenant-scoped; the operator registers tenants here.
create table tenant (
    tenant_id       text primary key,
    display_name    text        not null,
    privacy_contact text,
    storage_path    text,
    active          boolean     not null default true,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now()
);

-- Transactional outbox: written in the same transaction as the state change it announces,
-- published to Kafka by the outbox relay route (at least once; consumers deduplicate by event_id).
create table outbox_event (
    id           bigserial primary key,
    event_id     text        not null unique,
    event_type   text        not null,
    topic        text        not null,
    tenant_id    text        not null,
    payload      text        not null,
    created_at   timestamptz not null default now(),
    published_at timestamptz
);
create index outbox_event_unpublished on outbox_event (id) where published_at is null;

-- Inbox: one row per consumed event_id, committed together with the event's effects,
-- so a redelivered event is recognised and has no second effect.
create table inbox_event (
    event_id    text        not null,
    consumer    text        not null,
    event_type  text        not null,
    tenant_id   text,
    topic       text        not null,
    payload     text        not null,
    received_at timestamptz not null default now(),
    primary key (consumer, event_id)
);
create index inbox_event_tenant on inbox_event (tenant_id, event_type);
