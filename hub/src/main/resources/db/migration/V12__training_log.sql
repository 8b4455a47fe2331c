-- The training log: per-user events that training jobs read through the training_set view.
create table training_event (
    id                bigserial primary key,
    tenant_id         text        not null,
    user_id           text        not null,
    training_event_id text        not null,
    kind              text        not null,
    payload           jsonb       not null default '{}'::jsonb,
    occurred_at       timestamptz not null,
    recorded_at       timestamptz not null default now(),
    excluded          boolean     not null default false,
    excluded_at       timestamptz,
    anonymized        boolean     not null default false,
    unique (tenant_id, training_event_id)
);
create index training_event_by_user on training_event (tenant_id, user_id);

-- Permanent exclusion list: a recalled user's events never enter a training set again, including
-- events that arrive after the recall.
create table training_exclusion (
    tenant_id   text        not null,
    user_id     text        not null,
    recall_id   uuid        not null,
    recall_mode text        not null,
    excluded_at timestamptz not null default now(),
    primary key (tenant_id, user_id)
);

-- What training jobs read: never an excluded event, never an event of an excluded user.
create view training_set as
select e.tenant_id, e.user_id, e.training_event_id, e.kind, e.payload, e.occurred_at, e.id
from training_event e
where not e.excluded
  and not exists (select 1 from training_exclusion x where x.tenant_id = e.tenant_id and x.user_id = e.user_id);
