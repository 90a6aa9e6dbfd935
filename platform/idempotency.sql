-- Stores the reply to an idempotency key, as the last write of the work's transaction (idempotency.ts
-- explains the rule): the one shape every idempotent operation's reply is kept in, for payments
-- (pay_checkout_write) and for top-ups, withdrawals and refunds (record in idempotency.ts).
-- A repeatable migration (platform/db/repeatable.ts).
CREATE OR REPLACE FUNCTION record_reply(reply_scope text, reply_key text, reply_hash text, reply_status integer,
                                        reply jsonb) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO idempotency_keys (scope, key, request_hash, status, response)
  VALUES (reply_scope, reply_key, reply_hash, reply_status, reply);
END $$;
