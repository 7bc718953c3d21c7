import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ProfileEntry {
  readonly function: string;
  /** File (under node_modules or src) and line. */
  readonly location: string;
  /** Share of the thread's busy samples (idle excluded) spent in this function itself. */
  readonly selfPercent: number;
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
}

const IDLE = new Set(['(idle)', '(program)']);

/** The functions a V8 CPU profile spent most of its busy samples in, heaviest first. */
export function topEntries(profile: CpuProfile, count: number): ProfileEntry[] {
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const self = new Map<string, { function: string; location: string; samples: number }>();
  let busy = 0;
  for (const id of profile.samples) {
    const frame = frames.get(id);
    if (frame === undefined) continue;
    const name = frame.functionName === '' ? '(anonymous)' : frame.functionName;
    if (IDLE.has(name)) continue;
    busy += 1;
    const location = `${frame.url.replace(/^.*\/node_modules\//, '').replace(/^.*\/(src|bench)\//, '$1/')}:${frame.lineNumber + 1}`;
    const key = `${name} ${location}`;
    const entry = self.get(key) ?? { function: name, location, samples: 0 };
    entry.samples += 1;
    self.set(key, entry);
  }
  return [...self.values()]
    .sort((a, b) => b.samples - a.samples)
    .slice(0, count)
    .map((entry) => ({
      function: entry.function,
      location: entry.location,
      selfPercent: Math.round((1000 * entry.samples) / Math.max(1, busy)) / 10,
    }));
}

/**
 * The top entries of each thread's profile the server process `pid` wrote into `directory`
 * (`node --cpu-prof` writes one file per thread): the main thread serves requests, the writer
 * thread commits; threads that did next to nothing (the module loader's) are left out.
 */
export function summarizeProfiles(
  directory: string,
  pid: number,
  count = 15,
): Record<string, ProfileEntry[]> {
  const threads: Record<string, ProfileEntry[]> = {};
  for (const name of readdirSync(directory).filter((file) => file.includes(`.${pid}.`))) {
    const profile = JSON.parse(readFileSync(join(directory, name), 'utf8')) as CpuProfile;
    const text = JSON.stringify(profile.nodes.map((node) => node.callFrame.url));
    const thread = text.includes('writer-thread.js')
      ? 'writer thread'
      : text.includes('/src/http/')
        ? 'main thread'
        : undefined;
    if (thread !== undefined) threads[thread] = topEntries(profile, count);
  }
  return threads;
}
