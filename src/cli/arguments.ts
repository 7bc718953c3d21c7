import { type ParseArgsConfig, parseArgs } from 'node:util';

/** A command line that is not understood: printed with the usage, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A refusal the user can act on (an unknown member, a missing file): one line, exit code 1. */
export class CommandError extends Error {
  override readonly name = 'CommandError';
}

export type OptionSpecs = NonNullable<ParseArgsConfig['options']>;

export interface ParsedArguments {
  readonly positionals: readonly string[];
  readonly options: Readonly<Record<string, string | boolean | undefined>>;
  readonly help: boolean;
}

/** Parses one command's arguments strictly: an unknown option is a usage error, never a value. */
export function parseCommandArguments(args: readonly string[], options: OptionSpecs = {}): ParsedArguments {
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    const { help, ...rest } = values as Record<string, string | boolean | undefined>;
    return { positionals, options: rest, help: help === true };
  } catch (error) {
    throw new UsageError(describeParseError(error));
  }
}

/** node:util's messages are long and quote with apostrophes; say the same in a few words. */
function describeParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown }).code;
  const option = /'(-[^' ]+)/.exec(message)?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option "${option}"`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return `option ${option} needs a value`;
  return message;
}

/** Requires between `minimum` and `maximum` positional arguments; names the first one too many. */
export function expectPositionals(
  parsed: ParsedArguments,
  minimum: number,
  maximum: number,
  what: string,
): readonly string[] {
  const { positionals } = parsed;
  if (positionals.length > maximum)
    throw new UsageError(`unexpected argument "${positionals[maximum]}" after ${what}`);
  if (positionals.length < minimum) throw new UsageError(`${what} needs more arguments`);
  return positionals;
}
