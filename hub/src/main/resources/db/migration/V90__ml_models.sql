-- ML model versions (seed 003): each version is a file on the model's volume; the row keeps its metadata.
-- model_data is the legacy in-database copy, kept only for backward compatibility: a version that has it
-- and no model_path is written to a file on its first load and the blob is cleared.
create table ml_models (
    id             bigserial primary key,
    tenant_id      text        not null,
    model_name     text        not null,
    version        text        not null,
    model_path     text,
    model_data     bytea,
    accuracy       double precision,
    training_date  timestamptz,
    is_active      boolean     not null default false,
    size_bytes     bigint,
    sha256         text,
    status         text        not null default 'ok' check (status in ('ok', 'quarantined')),
    status_reason  text,
    retired_at     timestamptz,
    created_by     text        not null,
    created_at     timestamptz not null default now(),
    unique (tenant_id, model_name, version),
    check (model_path is not null or model_data is not null)
);
-- one active version per model and tenant, like an alias
create unique index ml_models_one_active on ml_models (tenant_id, model_name) where is_active;
create index ml_models_model on ml_models (tenant_id, model_name, created_at desc);
create index ml_models_legacy on ml_models (id) where model_data is not null;

-- every activation and deactivation, so "which version was live at T" has an answer
create table ml_model_activations (
    id          bigserial primary key,
    tenant_id   text        not null,
    model_name  text        not null,
    version     text,
    action      text        not null check (action in ('activated', 'deactivated')),
    actor       text        not null,
    at          timestamptz not null default now()
);
create index ml_model_activations_model on ml_model_activations (tenant_id, model_name, at);

-- a model's volume as the operator hands it over: where it is mounted and its MLModel's spec.retention
create table ml_model_volumes (
    model_name                      text primary key,
    mount_path                      text        not null,
    capacity_bytes                  bigint,
    keep_versions                   integer     not null,
    delete_inactive_after_days      integer     not null,
    emergency_cleanup_disk_percent  integer     not null,
    cleanup_schedule                text        not null,
    updated_at                      timestamptz not null default now()
);

-- each cleanup run: what it freed, for logs, metrics and the MLModel status
create table ml_model_cleanups (
    id               bigserial primary key,
    model_name       text        not null,
    kind             text        not null check (kind in ('scheduled', 'emergency', 'manual')),
    deactivated      integer     not null,
    deleted          integer     not null,
    freed_bytes      bigint      not null,
    usage_percent    double precision,
    ran_at           timestamptz not null default now()
);
create index ml_model_cleanups_model on ml_model_cleanups (model_name, ran_at desc);
