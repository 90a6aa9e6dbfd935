-- A payment's writes, alone (pay_checkout_outcome) or with others in one transaction (pay_checkout_batch);
-- pay.ts builds every row and the reply before the call, payment-writer.ts makes it.
-- args: payment (the row), transfer and legs (as ledger_post_transfer takes them), paid (what the
-- wallet pays), freeDayStart, tagExpiresAt, chargeId (the card charge to capture, or null),
-- balanceAccount (whose new balance the reply shows, or null), event {id, deliveryId, url, type,
-- payload}, and the idempotent reply {scope, key, hash, status, body} with its balance still null.
-- Every refusal is decided before the payment writes anything (pay_checkout_refusal), so a batch answers
-- a refused payment and goes on with the next one without a savepoint. Refusals are returned, not
-- raised; platform/db/refusal.ts explains each code.
-- A repeatable migration (platform/db/repeatable.ts).

-- A refusal as the payment functions return it: {code, detail}.
CREATE OR REPLACE FUNCTION pay_refusal(code text, detail text) RETURNS jsonb LANGUAGE sql IMMUTABLE
  AS $$ SELECT jsonb_build_object('code', code, 'detail', detail) $$;

-- What refuses this payment now, or null: read under the row locks its writes take, which it keeps to
-- the end of the transaction, so what was checked still holds when it writes. Writes nothing.
CREATE OR REPLACE FUNCTION pay_checkout_refusal(args jsonb, payment payments) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  paid bigint := (args->>'paid')::bigint;
  wallet record;
  found_status text;
  held bigint;
BEGIN
  -- A password-free payment, checked again under the wallet's row lock: parallel payments that each
  -- fit the daily total alone cannot pass it together.
  IF NOT payment.pin_used THEN
    SELECT daily_free_total, limit_currency INTO wallet FROM wallets WHERE id = payment.wallet_id FOR UPDATE;
    IF free_spent_since(payment.wallet_id, wallet.limit_currency, (args->>'freeDayStart')::timestamptz) + paid
       > wallet.daily_free_total THEN
      RETURN pay_refusal('daily_total', payment.wallet_id);
    END IF;
  END IF;
  -- A tag paid and committed before; one paid by a transaction still running is caught when this one
  -- consumes it (pay_checkout_write).
  IF EXISTS (SELECT 1 FROM used_tags WHERE merchant_id = payment.merchant_id AND jti = payment.tag_jti) THEN
    RETURN pay_refusal('tag_reused', payment.tag_jti);
  END IF;
  -- The wallet's own money (a wallet that never held this currency has no account): the same rule as
  -- ledger_post_transfer's, under the same lock, so the posting cannot refuse it after this.
  IF args->>'balanceAccount' IS NOT NULL THEN
    SELECT balance INTO held FROM accounts
    WHERE id = args->>'balanceAccount' AND currency = payment.currency FOR NO KEY UPDATE;
    IF held IS NULL OR held < paid THEN
      RETURN pay_refusal('insufficient_balance', args->>'balanceAccount');
    END IF;
  END IF;
  IF payment.coupon_id IS NOT NULL THEN
    SELECT status INTO found_status FROM wallet_coupons WHERE id = payment.coupon_id FOR UPDATE;
    IF found_status IS DISTINCT FROM 'available' THEN
      RETURN pay_refusal('coupon_used', payment.coupon_id);
    END IF;
  END IF;
  -- Spent points never go below zero, even in a race.
  IF payment.points_redeemed > 0 THEN
    SELECT balance INTO held FROM wallet_points
    WHERE wallet_id = payment.wallet_id AND merchant_id = payment.merchant_id FOR UPDATE;
    IF held IS NULL OR held < payment.points_redeemed THEN
      RETURN pay_refusal('points_spent', payment.wallet_id);
    END IF;
  END IF;
  -- An order with a standing payment; a payment for it still being written elsewhere meets the unique
  -- index payments_one_per_order instead.
  IF EXISTS (SELECT 1 FROM payments WHERE merchant_id = payment.merchant_id AND order_id = payment.order_id
             AND status <> 'refunded') THEN
    RETURN pay_refusal('order_paid', payment.order_id);
  END IF;
  -- A card charge the sweeper voided meanwhile (migration 0018's trigger holds the same rule).
  IF args->>'chargeId' IS NOT NULL THEN
    SELECT status INTO found_status FROM card_charges WHERE id = args->>'chargeId' FOR UPDATE;
    IF found_status IS DISTINCT FROM 'pending' THEN
      RETURN pay_refusal('charge_not_pending', args->>'chargeId');
    END IF;
  END IF;
  RETURN NULL;
END $$;

-- The writes of a payment pay_checkout_refusal let through: {"reply": the reply}, or {"refusal"} when its
-- tag was consumed by a transaction that committed meanwhile (the first write, so nothing is written then).
CREATE OR REPLACE FUNCTION pay_checkout_write(args jsonb, payment payments) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  posted jsonb;
  reply jsonb := args->'reply'->'body';
BEGIN
  INSERT INTO used_tags (merchant_id, jti, expires_at)
  VALUES (payment.merchant_id, payment.tag_jti, (args->>'tagExpiresAt')::timestamptz) ON CONFLICT DO NOTHING;
  IF NOT FOUND THEN
    RETURN jsonb_build_object('refusal', pay_refusal('tag_reused', payment.tag_jti));
  END IF;
  posted := ledger_post_transfer(args->'transfer', args->'legs');
  IF payment.coupon_id IS NOT NULL THEN
    UPDATE wallet_coupons SET status = 'used', used_payment_id = payment.id WHERE id = payment.coupon_id;
  END IF;
  IF payment.points_redeemed > 0 THEN
    UPDATE wallet_points SET balance = balance - payment.points_redeemed
    WHERE wallet_id = payment.wallet_id AND merchant_id = payment.merchant_id;
  END IF;
  IF payment.points_earned > 0 THEN
    INSERT INTO wallet_points (wallet_id, merchant_id, balance)
    VALUES (payment.wallet_id, payment.merchant_id, payment.points_earned)
    ON CONFLICT (wallet_id, merchant_id) DO UPDATE SET balance = wallet_points.balance + EXCLUDED.balance;
  END IF;
  INSERT INTO payments VALUES (payment.*);
  IF args->>'chargeId' IS NOT NULL THEN
    PERFORM capture_card_charge(args->>'chargeId');
  END IF;
  PERFORM enqueue_event(args->'event'->>'id', args->'event'->>'deliveryId', payment.merchant_id,
                        args->'event'->>'url', args->'event'->>'type', args->'event'->'payload');
  IF args->>'balanceAccount' IS NOT NULL THEN
    reply := jsonb_set(reply, '{balance}', jsonb_build_object(
      'currency', payment.currency, 'amount', posted->'balances'->(args->>'balanceAccount')));
  END IF;
  PERFORM record_reply(args->'reply'->>'scope', args->'reply'->>'key', args->'reply'->>'hash',
                       (args->'reply'->>'status')::integer, reply);
  RETURN jsonb_build_object('reply', reply);
END $$;

-- A payment checked, then written if nothing refuses it: {"reply"} or {"refusal"}.
CREATE OR REPLACE FUNCTION pay_checkout_outcome(args jsonb) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  payment payments := jsonb_populate_record(NULL::payments, args->'payment');
  refusal jsonb := pay_checkout_refusal(args, payment);
BEGIN
  IF refusal IS NOT NULL THEN
    RETURN jsonb_build_object('refusal', refusal);
  END IF;
  RETURN pay_checkout_write(args, payment);
END $$;

-- Payments written together, in one transaction: [args, …] → [{"reply"} or {"refusal"}, …] in the same
-- order. The password-free wallets' rows and the wallets' own accounts are locked first, each in one
-- order, so two batches (two platform processes) cannot deadlock over them; then each payment is
-- checked and written in turn, seeing the ones before it. An error that is not a refusal (a bug, a
-- deadlock, a race on a unique index) fails the whole batch, and the caller writes its payments alone.
CREATE OR REPLACE FUNCTION pay_checkout_batch(batch jsonb) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  args jsonb;
  outcomes jsonb[] := '{}';
BEGIN
  PERFORM 1 FROM wallets WHERE id IN (
    SELECT b->'payment'->>'wallet_id' FROM jsonb_array_elements(batch) b WHERE NOT (b->'payment'->>'pin_used')::boolean)
  ORDER BY id FOR UPDATE;
  PERFORM 1 FROM accounts WHERE id IN (SELECT b->>'balanceAccount' FROM jsonb_array_elements(batch) b)
  ORDER BY id COLLATE "C" FOR NO KEY UPDATE;
  FOR args IN SELECT value FROM jsonb_array_elements(batch) LOOP
    outcomes := array_append(outcomes, pay_checkout_outcome(args));
  END LOOP;
  RETURN to_jsonb(outcomes);
END $$;
