-- Transfers are immutable: corrections are new transfers that reference the original.
CREATE TRIGGER transfers_no_update BEFORE UPDATE ON transfers
BEGIN
  SELECT RAISE(ABORT, 'transfers are immutable');
END;
--> statement-breakpoint
CREATE TRIGGER transfers_no_delete BEFORE DELETE ON transfers
BEGIN
  SELECT RAISE(ABORT, 'transfers are immutable');
END;
--> statement-breakpoint
-- Balances follow transfers inside the same statement, so no batch can post one without the other.
-- A wallet that would go negative fails the accounts CHECK and aborts the whole batch.
CREATE TRIGGER transfers_apply AFTER INSERT ON transfers
BEGIN
  SELECT RAISE(ABORT, 'transfer names an unknown account')
  WHERE NOT EXISTS (SELECT 1 FROM accounts WHERE id = NEW.debit_account_id)
     OR NOT EXISTS (SELECT 1 FROM accounts WHERE id = NEW.credit_account_id);
  UPDATE accounts SET balance = balance - NEW.points WHERE id = NEW.debit_account_id;
  UPDATE accounts SET balance = balance + NEW.points WHERE id = NEW.credit_account_id;
END;
--> statement-breakpoint
CREATE TRIGGER write_conflicts_abort BEFORE INSERT ON write_conflicts
BEGIN
  SELECT RAISE(ABORT, 'write conflict: the batch was planned on data that changed');
END;
--> statement-breakpoint
INSERT INTO accounts (id, kind, owner_id, balance) VALUES ('network:breakage', 'breakage', NULL, 0);
--> statement-breakpoint
INSERT INTO accounts (id, kind, owner_id, balance) VALUES ('network:promotions', 'promotions', NULL, 0);
