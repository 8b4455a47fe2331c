-- What the model migration tool (ModelBlobMigration) moved from model_data to a file, so --rollback can put
-- each blob and path back and remove the file it wrote.
create table ml_model_blob_migrations (
    model_id             bigint primary key references ml_models (id) on delete cascade,
    previous_model_path  text,
    written_file         boolean     not null,
    migrated_at          timestamptz not null default now()
);
