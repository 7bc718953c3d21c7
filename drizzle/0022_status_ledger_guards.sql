-- The ledger of status is append-only, like transfers: a qualifying credit is taken back by a new
-- entry (a refund's), never by an edit.
CREATE TRIGGER qualifying_credits_no_update BEFORE UPDATE ON qualifying_credits
BEGIN
  SELECT RAISE(ABORT, 'qualifying credits are immutable');
END;
--> statement-breakpoint
CREATE TRIGGER qualifying_credits_no_delete BEFORE DELETE ON qualifying_credits
BEGIN
  SELECT RAISE(ABORT, 'qualifying credits are immutable');
END;
--> statement-breakpoint
CREATE TRIGGER qualifying_credits_no_replace BEFORE INSERT ON qualifying_credits
WHEN EXISTS (SELECT 1 FROM qualifying_credits WHERE id = NEW.id)
BEGIN
  SELECT RAISE(ABORT, 'qualifying credits are immutable');
END;
--> statement-breakpoint
-- Each entry moves its month in the same statement; the month's CHECK refuses to go below zero, so
-- a refund can never take back credits its month does not hold. (The month is created at 0 and then
-- moved, because an upsert would check the negative row it proposes before finding the existing one.)
CREATE TRIGGER qualifying_months_follow_credits AFTER INSERT ON qualifying_credits
BEGIN
  INSERT INTO qualifying_months (member_id, month, credits)
  SELECT NEW.member_id, strftime('%Y-%m', NEW.qualifying_at / 1000, 'unixepoch'), 0
  WHERE NOT EXISTS (
    SELECT 1 FROM qualifying_months
    WHERE member_id = NEW.member_id AND month = strftime('%Y-%m', NEW.qualifying_at / 1000, 'unixepoch')
  );
  UPDATE qualifying_months SET credits = credits + NEW.credits
  WHERE member_id = NEW.member_id AND month = strftime('%Y-%m', NEW.qualifying_at / 1000, 'unixepoch');
END;
--> statement-breakpoint
CREATE TRIGGER status_changes_no_update BEFORE UPDATE ON status_changes
BEGIN
  SELECT RAISE(ABORT, 'the history of status changes is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER status_changes_no_delete BEFORE DELETE ON status_changes
BEGIN
  SELECT RAISE(ABORT, 'the history of status changes is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER gap_gifts_no_update BEFORE UPDATE ON gap_gifts
BEGIN
  SELECT RAISE(ABORT, 'a gap gift is given once and never changed');
END;
--> statement-breakpoint
CREATE TRIGGER gap_gifts_no_delete BEFORE DELETE ON gap_gifts
BEGIN
  SELECT RAISE(ABORT, 'a gap gift is given once and never changed');
END;
--> statement-breakpoint
-- Every member has a status row from enrolment on; members enrolled before statuses existed get
-- theirs here, to be reviewed once the operator publishes tiers.
INSERT INTO member_status (member_id, tier, basis, reviewed_at, version)
SELECT id, NULL, 'none', created_at, 0 FROM members;
--> statement-breakpoint
-- Earns before qualifying credits existed qualify as every earn now does, at the default rule (one
-- credit per point earned), dated when they were credited; their refunds take back as many credits
-- as points, dated like the earn.
INSERT INTO qualifying_credits (id, member_id, source, source_id, partner_id, credits, qualifying_at, created_at)
SELECT 'qcr_' || substr(id, 5), member_id, 'earn', id, partner_id, COALESCE(points_captured, points),
  CASE WHEN status = 'captured' THEN COALESCE(resolved_at, created_at) ELSE created_at END, created_at
FROM transactions
WHERE kind = 'earn' AND status IN ('posted', 'captured') AND COALESCE(points_captured, points) > 0;
--> statement-breakpoint
INSERT INTO qualifying_credits (id, member_id, source, source_id, partner_id, credits, qualifying_at, created_at)
SELECT 'qcr_' || substr(r.id, 5), r.member_id, 'refund', r.id, r.partner_id, -r.points,
  CASE WHEN o.status = 'captured' THEN COALESCE(o.resolved_at, o.created_at) ELSE o.created_at END, r.created_at
FROM transactions r JOIN transactions o ON o.id = r.original_transaction_id
WHERE r.kind = 'reversal' AND o.kind = 'earn' AND r.points > 0;
