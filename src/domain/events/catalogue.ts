import * as z from 'zod';
import { EVENT_TYPES, eventTypes } from './registry.js';

/** The table of event types in docs/events.md, written from the registry (`npm run docs:events`). */
export function eventCatalogueMarkdown(): string {
  const rows = eventTypes.map((type) => {
    const entry = EVENT_TYPES[type];
    const receivers = ['operator', ...entry.receivers].join(', ');
    const fields = Object.keys(z.toJSONSchema(entry.data).properties ?? {})
      .map((name) => `\`${name}\``)
      .join(', ');
    return `| \`${type}\` | ${entry.description} | ${receivers} | ${fields} |`;
  });
  return ['| type | what happened | who receives it | `data` |', '| --- | --- | --- | --- |', ...rows].join(
    '\n',
  );
}
