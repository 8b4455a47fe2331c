-- A tenant's own databases that its report queries read (issue 14). The password is AES-GCM ciphertext
-- (12-byte nonce followed by the sealed bytes, bound to tenant and datasource id); it is never selected for the API.
create table tenant_datasource (
    tenant_id          text        not null references tenant (tenant_id),
    datasource_id      text        not null,
    jdbc_url           text        not null,
    username           text        not null,
    password_encrypted bytea       not null,
    schema_name        text,
    created_at         timestamptz not null default now(),
    updated_at         timestamptz not null default now(),
    primary key (tenant_id, datasource_id)
);
