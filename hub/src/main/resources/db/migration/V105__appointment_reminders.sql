-- Appointments and their reminders (seed 004, docs/reminders.md). A reminder is a row: it fires when a hub's
-- poller claims it (for update skip locked) at or after next_attempt_at, and is marked in the same transaction
-- that hands it to its channel, so each reminder fires once however many hubs poll.
create table appointment (
    tenant_id      text        not null,
    appointment_id text        not null,
    user_id        text        not null,
    starts_at      timestamptz not null,
    -- the IANA zone the time is shown in (the mail, the log)
    time_zone      text        not null,
    title          text        not null,
    channels       text[]      not null,
    -- the recipient of the email channel: personal data, erased by a recall (AppointmentsEraser)
    email          text,
    locale         text,
    created_at     timestamptz not null default now(),
    updated_at     timestamptz not null default now(),
    primary key (tenant_id, appointment_id)
);

create index appointment_user on appointment (tenant_id, user_id);

create table reminder (
    id              bigserial   primary key,
    tenant_id       text        not null,
    appointment_id  text        not null,
    channel         text        not null,
    due_at          timestamptz not null,
    -- due_at, then later after each failed attempt (exponential backoff)
    next_attempt_at timestamptz not null,
    status          text        not null default 'PENDING'
        check (status in ('PENDING', 'SENT', 'FAILED', 'MISSED')),
    attempts        integer     not null default 0,
    last_error      text,
    fired_at        timestamptz,
    foreign key (tenant_id, appointment_id) references appointment on delete cascade
);

-- the poller's scan: only pending reminders, in the order they are due
create index reminder_due on reminder (next_attempt_at) where status = 'PENDING';
create index reminder_appointment on reminder (tenant_id, appointment_id);
