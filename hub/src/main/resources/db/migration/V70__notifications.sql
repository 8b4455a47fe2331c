-- Notification pipeline (seed 002 §5.3): one row per notification.email.requested event. The row is
-- claimed (SENDING, with a lease) before the mail is sent and finished (SENT or FAILED) after, so a
-- redelivered event or a second hub replica never sends a second mail.
create table notification (
    id              uuid primary key,
    event_id        text        not null unique,
    tenant_id       text        not null,
    -- personal data: erased by a recall (notification/NotificationLogEraser)
    recipient       text,
    template        text        not null,
    locale          text,
    request         text        not null,
    requested_by    text,
    status          text        not null default 'PENDING'
        check (status in ('PENDING', 'SENDING', 'SENT', 'FAILED')),
    provider        text,
    smtp_message_id text,
    attempts        integer     not null default 0,
    reason          text,
    requested_at    timestamptz,
    accepted_at     timestamptz not null default now(),
    claimed_until   timestamptz,
    finished_at     timestamptz
);
create index notification_due on notification (accepted_at) where status in ('PENDING', 'SENDING');
create index notification_tenant_log on notification (tenant_id, accepted_at desc);
create index notification_recipient on notification (tenant_id, recipient);

-- A tenant's own version of a template (overrides the built-in one of the same name and locale).
create table notification_template (
    tenant_id  text        not null,
    name       text        not null,
    locale     text        not null,
    subject    text        not null,
    html       text        not null,
    text       text        not null,
    updated_at timestamptz not null default now(),
    primary key (tenant_id, name, locale)
);

-- The tenant's language for its mails, and when its onboarding completed (seed 002 §2.1).
alter table tenant add column locale text;
alter table tenant add column onboarding_completed_at timestamptz;
