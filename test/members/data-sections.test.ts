import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { coveredMemberColumns, MEMBER_DATA_SECTIONS } from '../../src/members/data-sections.js';
import { TestApp } from '../support/harness.js';

/**
 * The export and erasure follow one list of sections. This scans the schema the migrations build:
 * a table that names a member (a column `member_id` or `…_member_id`) without a section holding
 * that column fails here, so a new table of member data cannot be left out of either.
 */
let app: TestApp;
beforeAll(async () => {
  app = await TestApp.create();
});
afterAll(async () => {
  await app.close();
});

async function memberColumnsOfSchema(): Promise<string[]> {
  const tables = (await app.deps.db.all(sql`SELECT name FROM sqlite_master WHERE type = 'table'`)) as {
    name: string;
  }[];
  const found: string[] = [];
  for (const { name } of tables.filter((table) => !table.name.startsWith('sqlite_'))) {
    const columns = (await app.deps.db.all(sql.raw(`PRAGMA table_info(${name})`))) as { name: string }[];
    for (const column of columns) {
      if (/(^|_)member_id$/.test(column.name)) found.push(`${name}.${column.name}`);
    }
  }
  return found.sort();
}

describe('every table holding member data has a section', () => {
  test('each member id column of the schema is covered by a section', async () => {
    const columns = await memberColumnsOfSchema();
    expect(columns.length).toBeGreaterThan(10);
    const covered = new Set(coveredMemberColumns());
    expect(columns.filter((column) => !covered.has(column))).toEqual([]);
  });

  test('the members table itself is a section, by its id', () => {
    expect(coveredMemberColumns()).toContain('members.id');
  });

  test('section names are unique, and each says what erasure does', () => {
    const names = MEMBER_DATA_SECTIONS.map((section) => section.name);
    expect(new Set(names).size).toBe(names.length);
    for (const section of MEMBER_DATA_SECTIONS) {
      const rule = section.erasure;
      expect('delete' in rule || rule.keep.length > 20, section.name).toBe(true);
    }
  });
});
