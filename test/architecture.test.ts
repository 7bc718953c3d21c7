import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

/**
 * The layout shows the architecture: pure rules in `domain`, the data layer in `db`, the shared
 * write machinery in `writes`, the operations (`ledger`, `pools`, `settlement`, …), HTTP in `http`
 * and `routes`, and the entries that wire them. These tests read the imports of `src/` and fail when
 * an arrow points the wrong way.
 */
const SRC = join(dirname(fileURLToPath(import.meta.url)), '../src');

interface Import {
  readonly from: string;
  readonly to: string;
  readonly typeOnly: boolean;
}

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') || entry.name.endsWith('.tsx') ? [path] : [];
  });
}

/** The top-level module a file belongs to: its first folder under src, or the file itself for src/*.ts. */
const moduleOf = (path: string) => {
  const parts = relative(SRC, path).split('/');
  return (parts.length === 1 ? parts[0]?.replace(/\.tsx?$/, '') : parts[0]) ?? '';
};

const imports: Import[] = sourceFiles(SRC).flatMap((file) =>
  [...readFileSync(file, 'utf8').matchAll(/^import (type )?[^;]*? from '(\.[^']+)';/gms)].map((match) => ({
    from: file,
    to: normalize(join(dirname(file), match[2] ?? '')),
    typeOnly: match[1] !== undefined,
  })),
);

const crossing = (predicate: (from: string, to: string, found: Import) => boolean) =>
  imports
    .filter((found) => predicate(moduleOf(found.from), moduleOf(found.to), found))
    .map((found) => `${relative(SRC, found.from)} -> ${relative(SRC, found.to)}`);

test('the domain imports nothing but the domain: no HTTP, no database, no wiring', () => {
  expect(crossing((from, to) => from === 'domain' && to !== 'domain')).toEqual([]);
});

test('http does not reach back into routes; the app is assembled outside it', () => {
  expect(crossing((from, to) => from === 'http' && to === 'routes')).toEqual([]);
});

test('no two modules import each other at run time (type-only imports aside)', () => {
  const edges = new Map<string, Set<string>>();
  for (const found of imports) {
    const from = moduleOf(found.from);
    const to = moduleOf(found.to);
    if (found.typeOnly || from === to) continue;
    edges.set(from, new Set([...(edges.get(from) ?? []), to]));
  }
  const cycles: string[] = [];
  const visit = (start: string, node: string, path: string[]) => {
    for (const next of edges.get(node) ?? []) {
      if (next === start) cycles.push([...path, next].join(' -> '));
      else if (!path.includes(next)) visit(start, next, [...path, next]);
    }
  };
  for (const module of edges.keys()) visit(module, module, [module]);
  expect(cycles).toEqual([]);
});
