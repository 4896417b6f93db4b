-- A new customer's CRM contact is a queued follow-up (crm-create-contact) again, no longer the
-- event bus's crm-contact consumer group. Its open dead letters become letters of the follow-up,
-- whose payload is the event's data, so they stay replayable; their ids and attempts are kept.
UPDATE "dead_letters"
SET "kind" = 'crm-create-contact', "payload" = "payload" -> 'data', "updated_at" = now()
WHERE "kind" = 'bus:customer.created:crm-contact' AND "status" IN ('open', 'replaying');
