-- An event and its delivery, in the caller's transaction (the transactional outbox): a payment's
-- statement and every other write that tells a shop something (outbox.ts) queue their webhook here.
-- A repeatable migration (platform/db/repeatable.ts).
CREATE OR REPLACE FUNCTION enqueue_event(event_id text, delivery_id text, merchant text, webhook_url text,
                                         event_type text, payload jsonb) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO webhook_events (id, merchant_id, type, payload) VALUES (event_id, merchant, event_type, payload);
  INSERT INTO webhook_deliveries (id, event_id, merchant_id, url, status, next_attempt_at)
  VALUES (delivery_id, event_id, merchant, webhook_url, 'pending', now());
END $$;
