import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Migration 0017: the ledger's write rules and a payment's writes as SQL functions, so a payment is one
 * statement (one round trip, plans cached per connection by PL/pgSQL) instead of a dozen. The rules
 * are stated in platform/ledger/ledger.ts; these functions are the one place they run. Shipped: change
 * a function with `CREATE OR REPLACE` in a later migration, never here. Anything with a query in it is
 * PL/pgSQL: PostgreSQL (15) plans a SQL-language function's body again at every call that does not
 * inline it, where PL/pgSQL keeps its plans for the connection's life.
 *
 * A refusal the caller must explain (not a bug) is raised with SQLSTATE `RF001`, its code as the message
 * and what it concerns as the detail; platform/db/refusal.ts turns it back into the API's error.
 */
const accounts = [
  sql`
  -- Kinds that many wallets post to at once: their lock-free legs go to the backlog.
  CREATE FUNCTION ledger_shared_kind(kind text) RETURNS boolean LANGUAGE sql IMMUTABLE
    AS $$ SELECT kind IN ('merchant_pending', 'escrow', 'card_clearing') $$
  `,
  sql`
  -- Kinds outside Pouch's books (the card network, banks), which may show money owed.
  CREATE FUNCTION ledger_external_kind(kind text) RETURNS boolean LANGUAGE sql IMMUTABLE
    AS $$ SELECT kind IN ('card_clearing', 'bank_payouts') $$
  `,
  sql`
  -- A leg that needs no lock: a credit to a shared account, or any leg of a shared external account.
  CREATE FUNCTION ledger_to_backlog(account text, amount bigint) RETURNS boolean LANGUAGE sql IMMUTABLE
    AS $$ SELECT ledger_shared_kind(split_part(account, ':', 1))
                 AND (amount > 0 OR ledger_external_kind(split_part(account, ':', 1))) $$
  `,
  sql`
  -- Opens the named accounts (ids are kind:owner:currency) that do not exist yet. Existing ones are
  -- skipped by a plain read first: ON CONFLICT alone would wait for any transaction holding the row's
  -- lock (a roll-up, a refund), which a payment already holding its wallet's row must not do.
  -- ON CONFLICT still settles two first uses racing.
  CREATE FUNCTION ledger_open_accounts(ids text[]) RETURNS void LANGUAGE plpgsql AS $$
  BEGIN
    INSERT INTO accounts (id, owner_id, kind, currency, allow_negative)
    SELECT id, substr(id, length(kind) + 2, length(id) - length(kind) - length(currency) - 2),
           kind, currency, ledger_external_kind(kind)
    FROM (SELECT id, split_part(id, ':', 1) AS kind, substring(id FROM '[^:]*$') AS currency
          FROM unnest(ids) AS id) AS named
    WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE a.id = named.id)
    ON CONFLICT DO NOTHING;
  END $$
  `,
  sql`
  -- Adds an account's backlog to its balance row, under the row's lock (taken first, so two roll-ups
  -- of one account queue on the row rather than deadlock on backlog rows), and returns the balance.
  CREATE FUNCTION ledger_roll_up(account text) RETURNS bigint LANGUAGE plpgsql AS $$
  DECLARE rolled_balance bigint;
  BEGIN
    PERFORM 1 FROM accounts WHERE id = account FOR NO KEY UPDATE;
    WITH rolled AS (DELETE FROM posting_backlog WHERE account_id = account RETURNING amount)
    UPDATE accounts SET balance = balance + (SELECT coalesce(sum(amount), 0) FROM rolled)
    WHERE id = account RETURNING balance INTO rolled_balance;
    RETURN coalesce(rolled_balance, 0);
  END $$
  `,
];

const postTransfer = [
  sql`
  -- Posts one transfer: the transfer row, its postings, and the balances they move, or nothing.
  -- legs: [{"accountId", "amount"}]. Returns {"transfer": the row, "balances": {account: balance}} for
  -- the legs applied to a balance row (a leg in the backlog has none to show).
  CREATE FUNCTION ledger_post_transfer(transfer jsonb, legs jsonb) RETURNS jsonb LANGUAGE plpgsql AS $$
  DECLARE
    posted transfers := jsonb_populate_record(NULL::transfers, transfer);
    leg record;
    moved bigint;
    balances jsonb := '{}';
  BEGIN
    IF EXISTS (SELECT 1 FROM jsonb_array_elements(legs) l
               WHERE coalesce(jsonb_typeof(l->'amount'), 'missing') <> 'number' OR l->>'accountId' IS NULL
                  OR (l->>'amount')::numeric <> trunc((l->>'amount')::numeric) OR (l->>'amount')::numeric = 0) THEN
      RAISE EXCEPTION 'transfer % has a leg that is not a non-zero integer', posted.id;
    END IF;
    IF (SELECT sum((l->>'amount')::bigint) FROM jsonb_array_elements(legs) l) <> 0 THEN
      RAISE EXCEPTION 'transfer % does not balance', posted.id;
    END IF;
    -- Balances first, so a refusal comes before anything is written; one lock order for every
    -- transfer, so two transfers over the same accounts cannot deadlock.
    FOR leg IN SELECT l->>'accountId' AS account, (l->>'amount')::bigint AS amount
               FROM jsonb_array_elements(legs) l
               WHERE NOT ledger_to_backlog(l->>'accountId', (l->>'amount')::bigint)
               ORDER BY l->>'accountId' COLLATE "C" LOOP
      IF ledger_shared_kind(split_part(leg.account, ':', 1)) THEN PERFORM ledger_roll_up(leg.account); END IF;
      UPDATE accounts SET balance = balance + leg.amount
      WHERE id = leg.account AND currency = posted.currency AND (allow_negative OR balance + leg.amount >= 0)
      RETURNING balance INTO moved;
      IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'RF001', MESSAGE = 'insufficient_balance', DETAIL = leg.account;
      END IF;
      balances := balances || jsonb_build_object(leg.account, moved);
    END LOOP;
    -- A payment in a shop's new currency opens its pending account here. (A leg applied above had its
    -- account already, or its update found no row and was refused.)
    IF EXISTS (SELECT 1 FROM jsonb_array_elements(legs) l
               WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE a.id = l->>'accountId')) THEN
      PERFORM ledger_open_accounts(ARRAY(SELECT l->>'accountId' FROM jsonb_array_elements(legs) l));
    END IF;
    posted.created_at := coalesce(posted.created_at, date_trunc('milliseconds', clock_timestamp()));
    INSERT INTO transfers VALUES (posted.*);
    WITH entered AS (
      INSERT INTO postings (transfer_id, account_id, amount, currency)
      SELECT posted.id, l->>'accountId', (l->>'amount')::bigint, posted.currency FROM jsonb_array_elements(legs) l
      RETURNING id, account_id, amount)
    INSERT INTO posting_backlog (posting_id, account_id, amount)
    SELECT id, account_id, amount FROM entered WHERE ledger_to_backlog(account_id, amount);
    RETURN jsonb_build_object('transfer', to_jsonb(posted), 'balances', balances);
  END $$
  `,
];

const outbox = [
  sql`
  -- An event and its delivery, in the caller's transaction (the transactional outbox).
  CREATE FUNCTION enqueue_event(event_id text, delivery_id text, merchant text, webhook_url text,
                                event_type text, payload jsonb) RETURNS void LANGUAGE plpgsql AS $$
  BEGIN
    INSERT INTO webhook_events (id, merchant_id, type, payload) VALUES (event_id, merchant, event_type, payload);
    INSERT INTO webhook_deliveries (id, event_id, merchant_id, url, status, next_attempt_at)
    VALUES (delivery_id, event_id, merchant, webhook_url, 'pending', now());
  END $$
  `,
  sql`
  -- What password-free payments took from a wallet in a currency since the start of the free day.
  CREATE FUNCTION free_spent_since(wallet text, spent_currency text, since timestamptz) RETURNS bigint
    LANGUAGE plpgsql STABLE AS $$
  BEGIN
    RETURN (SELECT coalesce(sum(amount - discount), 0)::bigint FROM payments
            WHERE wallet_id = wallet AND currency = spent_currency AND NOT pin_used AND created_at >= since);
  END $$
  `,
];

/**
 * A payment's writes in one statement. args: payment (the row), transfer and legs (as above), paid
 * (what the wallet pays), freeDayStart, tagExpiresAt, chargeId (the card charge row to capture, or
 * null), balanceAccount (whose new balance the reply shows, or null), event {id, deliveryId, url,
 * type, payload}, and the idempotent reply {scope, key, hash, status, body} with its balance still null.
 */
const payCheckout = [
  sql`
  CREATE FUNCTION pay_checkout(args jsonb) RETURNS jsonb LANGUAGE plpgsql AS $$
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
      UPDATE card_charges SET status = 'captured' WHERE id = args->>'chargeId';
    END IF;
    PERFORM enqueue_event(args->'event'->>'id', args->'event'->>'deliveryId', payment.merchant_id,
                          args->'event'->>'url', args->'event'->>'type', args->'event'->'payload');
    IF args->>'balanceAccount' IS NOT NULL THEN
      reply := jsonb_set(reply, '{balance}', jsonb_build_object(
        'currency', payment.currency, 'amount', posted->'balances'->(args->>'balanceAccount')));
    END IF;
    -- The idempotent reply, as the last write (see record in platform/idempotency.ts).
    INSERT INTO idempotency_keys (scope, key, request_hash, status, response)
    VALUES (args->'reply'->>'scope', args->'reply'->>'key', args->'reply'->>'hash',
            (args->'reply'->>'status')::integer, reply);
    RETURN reply;
  END $$
  `,
];

export const ledgerFunctions: Migration = {
  async up(db: Kysely<unknown>) {
    for (const statement of [...accounts, ...postTransfer, ...outbox, ...payCheckout]) await statement.execute(db);
  },
};
