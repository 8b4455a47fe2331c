-- Recalled users are recognised by a keyed pseudonym (PrivacyPseudonyms), not by their id:
-- training_exclusion.user_id and a finished recall_request.user_id hold the pseudonym. Arriving events
-- of excluded users are excluded when they are recorded, so the view no longer joins the list by id.
create or replace view training_set as
select e.tenant_id, e.user_id, e.training_event_id, e.kind, e.payload, e.occurred_at, e.id
from training_event e
where not e.excluded;
comment on column training_exclusion.user_id is 'pseudonym of the recalled user (HMAC of tenant and user id)';
