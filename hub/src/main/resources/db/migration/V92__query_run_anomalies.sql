-- Anomaly detection of query runs (issue 15 outcome 5; docs/models.md): one row per scored query.run.completed,
-- which detector answered, and the fallback-rate alert episodes (one open episode per tenant at most).
create table ml_anomaly_detections (
    tenant_id      text not null,
    query_run_id   text not null,
    detector       text not null check (detector in ('model', 'zscore')),
    model_version  text,
    -- true when the Z-score answered although the tenant has an active model version (the model was unusable)
    fallback       boolean not null,
    fallback_reason text,
    score          double precision not null,
    anomalous      boolean not null,
    detected_at    timestamptz not null default now(),
    primary key (tenant_id, query_run_id)
);
create index ml_anomaly_detections_recent on ml_anomaly_detections (tenant_id, detected_at desc);

create table ml_anomaly_fallback_alerts (
    id             bigserial primary key,
    tenant_id      text not null,
    model_name     text not null,
    fallback_rate  double precision not null,
    started_at     timestamptz not null default now(),
    ended_at       timestamptz
);
create unique index ml_anomaly_fallback_alerts_open on ml_anomaly_fallback_alerts (tenant_id, model_name)
    where ended_at is null;
