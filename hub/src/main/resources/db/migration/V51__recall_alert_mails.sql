-- When the SLA warning and breach mails went out; a flagged request whose mail is still owed is retried
-- by the resumer, like a confirmation.
alter table recall_request add column sla_warning_mailed_at timestamptz;
alter table recall_request add column sla_breach_mailed_at timestamptz;
update recall_request set sla_warning_mailed_at = sla_warned_at where sla_warned_at is not null;
update recall_request set sla_breach_mailed_at = sla_breached_at where sla_breached_at is not null;
