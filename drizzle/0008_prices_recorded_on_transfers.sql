-- Settlement prices are data recorded on each transfer (`unit_price`, decided inside the batch that
-- posts it, see src/db/ledger.ts), not a list of kinds in a trigger. Earlier transfers get the
-- price the old trigger gave them: the partner's terms in force at the transfer's sequence (a
-- reversal: at the sequence of the transfer it reverses), so every statement stays the same.
DROP TRIGGER transfers_no_update;
--> statement-breakpoint
UPDATE transfers SET unit_price = (
  SELECT CASE WHEN transfers.kind IN ('redeem', 'redeem_reversal') THEN h.redeem_rate ELSE h.issue_price END
  FROM partner_terms_history h
  WHERE h.partner_id = transfers.partner_id
    AND h.from_sequence < COALESCE((SELECT o.sequence FROM transfers o WHERE o.id = transfers.reverses_transfer_id), transfers.sequence)
  ORDER BY h.from_sequence DESC
  LIMIT 1
)
WHERE kind IN ('earn', 'earn_reversal', 'debt_repayment', 'redeem', 'redeem_reversal');
--> statement-breakpoint
CREATE TRIGGER transfers_no_update BEFORE UPDATE ON transfers
BEGIN
  SELECT RAISE(ABORT, 'transfers are immutable');
END;
--> statement-breakpoint
-- Every transfer is counted once, under (partner, kind, unit price), whatever its kind.
DROP TRIGGER settlement_totals_follow_transfers;
--> statement-breakpoint
CREATE TRIGGER settlement_totals_follow_transfers AFTER INSERT ON transfers
BEGIN
  INSERT INTO settlement_totals (partner_id, kind, unit_price, points, transfers, wallet_points)
  VALUES (
    COALESCE(NEW.partner_id, 'network'),
    NEW.kind,
    COALESCE(NEW.unit_price, ''),
    NEW.points,
    1,
    (CASE WHEN substr(NEW.credit_account_id, 1, 7) = 'wallet:' THEN NEW.points ELSE 0 END)
      - (CASE WHEN substr(NEW.debit_account_id, 1, 7) = 'wallet:' THEN NEW.points ELSE 0 END)
  )
  ON CONFLICT (partner_id, kind, unit_price) DO UPDATE SET
    points = points + excluded.points,
    transfers = transfers + 1,
    wallet_points = wallet_points + excluded.wallet_points;
END;
--> statement-breakpoint
-- What every new transfer must be, checked in order in one trigger: a new row (an insert that names
-- an existing one would replace it past the immutability triggers; from 0005), of a kind the
-- registry knows (the rows of ledger_kinds) between the kinds of account that kind joins, and, for
-- a priced kind, carrying its price (a partner without terms cannot price one, so such a transfer
-- could never be settled).
DROP TRIGGER transfers_no_replace;
--> statement-breakpoint
CREATE TRIGGER transfers_insert_guards BEFORE INSERT ON transfers
BEGIN
  SELECT RAISE(ABORT, 'transfers are immutable')
  WHERE EXISTS (SELECT 1 FROM transfers WHERE sequence = NEW.sequence OR id = NEW.id);
  SELECT RAISE(ABORT, 'ledger: a transfer of an unknown kind, or between accounts its kind does not join')
  WHERE NOT EXISTS (
    SELECT 1 FROM ledger_kinds k
    WHERE k.scope = 'transfer' AND k.kind = NEW.kind
      AND k.debit_account_kind = (SELECT a.kind FROM accounts a WHERE a.id = NEW.debit_account_id)
      AND k.credit_account_kind = (SELECT a.kind FROM accounts a WHERE a.id = NEW.credit_account_id)
  );
  SELECT RAISE(ABORT, 'settlement: the transfer''s partner has no terms to price it')
  WHERE NEW.unit_price IS NULL
    AND EXISTS (SELECT 1 FROM ledger_kinds k WHERE k.scope = 'transfer' AND k.kind = NEW.kind AND k.priced);
END;
--> statement-breakpoint
CREATE TRIGGER transactions_follow_their_kind BEFORE INSERT ON transactions
BEGIN
  SELECT RAISE(ABORT, 'ledger: a transaction of an unknown kind')
  WHERE NOT EXISTS (SELECT 1 FROM ledger_kinds k WHERE k.scope = 'transaction' AND k.kind = NEW.kind);
END;
--> statement-breakpoint
CREATE TRIGGER transactions_keep_their_kind BEFORE UPDATE OF kind ON transactions
WHEN NEW.kind IS NOT OLD.kind
BEGIN
  SELECT RAISE(ABORT, 'ledger: a transaction keeps its kind');
END;
--> statement-breakpoint
-- Terms no longer need a history: each transfer carries the price it was posted at.
DROP TRIGGER partner_terms_history_on_insert;
--> statement-breakpoint
DROP TRIGGER partner_terms_history_on_update;
