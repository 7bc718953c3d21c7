import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A fenced block of a Markdown file, with the line of the file its first line is on. */
export interface MarkdownBlock {
  readonly firstLine: number;
  readonly lines: readonly string[];
}

/** What a block promises: a line `# → text` says what the command above it prints. */
export interface PromisedOutput {
  readonly line: number;
  readonly text: string;
}

export interface ShellRun {
  readonly code: number;
  readonly stderr: string;
  /** What each command printed on stdout, by the Markdown line bash reported for it. */
  readonly outputs: ReadonlyMap<number, string>;
}

/** The ```sh blocks of the section under `heading` (up to the next heading of the same level). */
export function shellBlocksUnder(markdown: string, heading: string): MarkdownBlock[] {
  return fencedBlocksUnder(markdown, heading, 'sh');
}

/** The fenced blocks of one language in the section under `heading`. */
export function fencedBlocksUnder(markdown: string, heading: string, language: string): MarkdownBlock[] {
  const lines = markdown.split('\n');
  const start = lines.indexOf(heading);
  if (start < 0) throw new Error(`no heading ${JSON.stringify(heading)}`);
  const level = /^#+ /.exec(heading)?.[0] ?? '## ';
  const blocks: MarkdownBlock[] = [];
  let open: { firstLine: number; lines: string[] } | undefined;
  for (let index = start + 1; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    if (open === undefined && line.startsWith(level)) break;
    if (open === undefined && line === `\`\`\`${language}`) open = { firstLine: index + 2, lines: [] };
    else if (open === undefined && line.startsWith('```') && line !== '```')
      open = { firstLine: -1, lines: [] };
    else if (open !== undefined && line === '```') {
      if (open.firstLine > 0) blocks.push(open);
      open = undefined;
    } else open?.lines.push(line);
  }
  return blocks;
}

/** Consecutive `# → ` lines make one promise of several lines. */
export function promisedOutputs(block: MarkdownBlock): PromisedOutput[] {
  const promises: { line: number; text: string }[] = [];
  block.lines.forEach((line, index) => {
    const text = /^# → (.*)$/.exec(line)?.[1];
    if (text === undefined) return;
    const previous = promises.at(-1);
    const lineNumber = block.firstLine + index;
    if (previous !== undefined && previous.line + previous.text.split('\n').length === lineNumber)
      previous.text += `\n${text}`;
    else promises.push({ line: lineNumber, text });
  });
  return promises;
}

/** `…` in a promise stands for any run of non-space characters (an id, a token). */
export function matchesPromise(output: string, promise: string): boolean {
  const pattern = promise
    .split('…')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('\\S+');
  return new RegExp(`^${pattern}$`).test(output.trim());
}

/**
 * Runs the blocks as one bash script, as a reader pasting them line by line would: one shell, so
 * what one line sets the next can use. Before each command bash prints a marker with its line,
 * so every output is traced to the Markdown line that made it. `set -euo pipefail` stops at the
 * first failing command; `prelude` runs first (a stricter curl, say) and prints nothing.
 */
export function runShellBlocks(
  blocks: readonly MarkdownBlock[],
  options: { directory: string; cwd: string; environment: Record<string, string>; prelude?: string },
): Promise<ShellRun> {
  // The trap comes last in the header, so that it traces the blocks only.
  const script = [
    'set -euo pipefail',
    ...(options.prelude ?? '').split('\n'),
    `trap 'printf "\\n@@%s@@\\n" "$LINENO"' DEBUG`,
  ];
  const markdownLineOf = new Map<number, number>();
  for (const block of blocks) {
    block.lines.forEach((text, index) => {
      script.push(text);
      markdownLineOf.set(script.length, block.firstLine + index);
    });
  }
  const file = join(options.directory, 'blocks.sh');
  writeFileSync(file, `${script.join('\n')}\n`);
  return new Promise((done) => {
    const child = spawn('bash', ['--noprofile', '--norc', file], {
      cwd: options.cwd,
      env: options.environment,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('close', (code) => {
      const outputs = new Map<number, string>();
      const markers = [...stdout.matchAll(/\n?@@(\d+)@@\n/g)];
      markers.forEach((marker, index) => {
        const markdownLine = markdownLineOf.get(Number(marker[1]));
        if (markdownLine === undefined) return;
        const from = (marker.index ?? 0) + marker[0].length;
        const to = markers[index + 1]?.index ?? stdout.length;
        outputs.set(markdownLine, (outputs.get(markdownLine) ?? '') + stdout.slice(from, to));
      });
      done({ code: code ?? -1, stderr, outputs });
    });
  });
}

/**
 * A prelude that wraps curl: it prints the body as curl would, and records every answer of 400
 * or more (status, then curl's arguments) in `file`, so that a test can require exactly the
 * refusals a document shows on purpose, and no other.
 */
export function recordingCurl(file: string): string {
  return [
    'curl() {',
    '  local body status',
    '  body=$(mktemp)',
    `  status=$(command curl -o "$body" -w '%{http_code}' "$@") || { cat "$body"; rm -f "$body"; return 1; }`,
    '  cat "$body"',
    '  rm -f "$body"',
    `  if [ "$status" -ge 400 ]; then echo "$status $*" >> ${JSON.stringify(file)}; fi`,
    '}',
  ].join('\n');
}

/** The refusals `recordingCurl` recorded: one `status arguments…` line each. */
export function recordedRefusals(file: string): string[] {
  return existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => line !== '')
    : [];
}

/** The output a promise refers to: that of the last command bash ran before the promise's line. */
export function outputBefore(run: ShellRun, line: number): string | undefined {
  const earlier = [...run.outputs.keys()].filter((commandLine) => commandLine < line);
  if (earlier.length === 0) return undefined;
  return run.outputs.get(Math.max(...earlier));
}
