-- Settlement reads running totals instead of scanning a period's transfers. Triggers keep them in
-- the same statement as each ledger write, so any committed state has totals that match exactly
-- the transfers up to MAX(transfers.sequence). See docs/settlement.md.

-- A partner's terms from a point in the transfer sequence on: a transfer with sequence S is priced
-- by the newest row with from_sequence < S.
CREATE TRIGGER partner_terms_history_on_insert AFTER INSERT ON partners
BEGIN
  INSERT INTO partner_terms_history (partner_id, from_sequence, issue_price, redeem_rate)
  VALUES (NEW.id, (SELECT COALESCE(MAX(sequence), 0) FROM transfers), NEW.issue_price, NEW.redeem_rate)
  ON CONFLICT (partner_id, from_sequence) DO UPDATE SET issue_price = excluded.issue_price, redeem_rate = excluded.redeem_rate;
END;
--> statement-breakpoint
CREATE TRIGGER partner_terms_history_on_update AFTER UPDATE OF issue_price, redeem_rate ON partners
WHEN OLD.issue_price IS NOT NEW.issue_price OR OLD.redeem_rate IS NOT NEW.redeem_rate
BEGIN
  INSERT INTO partner_terms_history (partner_id, from_sequence, issue_price, redeem_rate)
  VALUES (NEW.id, (SELECT COALESCE(MAX(sequence), 0) FROM transfers), NEW.issue_price, NEW.redeem_rate)
  ON CONFLICT (partner_id, from_sequence) DO UPDATE SET issue_price = excluded.issue_price, redeem_rate = excluded.redeem_rate;
END;
--> statement-breakpoint
-- Every transfer is counted once, under (partner, kind, unit price). Issuance kinds are priced at the
-- issue price, redemption kinds at the redeem rate, in force when the transfer was posted; a reversal
-- at the terms of the transfer it reverses. A priced transfer whose partner has no terms is refused:
-- it could never be settled.
CREATE TRIGGER settlement_totals_follow_transfers AFTER INSERT ON transfers
BEGIN
  SELECT RAISE(ABORT, 'settlement: the transfer''s partner has no terms to price it')
  WHERE NEW.kind IN ('earn', 'earn_reversal', 'debt_repayment', 'redeem', 'redeem_reversal')
    AND NOT EXISTS (SELECT 1 FROM partner_terms_history h WHERE h.partner_id = NEW.partner_id AND h.from_sequence < NEW.sequence);
  INSERT INTO settlement_totals (partner_id, kind, unit_price, points, transfers, wallet_points)
  SELECT
    COALESCE(NEW.partner_id, 'network'),
    NEW.kind,
    COALESCE((
      SELECT CASE WHEN NEW.kind IN ('redeem', 'redeem_reversal') THEN h.redeem_rate ELSE h.issue_price END
      FROM partner_terms_history h
      WHERE NEW.kind IN ('earn', 'earn_reversal', 'debt_repayment', 'redeem', 'redeem_reversal')
        AND h.partner_id = NEW.partner_id
        AND h.from_sequence < COALESCE((SELECT o.sequence FROM transfers o WHERE o.id = NEW.reverses_transfer_id), NEW.sequence)
      ORDER BY h.from_sequence DESC
      LIMIT 1
    ), ''),
    NEW.points,
    1,
    (CASE WHEN substr(NEW.credit_account_id, 1, 7) = 'wallet:' THEN NEW.points ELSE 0 END)
      - (CASE WHEN substr(NEW.debit_account_id, 1, 7) = 'wallet:' THEN NEW.points ELSE 0 END)
  WHERE true
  ON CONFLICT (partner_id, kind, unit_price) DO UPDATE SET
    points = points + excluded.points,
    transfers = transfers + 1,
    wallet_points = wallet_points + excluded.wallet_points;
END;
--> statement-breakpoint
-- Lot provenance: the issuer of every point a transfer drew (or put back), by the transfer's kind
-- and partner. A draw must name a transfer already posted in the same batch.
CREATE TRIGGER settlement_flows_follow_lot_draws AFTER INSERT ON lot_draws
BEGIN
  SELECT RAISE(ABORT, 'settlement: a lot draw names an unknown transfer')
  WHERE NOT EXISTS (SELECT 1 FROM transfers WHERE id = NEW.transfer_id);
  INSERT INTO settlement_flows (issuer_partner_id, counterparty_id, kind, points, draws)
  SELECT NEW.issuer_partner_id, COALESCE(t.partner_id, 'network'), t.kind, NEW.points, 1
  FROM transfers t
  WHERE t.id = NEW.transfer_id
  ON CONFLICT (issuer_partner_id, counterparty_id, kind) DO UPDATE SET
    points = points + excluded.points,
    draws = draws + 1;
END;
--> statement-breakpoint
-- Settlements form a chain: number n starts exactly where number n - 1 ended (the first at 0) and
-- names it as its previous settlement. With the unique number, two concurrent closes cannot both
-- settle a range, and the settled ranges tile the ledger without a gap or an overlap.
CREATE TRIGGER settlements_chain BEFORE INSERT ON settlements
BEGIN
  SELECT RAISE(ABORT, 'settlement: a close must start where the previous one ended')
  WHERE NEW.from_sequence IS NOT COALESCE((SELECT to_sequence FROM settlements WHERE number = NEW.number - 1), 0)
     OR NEW.previous_settlement_id IS NOT (SELECT id FROM settlements WHERE number = NEW.number - 1)
     OR (NEW.number > 1 AND NOT EXISTS (SELECT 1 FROM settlements WHERE number = NEW.number - 1))
     OR NEW.number < 1;
END;
--> statement-breakpoint
-- A partner's settlement lines are read by (partner, sequence range).
CREATE INDEX transfers_partner_sequence ON transfers (partner_id, sequence);
--> statement-breakpoint
-- Backfill on a database that already holds a ledger. Terms had no history before this migration,
-- so earlier transfers are priced at the partner's terms as they are now.
INSERT INTO partner_terms_history (partner_id, from_sequence, issue_price, redeem_rate)
SELECT id, 0, issue_price, redeem_rate FROM partners;
--> statement-breakpoint
INSERT INTO settlement_totals (partner_id, kind, unit_price, points, transfers, wallet_points)
SELECT
  COALESCE(t.partner_id, 'network'),
  t.kind,
  COALESCE(CASE
    WHEN t.kind IN ('redeem', 'redeem_reversal') THEN p.redeem_rate
    WHEN t.kind IN ('earn', 'earn_reversal', 'debt_repayment') THEN p.issue_price
  END, ''),
  SUM(t.points),
  COUNT(*),
  SUM((CASE WHEN substr(t.credit_account_id, 1, 7) = 'wallet:' THEN t.points ELSE 0 END)
    - (CASE WHEN substr(t.debit_account_id, 1, 7) = 'wallet:' THEN t.points ELSE 0 END))
FROM transfers t
LEFT JOIN partners p ON p.id = t.partner_id
GROUP BY 1, 2, 3;
--> statement-breakpoint
INSERT INTO settlement_flows (issuer_partner_id, counterparty_id, kind, points, draws)
SELECT d.issuer_partner_id, COALESCE(t.partner_id, 'network'), t.kind, SUM(d.points), COUNT(*)
FROM lot_draws d
JOIN transfers t ON t.id = d.transfer_id
GROUP BY 1, 2, 3;
