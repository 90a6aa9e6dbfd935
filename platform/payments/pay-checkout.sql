-- A payment's writes in one statement (pay.ts builds every row and the reply before the call).
-- args: payment (the row), transfer and legs (as ledger_post_transfer takes them), paid (what the
-- wallet pays), freeDayStart, tagExpiresAt, chargeId (the card charge to capture, or null),
-- balanceAccount (whose new balance the reply shows, or null), event {id, deliveryId, url, type,
-- payload}, and the idempotent reply {scope, key, hash, status, body} with its balance still null.
-- Refusals are raised with SQLSTATE RF001 and a code (platform/db/refusal.ts explains each).
-- A repeatable migration (platform/db/repeatable.ts).
CREATE OR REPLACE FUNCTION pay_checkout(args jsonb) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  payment payments := jsonb_populate_record(NULL::payments, args->'payment');
  paid bigint := (args->>'paid')::bigint;
  wallet record;
  posted jsonb;
  reply jsonb := args->'reply'->'body';
BEGIN
  -- A password-free payment, checked again under the wallet's row lock: parallel payments that each
  -- fit the daily total alone cannot pass it together.
  IF NOT payment.pin_used THEN
    SELECT daily_free_total, limit_currency INTO wallet FROM wallets WHERE id = payment.wallet_id FOR UPDATE;
    IF free_spent_since(payment.wallet_id, wallet.limit_currency, (args->>'freeDayStart')::timestamptz) + paid
       > wallet.daily_free_total THEN
      RAISE EXCEPTION USING ERRCODE = 'RF001', MESSAGE = 'daily_total', DETAIL = payment.wallet_id;
    END IF;
  END IF;
  INSERT INTO used_tags (merchant_id, jti, expires_at)
  VALUES (payment.merchant_id, payment.tag_jti, (args->>'tagExpiresAt')::timestamptz) ON CONFLICT DO NOTHING;
  IF NOT FOUND THEN
    RAISE EXCEPTION USING ERRCODE = 'RF001', MESSAGE = 'tag_reused', DETAIL = payment.tag_jti;
  END IF;
  posted := ledger_post_transfer(args->'transfer', args->'legs');
  IF payment.coupon_id IS NOT NULL THEN
    UPDATE wallet_coupons SET status = 'used', used_payment_id = payment.id
    WHERE id = payment.coupon_id AND status = 'available';
    IF NOT FOUND THEN
      RAISE EXCEPTION USING ERRCODE = 'RF001', MESSAGE = 'coupon_used', DETAIL = payment.coupon_id;
    END IF;
  END IF;
  -- Spent points never go below zero, even in a race.
  IF payment.points_redeemed > 0 THEN
    UPDATE wallet_points SET balance = balance - payment.points_redeemed
    WHERE wallet_id = payment.wallet_id AND merchant_id = payment.merchant_id AND balance >= payment.points_redeemed;
    IF NOT FOUND THEN
      RAISE EXCEPTION USING ERRCODE = 'RF001', MESSAGE = 'points_spent', DETAIL = payment.wallet_id;
    END IF;
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
  RETURN reply;
END $$;
