-- Each transaction's details name their kind, so that one discriminated type parses every row.
UPDATE transactions SET details = json_set(COALESCE(details, '{}'), '$.kind', kind);
--> statement-breakpoint
-- Pool memberships of ids that were never enrolled (a member token signed for a stranger) go
-- before pool_members starts referencing members: such a membership has no wallet behind it.
DELETE FROM pool_members WHERE member_id NOT IN (SELECT id FROM members);
--> statement-breakpoint
DELETE FROM pool_invites WHERE used_by_member_id IS NOT NULL AND used_by_member_id NOT IN (SELECT id FROM members);
