-- What password-free payments took from a wallet in a currency since the start of the free day: the
-- one count the daily password-free total is held to, read by the payment's price (pay.ts), by the
-- wallet's limits (wallets.ts) and again under the wallet's row lock by pay_checkout_refusal.
-- A repeatable migration (platform/db/repeatable.ts).
CREATE OR REPLACE FUNCTION free_spent_since(wallet text, spent_currency text, since timestamptz) RETURNS bigint
  LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN (SELECT coalesce(sum(amount - discount), 0)::bigint FROM payments
          WHERE wallet_id = wallet AND currency = spent_currency AND NOT pin_used AND created_at >= since
            -- A shop's charge under an agreement counts only against the agreement's own cap.
            AND agreement_id IS NULL);
END $$;
