-- The Kafka key of an outbox event (EventType.keyField): the tenant for most events, the job or
-- request id for independent units of work. Rows written before this column fall back to the tenant.
alter table outbox_event add column record_key text;
