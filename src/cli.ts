import { CommandError, parseCommandArguments, UsageError } from './cli/arguments.js';
import { COMMANDS, type CommandContext, commandHelp, usage } from './cli/commands.js';
import type { Config } from './config.js';

/**
 * The operator CLI. Exit codes: 0 done, 1 refused or failed (one line on stderr), 2 not
 * understood (what was wrong, then the usage, on stderr). Only results go to stdout.
 */
async function main(argv: readonly string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === '--help' || name === '-h' || name === 'help') return helpFor(args[0]);
  const command = name === undefined ? undefined : COMMANDS[name];
  if (command === undefined) {
    const problem = name === undefined ? 'a command is needed' : `unknown command "${name}"`;
    console.error(`tessera: ${problem}\n\n${usage()}`);
    return 2;
  }
  try {
    const parsed = parseCommandArguments(args, command.options);
    if (parsed.help) {
      console.log(commandHelp(name ?? '', command));
      return 0;
    }
    console.log(await command.run(parsed, commandContext()));
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`tessera: ${error.message}\n\n${commandHelp(name ?? '', command)}`);
      return 2;
    }
    if (error instanceof CommandError) {
      console.error(error.message);
      return 1;
    }
    console.error(`tessera: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

function helpFor(name: string | undefined): number {
  const command = name === undefined ? undefined : COMMANDS[name];
  if (name !== undefined && command === undefined) {
    console.error(`tessera: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  console.log(command === undefined ? usage() : commandHelp(name ?? '', command));
  return 0;
}

function commandContext(): CommandContext {
  let config: Promise<Config> | undefined;
  return {
    environment: process.env,
    // npm runs scripts from the package folder and says where the user was in INIT_CWD.
    workingDirectory: process.env.INIT_CWD ?? process.cwd(),
    warn: (line) => console.error(line),
    config: () => {
      config ??= import('./config.js').then(({ loadConfig }) => {
        const loaded = loadConfig(process.env);
        if (!loaded.ok) throw new CommandError(loaded.error);
        return loaded.config;
      });
      return config;
    },
  };
}

process.exitCode = await main(process.argv.slice(2));
