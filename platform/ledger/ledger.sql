-- The ledger's write rules, stated in ledger.ts and run here: which accounts are shared, opening
-- accounts, rolling a backlog up, posting a transfer. Anything with a query in it is PL/pgSQL:
-- PostgreSQL (15) plans a SQL-language function's body again at every call it does not inline, where
-- PL/pgSQL keeps its plans for the connection's life.
--
-- A repeatable migration (platform/db/repeatable.ts): applied again whenever this file changes. A
-- function whose arguments change gets a new name, so the platform version still running during a
-- deploy keeps calling the one it knows.

-- Kinds that many wallets post to at once: their lock-free legs go to the backlog.
CREATE OR REPLACE FUNCTION ledger_shared_kind(kind text) RETURNS boolean LANGUAGE sql IMMUTABLE
  AS $$ SELECT kind IN ('merchant_pending', 'escrow', 'card_clearing') $$;

-- Kinds outside Pouch's books (the card network, banks), which may show money owed.
CREATE OR REPLACE FUNCTION ledger_external_kind(kind text) RETURNS boolean LANGUAGE sql IMMUTABLE
  AS $$ SELECT kind IN ('card_clearing', 'bank_payouts') $$;

-- A leg that needs no lock: a credit to a shared account, or any leg of a shared external account.
CREATE OR REPLACE FUNCTION ledger_to_backlog(account text, amount bigint) RETURNS boolean LANGUAGE sql IMMUTABLE
  AS $$ SELECT ledger_shared_kind(split_part(account, ':', 1))
               AND (amount > 0 OR ledger_external_kind(split_part(account, ':', 1))) $$;

-- Opens the named accounts (ids are kind:owner:currency) that do not exist yet. Existing ones are
-- skipped by a plain read first: ON CONFLICT alone would wait for any transaction holding the row's
-- lock (a roll-up, a refund), which a payment already holding its wallet's row must not do.
-- ON CONFLICT still settles two first uses racing.
CREATE OR REPLACE FUNCTION ledger_open_accounts(ids text[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO accounts (id, owner_id, kind, currency, allow_negative)
  SELECT id, substr(id, length(kind) + 2, length(id) - length(kind) - length(currency) - 2),
         kind, currency, ledger_external_kind(kind)
  FROM (SELECT id, split_part(id, ':', 1) AS kind, substring(id FROM '[^:]*$') AS currency
        FROM unnest(ids) AS id) AS named
  WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE a.id = named.id)
  ON CONFLICT DO NOTHING;
END $$;

-- Adds an account's backlog to its balance row, under the row's lock (taken first, so two roll-ups
-- of one account queue on the row rather than deadlock on backlog rows), and returns the balance.
CREATE OR REPLACE FUNCTION ledger_roll_up(account text) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE rolled_balance bigint;
BEGIN
  PERFORM 1 FROM accounts WHERE id = account FOR NO KEY UPDATE;
  WITH rolled AS (DELETE FROM posting_backlog WHERE account_id = account RETURNING amount)
  UPDATE accounts SET balance = balance + (SELECT coalesce(sum(amount), 0) FROM rolled)
  WHERE id = account RETURNING balance INTO rolled_balance;
  RETURN coalesce(rolled_balance, 0);
END $$;

-- Posts one transfer: the transfer row, its postings, and the balances they move, or nothing.
-- legs: [{"accountId", "amount"}]. Returns {"transfer": the row, "balances": {account: balance}} for
-- the legs applied to a balance row (a leg in the backlog has none to show). A debit that would take
-- an account below zero is refused (insufficient_balance, the account as the detail).
CREATE OR REPLACE FUNCTION ledger_post_transfer(transfer jsonb, legs jsonb) RETURNS jsonb LANGUAGE plpgsql AS $$
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
END $$;
