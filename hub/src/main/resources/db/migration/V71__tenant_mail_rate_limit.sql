-- A tenant's mail rate limit (mails per minute); null: kavsak.notification.default-mails-per-minute.
alter table tenant add column mails_per_minute integer check (mails_per_minute >= 0);
