-- Recall requests (seed 000): one row per request, its per-target audit trail, and the contact
-- addresses a tenant configured for its users' confirmation e-mails.
create table recall_request (
    recall_id           uuid primary key,
    tenant_id           text        not null,
    user_id             text        not null,
    recall_mode         text        not null check (recall_mode in ('FULL_EXCLUDE', 'ANONYMIZE')),
    state               text        not null check (state in ('REQUESTED', 'IN_PROGRESS', 'COMPLETED', 'FAILED')),
    recall_requested_at timestamptz not null default now(),
    recall_completed_at timestamptz,
    deadline            timestamptz not null,
    external_ref        text,
    requested_by        text        not null,
    -- pipeline runs so far; a run holds the request until lease_until, so no two runs overlap
    runs                int         not null default 0,
    lease_until         timestamptz,
    last_activity_at    timestamptz not null default now(),
    last_error          text,
    completed_by        text,
    completion_reason   text,
    notified_at         timestamptz,
    sla_warned_at       timestamptz,
    sla_breached_at     timestamptz
);
-- at most one unfinished request per user: concurrent duplicate submits cannot create two jobs
create unique index recall_request_one_open on recall_request (tenant_id, user_id)
    where state in ('REQUESTED', 'IN_PROGRESS', 'FAILED');
create unique index recall_request_external_ref on recall_request (tenant_id, external_ref)
    where external_ref is not null;
create index recall_request_open_by_deadline on recall_request (deadline)
    where state in ('REQUESTED', 'IN_PROGRESS', 'FAILED');
create index recall_request_by_user on recall_request (tenant_id, user_id, recall_requested_at desc);
create index recall_request_by_tenant on recall_request (tenant_id, recall_requested_at desc);

-- The seed's UserPrivacyProfile: each user's latest recall request.
create view user_privacy_profile as
select distinct on (tenant_id, user_id)
       tenant_id, user_id, recall_id, recall_mode, recall_requested_at, recall_completed_at, state, deadline
from recall_request
order by tenant_id, user_id, recall_requested_at desc;

-- One row per attempt of one erasure target, and per manual action (actor and note say who and why).
create table recall_audit (
    id            bigserial primary key,
    recall_id     uuid        not null references recall_request (recall_id),
    target        text        not null,
    attempt       int         not null,
    started_at    timestamptz not null default now(),
    finished_at   timestamptz,
    rows_affected bigint,
    error         text,
    actor         text,
    note          text
);
create index recall_audit_by_recall on recall_audit (recall_id, id);

-- The address a tenant configured for a user's privacy notices; without one, the tenant's privacy contact.
create table privacy_user_contact (
    tenant_id  text        not null,
    user_id    text        not null,
    email      text        not null,
    updated_at timestamptz not null default now(),
    primary key (tenant_id, user_id)
);
