import * as z from 'zod';
import { EVENT_TYPES, eventTypes } from './registry.js';

/**
 * The table of event types in docs/events.md, written from the registry (`npm run docs:events`),
 * with its columns padded as the formatter pads them, so that formatting leaves it as written.
 */
export function eventCatalogueMarkdown(): string {
  const rows = eventTypes.map((type) => {
    const entry = EVENT_TYPES[type];
    const receivers = ['operator', ...entry.receivers].join(', ');
    const fields = Object.keys(z.toJSONSchema(entry.data).properties ?? {})
      .map((name) => `\`${name}\``)
      .join(', ');
    return [`\`${type}\``, entry.description, receivers, fields];
  });
  const header = ['type', 'what happened', 'who receives it', '`data`'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)),
  );
  const line = (cells: readonly string[], pad = ' ') =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0, pad)).join(' | ')} |`;
  return [
    line(header),
    line(
      header.map(() => ''),
      '-',
    ),
    ...rows.map((row) => line(row)),
  ].join('\n');
}
