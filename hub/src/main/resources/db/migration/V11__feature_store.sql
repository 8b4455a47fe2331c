-- The offline feature store: one numeric value per (subject, feature). The subject is the user id,
-- or after an ANONYMIZE recall a random surrogate that nothing maps back to the user.
create table feature_value (
    tenant_id    text             not null,
    subject_key  text             not null,
    feature_name text             not null,
    value        double precision not null,
    anonymized   boolean          not null default false,
    updated_at   timestamptz      not null default now(),
    primary key (tenant_id, subject_key, feature_name)
);
create index feature_value_by_feature on feature_value (tenant_id, feature_name);
