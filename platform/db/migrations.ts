import { sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { ledgerFunctions } from './ledger-functions';

/** Cursors carry JavaScript dates, which hold milliseconds: store no finer, or paging skips rows. */
const MS_NOW = sql`date_trunc('milliseconds', clock_timestamp())`;

/** Never edit a shipped migration; add the next one. Names sort in the order they run. */
const migrations: Record<string, Migration> = {
  '0001_wallets_ledger_merchants_payments': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('wallets')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('device_jwk', 'jsonb', (c) => c.notNull())
        .addColumn('pin_hash', 'text', (c) => c.notNull())
        .addColumn('pin_failures', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('pin_locked_until', 'timestamptz')
        .addColumn('password_free_limit', 'bigint', (c) => c.notNull().check(sql`password_free_limit >= 0`))
        .addColumn('limit_currency', 'text', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
      await db.schema
        .createTable('challenges')
        .addColumn('challenge', 'text', (c) => c.primaryKey())
        .addColumn('wallet_id', 'text', (c) => c.notNull().references('wallets.id'))
        .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('sessions')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('wallet_id', 'text', (c) => c.notNull().references('wallets.id'))
        .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('cards')
        .addColumn('token', 'text', (c) => c.primaryKey())
        .addColumn('wallet_id', 'text', (c) => c.notNull().references('wallets.id'))
        .addColumn('network_token', 'text', (c) => c.notNull())
        .addColumn('brand', 'text', (c) => c.notNull())
        .addColumn('first6', 'text', (c) => c.notNull())
        .addColumn('last4', 'text', (c) => c.notNull())
        .addColumn('exp_month', 'integer', (c) => c.notNull())
        .addColumn('exp_year', 'integer', (c) => c.notNull())
        .addColumn('holder', 'text', (c) => c.notNull())
        .addColumn('is_default', 'boolean', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
      await db.schema.createIndex('cards_wallet').on('cards').column('wallet_id').execute();

      await db.schema
        .createTable('accounts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('owner_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('balance', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('allow_negative', 'boolean', (c) => c.notNull())
        .addUniqueConstraint('accounts_owner_kind_currency', ['owner_id', 'kind', 'currency'])
        .addCheckConstraint('accounts_never_negative', sql`allow_negative OR balance >= 0`)
        .execute();
      await db.schema
        .createTable('transfers')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('wallet_id', 'text')
        .addColumn('merchant_id', 'text')
        .addColumn('payment_id', 'text')
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('amount', 'bigint', (c) => c.notNull().check(sql`amount > 0`))
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(MS_NOW))
        .execute();
      await db.schema
        .createIndex('transfers_wallet_created')
        .on('transfers')
        .columns(['wallet_id', 'created_at', 'id'])
        .execute();
      await db.schema
        .createTable('postings')
        .addColumn('id', 'bigserial', (c) => c.primaryKey())
        .addColumn('transfer_id', 'text', (c) => c.notNull().references('transfers.id'))
        .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
        .addColumn('amount', 'bigint', (c) => c.notNull().check(sql`amount <> 0`))
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
      await db.schema.createIndex('postings_transfer').on('postings').column('transfer_id').execute();
      await db.schema.createIndex('postings_account').on('postings').column('account_id').execute();
      // Postings are immutable: a correction is a new transfer, never an edit.
      await sql`CREATE FUNCTION postings_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'ledger postings are immutable'; END $$`.execute(db);
      await sql`CREATE TRIGGER postings_no_change BEFORE UPDATE OR DELETE ON postings
        FOR EACH ROW EXECUTE FUNCTION postings_immutable()`.execute(db);
      // Every transfer balances: checked at commit, so a transaction that posts one leg only fails whole.
      await sql`CREATE FUNCTION transfer_balances() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF EXISTS (SELECT 1 FROM postings WHERE transfer_id = NEW.transfer_id
                     GROUP BY currency HAVING sum(amount) <> 0) THEN
            RAISE EXCEPTION 'transfer % does not sum to zero', NEW.transfer_id;
          END IF;
          RETURN NULL;
        END $$`.execute(db);
      await sql`CREATE CONSTRAINT TRIGGER postings_sum_to_zero AFTER INSERT ON postings
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION transfer_balances()`.execute(db);

      await db.schema
        .createTable('merchants')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('category', 'text', (c) => c.notNull())
        .addColumn('logo', 'text')
        .addColumn('origins', 'jsonb', (c) => c.notNull())
        .addColumn('webhook_url', 'text', (c) => c.notNull())
        .addColumn('webhook_secret', 'text', (c) => c.notNull())
        .addColumn('api_key_hash', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
      await db.schema
        .createTable('merchant_keys')
        .addColumn('kid', 'text', (c) => c.primaryKey())
        .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
        .addColumn('public_jwk', 'jsonb', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
      await db.schema
        .createTable('payments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('wallet_id', 'text', (c) => c.notNull().references('wallets.id'))
        .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
        .addColumn('order_id', 'text', (c) => c.notNull())
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('amount', 'bigint', (c) => c.notNull().check(sql`amount > 0`))
        .addColumn('refunded_amount', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('funding', 'text', (c) => c.notNull())
        .addColumn('card_token', 'text')
        .addColumn('card_charge_id', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('tag_jti', 'text', (c) => c.notNull())
        .addColumn('receipt', 'text', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(MS_NOW))
        .addCheckConstraint('payments_refund_within_amount', sql`refunded_amount >= 0 AND refunded_amount <= amount`)
        .execute();
      await db.schema
        .createIndex('payments_merchant_created')
        .on('payments')
        .columns(['merchant_id', 'created_at', 'id'])
        .execute();
      await db.schema
        .createTable('refunds')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('payment_id', 'text', (c) => c.notNull().references('payments.id'))
        .addColumn('amount', 'bigint', (c) => c.notNull().check(sql`amount > 0`))
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(MS_NOW))
        .execute();
      await db.schema
        .createTable('used_tags')
        .addColumn('merchant_id', 'text', (c) => c.notNull())
        .addColumn('jti', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
        .addPrimaryKeyConstraint('used_tags_pk', ['merchant_id', 'jti'])
        .execute();
      await db.schema
        .createTable('idempotency_keys')
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('request_hash', 'text', (c) => c.notNull())
        .addColumn('status', 'integer', (c) => c.notNull())
        .addColumn('response', 'jsonb', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addPrimaryKeyConstraint('idempotency_pk', ['scope', 'key'])
        .execute();
      await db.schema
        .createTable('webhook_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('payload', 'jsonb', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
      await db.schema
        .createTable('webhook_deliveries')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('event_id', 'text', (c) => c.notNull().references('webhook_events.id'))
        .addColumn('merchant_id', 'text', (c) => c.notNull())
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull())
        .addColumn('locked_until', 'timestamptz')
        .addColumn('last_status', 'integer')
        .addColumn('last_error', 'text')
        .addColumn('delivered_at', 'timestamptz')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
      await db.schema
        .createIndex('webhook_deliveries_due')
        .on('webhook_deliveries')
        .columns(['status', 'next_attempt_at'])
        .execute();
      // A card charge is written before the network is called, so a crash between the two leaves a
      // pending row that recovery voids, never a charged card with no payment.
      await db.schema
        .createTable('card_charges')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('wallet_id', 'text', (c) => c.notNull().references('wallets.id'))
        .addColumn('card_token', 'text', (c) => c.notNull())
        .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
        .addColumn('amount', 'bigint', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('charge_id', 'text')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
      await db.schema
        .createTable('signing_keys')
        .addColumn('kid', 'text', (c) => c.primaryKey())
        .addColumn('private_jwk', 'jsonb', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
      await db.schema
        .createTable('rate_limits')
        .addColumn('bucket', 'text', (c) => c.notNull())
        .addColumn('window_start', 'timestamptz', (c) => c.notNull())
        .addColumn('hits', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('rate_limits_pk', ['bucket', 'window_start'])
        .execute();
    },
  },
  '0002_coupons_points_news': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('coupon_campaigns')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('value', 'integer', (c) => c.notNull().check(sql`value > 0`))
        .addColumn('cap', 'bigint')
        .addColumn('min_spend', 'bigint', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('valid_from', 'timestamptz', (c) => c.notNull())
        .addColumn('valid_until', 'timestamptz', (c) => c.notNull())
        .addColumn('quantity', 'integer', (c) => c.notNull())
        .addColumn('claimed', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('per_user_limit', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(MS_NOW))
        .addCheckConstraint('coupon_campaigns_quantity', sql`claimed >= 0 AND claimed <= quantity`)
        .execute();
      await db.schema
        .createTable('wallet_coupons')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('campaign_id', 'text', (c) => c.notNull().references('coupon_campaigns.id'))
        .addColumn('wallet_id', 'text', (c) => c.notNull().references('wallets.id'))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('used_payment_id', 'text')
        .addColumn('claimed_at', 'timestamptz', (c) => c.notNull().defaultTo(MS_NOW))
        .execute();
      await db.schema
        .createIndex('wallet_coupons_wallet')
        .on('wallet_coupons')
        .columns(['wallet_id', 'campaign_id'])
        .execute();
      await db.schema
        .createTable('points_programs')
        .addColumn('merchant_id', 'text', (c) => c.primaryKey().references('merchants.id'))
        .addColumn('points_per_unit', 'integer', (c) => c.notNull().check(sql`points_per_unit >= 0`))
        .execute();
      await db.schema
        .createTable('wallet_points')
        .addColumn('wallet_id', 'text', (c) => c.notNull().references('wallets.id'))
        .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
        .addColumn('balance', 'bigint', (c) => c.notNull().check(sql`balance >= 0`))
        .addPrimaryKeyConstraint('wallet_points_pk', ['wallet_id', 'merchant_id'])
        .execute();
      // What the shopper paid after a coupon; refunds give back at most this.
      await db.schema
        .alterTable('payments')
        .addColumn('discount', 'bigint', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.alterTable('payments').addColumn('coupon_id', 'text').execute();
      await db.schema
        .alterTable('payments')
        .addColumn('points_earned', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await sql`ALTER TABLE payments DROP CONSTRAINT payments_refund_within_amount`.execute(db);
      await sql`ALTER TABLE payments ADD CONSTRAINT payments_refund_within_charge
        CHECK (discount >= 0 AND discount < amount AND refunded_amount >= 0 AND refunded_amount <= amount - discount)`.execute(
        db,
      );

      await db.schema
        .createTable('subscriptions')
        .addColumn('wallet_id', 'text', (c) => c.notNull().references('wallets.id'))
        .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
        .addColumn('since', 'timestamptz', (c) => c.notNull().defaultTo(MS_NOW))
        .addPrimaryKeyConstraint('subscriptions_pk', ['wallet_id', 'merchant_id'])
        .execute();
      await db.schema
        .createTable('merchant_messages')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('link', 'text')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(MS_NOW))
        .execute();
      await db.schema
        .createIndex('merchant_messages_merchant')
        .on('merchant_messages')
        .columns(['merchant_id', 'created_at'])
        .execute();
    },
  },
  '0003_escrow': {
    async up(db: Kysely<unknown>) {
      // Escrow payments hold the money in the merchant's escrow account until the buyer confirms,
      // the hold times out, or the merchant accepts the buyer's refund request.
      await db.schema.alterTable('payments').addColumn('escrow_state', 'text').execute();
      await db.schema.alterTable('payments').addColumn('release_after', 'timestamptz').execute();
      await db.schema.alterTable('payments').addColumn('refund_request_reason', 'text').execute();
      await db.schema
        .createIndex('payments_escrow_due')
        .on('payments')
        .columns(['escrow_state', 'release_after'])
        .execute();
    },
  },
  '0004_settlement': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('bank_accounts')
        .addColumn('merchant_id', 'text', (c) => c.primaryKey().references('merchants.id'))
        .addColumn('holder', 'text', (c) => c.notNull())
        .addColumn('last4', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(MS_NOW))
        .execute();
      // One row a day: the process that inserts it runs that day's settlement and payouts.
      await db.schema
        .createTable('settlement_runs')
        .addColumn('day', 'text', (c) => c.primaryKey())
        .addColumn('started_at', 'timestamptz', (c) => c.notNull().defaultTo(MS_NOW))
        .execute();
      await db.schema
        .createTable('payouts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('amount', 'bigint', (c) => c.notNull().check(sql`amount > 0`))
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('bank_last4', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(MS_NOW))
        .addUniqueConstraint('payouts_one_a_day', ['merchant_id', 'currency', 'day'])
        .execute();
    },
  },
  '0005_shared_login': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('connections')
        .addColumn('wallet_id', 'text', (c) => c.notNull().references('wallets.id'))
        .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
        .addColumn('connected_at', 'timestamptz', (c) => c.notNull().defaultTo(MS_NOW))
        .addColumn('last_login_at', 'timestamptz', (c) => c.notNull().defaultTo(MS_NOW))
        .addPrimaryKeyConstraint('connections_pk', ['wallet_id', 'merchant_id'])
        .execute();
    },
  },
  '0006_merchant_console': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('console_logins')
        .addColumn('email', 'text', (c) => c.primaryKey())
        .addColumn('merchant_id', 'text', (c) => c.notNull().unique().references('merchants.id'))
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(MS_NOW))
        .execute();
      await db.schema
        .createTable('console_sessions')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
        .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
        .execute();
    },
  },
  '0007_points_redemption': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('points_programs')
        .addColumn('point_value', 'integer', (c) =>
          c
            .notNull()
            .defaultTo(0)
            .check(sql`point_value >= 0`),
        )
        .execute();
      await db.schema
        .alterTable('payments')
        .addColumn('points_redeemed', 'integer', (c) =>
          c
            .notNull()
            .defaultTo(0)
            .check(sql`points_redeemed >= 0`),
        )
        .execute();
      // Part of `discount`: what the spent points took off.
      await db.schema
        .alterTable('payments')
        .addColumn('points_discount', 'bigint', (c) =>
          c
            .notNull()
            .defaultTo(0)
            .check(sql`points_discount >= 0`),
        )
        .execute();
    },
  },
  '0008_merchant_trust': {
    async up(db: Kysely<unknown>) {
      // An order is paid once: while a payment for it stands (not fully refunded), no other may be recorded.
      await sql`CREATE UNIQUE INDEX payments_one_per_order ON payments (merchant_id, order_id)
                WHERE status <> 'refunded'`.execute(db);
      // Each origin a merchant claims, pending until the merchant proves it controls it.
      await db.schema
        .createTable('merchant_origins')
        .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
        .addColumn('origin', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status IN ('pending', 'verified')`))
        .addColumn('token', 'text', (c) => c.notNull())
        .addColumn('verified_at', 'timestamptz')
        .addColumn('checked_at', 'timestamptz')
        .addColumn('last_error', 'text')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(MS_NOW))
        .addPrimaryKeyConstraint('merchant_origins_pk', ['merchant_id', 'origin'])
        .execute();
      // An origin belongs to one merchant: at most one verified claim each.
      await sql`CREATE UNIQUE INDEX merchant_origins_one_owner ON merchant_origins (origin)
                WHERE status = 'verified'`.execute(db);
      // Origins registered before verification existed start pending, each with a fresh token.
      await sql`INSERT INTO merchant_origins (merchant_id, origin, status, token)
                SELECT m.id, o.origin, 'pending', md5(random()::text || clock_timestamp()::text || m.id || o.origin)
                  FROM merchants m, jsonb_array_elements_text(m.origins) AS o(origin)
                ON CONFLICT DO NOTHING`.execute(db);
      await db.schema.alterTable('merchants').dropColumn('origins').execute();
    },
  },
  '0009_secrets_at_rest': {
    async up(db: Kysely<unknown>) {
      // A rotated-out signing key stays published until what it signed has expired.
      await db.schema.alterTable('signing_keys').addColumn('retired_at', 'timestamptz').execute();
      // Secrets of the platform's own (the pairwise-subject key), sealed like every other secret.
      await db.schema
        .createTable('platform_secrets')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('sealed', 'text', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(MS_NOW))
        .execute();
      // Rotation: the previous API key and webhook secret keep working for a grace period.
      await db.schema
        .alterTable('merchants')
        .addColumn('previous_api_key_hash', 'text')
        .addColumn('previous_api_key_until', 'timestamptz')
        .addColumn('previous_webhook_secret', 'text')
        .addColumn('previous_webhook_secret_until', 'timestamptz')
        .execute();
    },
  },
  '0010_bank_account_changes': {
    async up(db: Kysely<unknown>) {
      // Payouts wait a day after the account they go to changes: time for the owner to notice.
      await db.schema.alterTable('bank_accounts').addColumn('changed_at', 'timestamptz').execute();
      // A change asked for over the API, waiting for its confirmation.
      await db.schema
        .createTable('bank_account_changes')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
        .addColumn('holder', 'text', (c) => c.notNull())
        .addColumn('last4', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(MS_NOW))
        .execute();
    },
  },
  '0011_card_charge_attempts': {
    async up(db: Kysely<unknown>) {
      // One request may charge a card more than once when an earlier attempt died: each attempt has its
      // own network key (`idempotency_key`, unique), all share the request's key.
      await db.schema.alterTable('card_charges').addColumn('request_key', 'text').execute();
      await sql`UPDATE card_charges SET request_key = idempotency_key`.execute(db);
      await db.schema
        .createIndex('card_charges_by_request')
        .on('card_charges')
        .columns(['request_key', 'created_at'])
        .execute();
    },
  },
  '0012_session_pin': {
    async up(db: Kysely<unknown>) {
      // When this session last proved the PIN: a step-up within minutes of it needs no second entry.
      await db.schema.alterTable('sessions').addColumn('pin_verified_at', 'timestamptz').execute();
    },
  },
  '0013_daily_password_free_total': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('wallets')
        .addColumn('daily_free_total', 'bigint', (c) =>
          c
            .notNull()
            .defaultTo(100_000)
            .check(sql`daily_free_total >= 0`),
        )
        .execute();
      // Whether the PIN authorised a payment: the others count against the daily password-free total.
      await db.schema
        .alterTable('payments')
        .addColumn('pin_used', 'boolean', (c) => c.notNull().defaultTo(false))
        .execute();
      await db.schema
        .createIndex('payments_by_wallet_day')
        .on('payments')
        .columns(['wallet_id', 'created_at'])
        .execute();
    },
  },
  '0014_withdrawals': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('wallets')
        .addColumn('withdrawal_holder', 'text')
        .addColumn('withdrawal_last4', 'text')
        .execute();
    },
  },
  '0015_devices_and_recovery': {
    async up(db: Kysely<unknown>) {
      // A wallet may live in several browsers: each holds its own device key, named, revocable.
      await db.schema
        .createTable('devices')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('wallet_id', 'text', (c) => c.notNull().references('wallets.id'))
        .addColumn('public_jwk', 'jsonb', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('auto_lock_minutes', 'integer', (c) =>
          c
            .notNull()
            .defaultTo(15)
            .check(sql`auto_lock_minutes IN (1, 5, 15, 60)`),
        )
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(MS_NOW))
        .addColumn('last_used_at', 'timestamptz', (c) => c.notNull().defaultTo(MS_NOW))
        .addColumn('revoked_at', 'timestamptz')
        .execute();
      await db.schema.createIndex('devices_by_wallet').on('devices').column('wallet_id').execute();
      await sql`INSERT INTO devices (id, wallet_id, public_jwk, name, created_at, last_used_at)
        SELECT 'dev_' || id, id, device_jwk, 'First browser', created_at, created_at FROM wallets`.execute(db);
      await db.schema.alterTable('wallets').dropColumn('device_jwk').execute();
      // The recovery code: its first part finds the wallet, the rest is kept only as a slow hash.
      await db.schema
        .alterTable('wallets')
        .addColumn('recovery_lookup', 'text', (c) => c.unique())
        .addColumn('recovery_hash', 'text')
        .execute();
      // A session belongs to one device and ends when it sits idle (the device's auto-lock time).
      await db.schema
        .alterTable('sessions')
        .addColumn('device_id', 'text', (c) => c.references('devices.id'))
        .addColumn('idle_until', 'timestamptz')
        .execute();
      await sql`UPDATE sessions SET device_id = 'dev_' || wallet_id, idle_until = expires_at`.execute(db);
      await sql`ALTER TABLE sessions ALTER COLUMN device_id SET NOT NULL, ALTER COLUMN idle_until SET NOT NULL`.execute(
        db,
      );
      await db.schema.createIndex('sessions_by_device').on('sessions').column('device_id').execute();
      // A removed card stays for the payments and top-ups that name it; it is no longer shown or usable.
      await db.schema.alterTable('cards').addColumn('removed_at', 'timestamptz').execute();
      // One-time codes that let a device at hand add another; only their hash is kept.
      await db.schema
        .createTable('link_codes')
        .addColumn('code_hash', 'text', (c) => c.primaryKey())
        .addColumn('wallet_id', 'text', (c) => c.notNull().references('wallets.id'))
        .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
        .execute();
    },
  },
  '0016_posting_backlog': {
    async up(db) {
      // Postings to a shared account not yet added to its balance row (see platform/ledger/ledger.ts).
      await db.schema
        .createTable('posting_backlog')
        .addColumn('posting_id', 'bigint', (c) => c.primaryKey().references('postings.id'))
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('amount', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('posting_backlog_by_account').on('posting_backlog').column('account_id').execute();
    },
  },
  '0017_ledger_and_payment_functions': ledgerFunctions,
  '0018_card_charges_settle_once': {
    // A charge leaves pending once, captured or voided, and stays so: a capture that finds its charge
    // voided by the sweeper (the request outlived the abandoned-charge window) is refused, whichever
    // code path captures. Raised as a refusal (RF001, platform/db/refusal.ts): CHARGE_REFUSALS explains it.
    async up(db: Kysely<unknown>) {
      await sql`
        CREATE FUNCTION card_charge_settles_once() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF OLD.status <> 'pending' AND NEW.status <> OLD.status THEN
            RAISE EXCEPTION USING ERRCODE = 'RF001', MESSAGE = 'charge_not_pending', DETAIL = OLD.id;
          END IF;
          RETURN NEW;
        END $$`.execute(db);
      await sql`
        CREATE TRIGGER card_charges_settle_once BEFORE UPDATE OF status ON card_charges
        FOR EACH ROW EXECUTE FUNCTION card_charge_settles_once()`.execute(db);
    },
  },
  '0019_idempotency_keys_by_age': {
    // Housekeeping deletes replies past their 24 hours, oldest first (platform/housekeeping.ts).
    async up(db: Kysely<unknown>) {
      await db.schema.createIndex('idempotency_keys_by_age').on('idempotency_keys').column('created_at').execute();
    },
  },
  '0020_console_sign_in_failures': {
    // Wrong console passwords per typed email (platform/console/sign-in-guard.ts), and on each session
    // how many came before it, which the console shows its owner.
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('console_sign_in_failures')
        .addColumn('email', 'text', (c) => c.primaryKey())
        .addColumn('failures', 'integer', (c) => c.notNull())
        .addColumn('next_try_at', 'timestamptz', (c) => c.notNull())
        .execute();
      await db.schema
        .alterTable('console_sessions')
        .addColumn('failed_sign_ins', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    },
  },
};

export const migrationProvider: MigrationProvider = { getMigrations: async () => migrations };
