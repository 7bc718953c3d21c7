-- The network's own accounts in the `redemption` role (a new account kind would mean rebuilding the
-- accounts table, see docs/decisions.md): points held for catalogue reservations until captured or
-- released, and points converted into coalition gift cards.
INSERT INTO accounts (id, kind, owner_id, balance) VALUES ('network:reservations', 'redemption', NULL, 0);
--> statement-breakpoint
INSERT INTO accounts (id, kind, owner_id, balance) VALUES ('network:gift-cards', 'redemption', NULL, 0);
--> statement-breakpoint
-- What gift cards bought at each partner, and what partners refunded onto cards, kept in step with
-- every movement in the same statement: a close reads these totals, never the movements.
CREATE TRIGGER settlement_money_totals_follow_gift_cards AFTER INSERT ON gift_card_movements
WHEN NEW.kind IN ('spend', 'refund')
BEGIN
  INSERT INTO settlement_money_totals (partner_id, kind, currency, amount_minor, movements)
  VALUES (NEW.partner_id, 'gift_card_' || NEW.kind, NEW.currency, NEW.amount_minor, 1)
  ON CONFLICT (partner_id, kind, currency) DO UPDATE SET
    amount_minor = amount_minor + excluded.amount_minor,
    movements = movements + 1;
END;
--> statement-breakpoint
-- A card's money moves only by its movements, each in the same statement as the balance it changes.
CREATE TRIGGER gift_card_movements_no_update BEFORE UPDATE OF gift_card_id, kind, partner_id, amount_minor, currency, spend_id ON gift_card_movements
BEGIN
  SELECT RAISE(ABORT, 'gift card movements are immutable');
END;
--> statement-breakpoint
CREATE TRIGGER gift_card_movements_no_delete BEFORE DELETE ON gift_card_movements
BEGIN
  SELECT RAISE(ABORT, 'gift card movements are immutable');
END;
