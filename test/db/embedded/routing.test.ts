import { describe, expect, test } from 'vitest';
import { firstKeyword, StatementRouter } from '../../../src/db/embedded/routing.js';

describe('which connection runs a statement', () => {
  test.each([
    ['SELECT * FROM members WHERE id = ?', 'read'],
    ['  \n-- a comment\n/* and another */ (SELECT 1)', 'read'],
    ['with recent as (select 1) select * from recent', 'read'],
    ['VALUES (1)', 'read'],
    ['INSERT INTO transfers (id) VALUES (?)', 'grouped'],
    ['update accounts set balance = 0', 'grouped'],
    ['DELETE FROM write_conflicts', 'grouped'],
    ['REPLACE INTO transfers (id) VALUES (?)', 'grouped'],
    ["INSERT INTO write_conflicts (reason) SELECT 'stale' WHERE changes() = 0", 'grouped'],
    ['SELECT total_changes() AS changes', 'alone'],
    ['SELECT changes()', 'alone'],
    ['SELECT last_insert_rowid()', 'alone'],
    ['CREATE TABLE t (x)', 'alone'],
    ['DROP TRIGGER transfers_apply', 'alone'],
    ['PRAGMA integrity_check', 'alone'],
    ['BEGIN IMMEDIATE', 'alone'],
    ['VACUUM', 'alone'],
  ])('%s → %s', (sql, route) => {
    expect(new StatementRouter().routing(sql).route).toBe(route);
  });

  test('a statement routed as a read that turns out to write is remembered as a write', () => {
    const router = new StatementRouter();
    const sql = 'WITH source AS (SELECT 1) INSERT INTO t SELECT * FROM source';
    expect(router.routing(sql).route).toBe('read');
    router.writes(sql);
    expect(router.routing(sql).route).toBe('grouped');
  });

  test.each([
    ['SELECT 1', true, false],
    ['INSERT INTO t VALUES (1)', true, false],
    ['PRAGMA foreign_keys = OFF', false, false],
    ['CREATE INDEX i ON t (x)', false, true],
    ['ALTER TABLE t ADD COLUMN y', false, true],
    ['drop table t', false, true],
  ])('%s: in a group %s, changes the schema %s', (sql, groupable, changesSchema) => {
    expect(new StatementRouter().routing(sql)).toMatchObject({ groupable, changesSchema });
  });

  test('the first keyword skips whitespace, comments and parentheses', () => {
    expect(firstKeyword(' /* x */ -- y\n ((select 1))')).toBe('SELECT');
    expect(firstKeyword('')).toBe('');
  });
});
