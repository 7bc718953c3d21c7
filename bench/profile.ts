import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ProfileEntry {
  readonly function: string;
  /** File (under node_modules or src) and line. */
  readonly location: string;
  /** Share of the thread's busy samples (idle excluded) spent in this function itself. */
  readonly selfPercent: number;
}

export interface ThreadProfile {
  /** The heaviest functions by self time. */
  readonly top: ProfileEntry[];
  /** Share of busy samples per layer of the stack (a native function counts for its JavaScript caller). */
  readonly layers: Record<string, number>;
}

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface CpuProfile {
  nodes: { id: number; callFrame: CallFrame; children?: number[] }[];
  samples: number[];
}

const IDLE = new Set(['(idle)', '(program)']);

/** The layers a sample's time is charged to, matched on the file of its nearest JavaScript frame. */
const LAYERS: [string, (url: string) => boolean][] = [
  ['database driver', (url) => /node_modules\/(libsql|@libsql)\/|\/src\/db\/embedded\//.test(url)],
  ['drizzle', (url) => url.includes('node_modules/drizzle-orm/')],
  ['zod', (url) => /node_modules\/(zod|@hono\/zod-openapi|@hono\/zod-validator)\//.test(url)],
  ['hono and @hono/node-server', (url) => /node_modules\/(hono|@hono\/node-server)\//.test(url)],
  ['undici (Request, Response, Headers)', (url) => url.includes('undici') || url.includes('webstreams')],
  ['node http, net, streams', (url) => /^node:(_http|net|internal\/(http|stream|streams|net))/.test(url)],
  ['jose', (url) => url.includes('node_modules/jose/')],
  ['Tessera (src)', (url) => url.includes('/src/')],
  ['module loading', (url) => /tsx|modules\/esm|bootstrap/.test(url)],
  ['node (crypto, timers, worker messages, …)', (url) => url.startsWith('node:')],
];

const layerOf = (url: string) => LAYERS.find(([, matches]) => matches(url))?.[0] ?? 'other';

const percent = (part: number, whole: number) => Math.round((1000 * part) / Math.max(1, whole)) / 10;

/** The functions and layers a V8 CPU profile spent its busy samples in. */
export function summarizeProfile(profile: CpuProfile, count: number): ThreadProfile {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const self = new Map<string, { function: string; location: string; samples: number }>();
  const layers = new Map<string, number>();
  let busy = 0;
  for (const id of profile.samples) {
    const frame = nodes.get(id)?.callFrame;
    if (frame === undefined) continue;
    const name = frame.functionName === '' ? '(anonymous)' : frame.functionName;
    if (IDLE.has(name)) continue;
    busy += 1;
    const location = `${frame.url.replace(/^.*\/node_modules\//, '').replace(/^.*\/(src|bench)\//, '$1/')}:${frame.lineNumber + 1}`;
    const key = `${name} ${location}`;
    const entry = self.get(key) ?? { function: name, location, samples: 0 };
    entry.samples += 1;
    self.set(key, entry);
    let layer = name === '(garbage collector)' ? 'garbage collector' : undefined;
    for (let current: number | undefined = id; layer === undefined && current !== undefined; ) {
      const url = nodes.get(current)?.callFrame.url ?? '';
      if (url !== '') layer = layerOf(url);
      current = parents.get(current);
    }
    layer ??= 'other';
    layers.set(layer, (layers.get(layer) ?? 0) + 1);
  }
  return {
    top: [...self.values()]
      .sort((a, b) => b.samples - a.samples)
      .slice(0, count)
      .map((entry) => ({
        function: entry.function,
        location: entry.location,
        selfPercent: percent(entry.samples, busy),
      })),
    layers: Object.fromEntries(
      [...layers].sort((a, b) => b[1] - a[1]).map(([layer, samples]) => [layer, percent(samples, busy)]),
    ),
  };
}

/**
 * The profile of each thread the server process `pid` wrote into `directory` (`node --cpu-prof`
 * writes one file per thread): the main thread serves requests, the writer thread commits;
 * threads that did next to nothing (the module loader's) are left out.
 */
export function summarizeProfiles(directory: string, pid: number, count = 15): Record<string, ThreadProfile> {
  const threads: Record<string, ThreadProfile> = {};
  for (const name of readdirSync(directory).filter((file) => file.includes(`.${pid}.`))) {
    const profile = JSON.parse(readFileSync(join(directory, name), 'utf8')) as CpuProfile;
    const urls = new Set(profile.nodes.map((node) => node.callFrame.url));
    const any = (fragment: string) => [...urls].some((url) => url.includes(fragment));
    const thread = any('writer-thread.js') ? 'writer thread' : any('/src/http/') ? 'main thread' : undefined;
    if (thread !== undefined) threads[thread] = summarizeProfile(profile, count);
  }
  return threads;
}
