import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { eventCatalogueMarkdown } from '../../src/domain/events/catalogue.js';
import { EVENT_TYPES, eventTypes } from '../../src/domain/events/registry.js';
import { PARTNER_EVENT_TYPES } from '../../web/console/lib/event-types.js';
import { TestApp } from '../support/harness.js';

test('docs/events.md lists exactly the registry of event types (else: npm run docs:events)', () => {
  const text = readFileSync(new URL('../../docs/events.md', import.meta.url), 'utf8');
  expect(text).toContain(eventCatalogueMarkdown());
});

test('the OpenAPI document describes every event type, and no other', async () => {
  const app = await TestApp.create();
  try {
    const document = (await app.request('GET', '/openapi.json')).body;
    const described = Object.keys(document.components.schemas)
      .filter((name) => name.startsWith('Event_'))
      .map((name) => document.components.schemas[name].properties.type.enum[0]);
    expect(described.sort()).toEqual([...eventTypes].sort());
  } finally {
    await app.close();
  }
});

test('the partner portal offers exactly the event types the registry sends partners', () => {
  const forPartners = eventTypes.filter((type) =>
    (EVENT_TYPES[type].receivers as readonly string[]).includes('partner'),
  );
  expect([...PARTNER_EVENT_TYPES]).toEqual(forPartners);
});
