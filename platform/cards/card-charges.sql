-- Captures a card charge: the money it took is now part of a recorded payment or top-up. The one
-- place a charge is captured, for payments (pay_checkout_write) and top-ups (charges.ts). A charge the
-- sweeper voided meanwhile is refused by migration 0018's trigger (charge_not_pending).
-- A repeatable migration (platform/db/repeatable.ts).
CREATE OR REPLACE FUNCTION capture_card_charge(charge text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  UPDATE card_charges SET status = 'captured' WHERE id = charge;
END $$;
