import type { Config } from '../config.js';
import { expectPositionals, type OptionSpecs, type ParsedArguments, UsageError } from './arguments.js';

/** What a command may use besides its arguments. Loading the config is lazy: `keygen` needs none. */
export interface CommandContext {
  readonly config: () => Promise<Config>;
  readonly environment: Readonly<Record<string, string | undefined>>;
  /** The folder the user ran the command in, against which relative file names are read. */
  readonly workingDirectory: string;
  /** A line for stderr that does not stop the command. */
  readonly warn: (line: string) => void;
}

/**
 * One CLI command: its usage lines, its help and its run. Each run imports its implementation
 * when called, so that a command loads only the modules it needs and answers at once.
 */
export interface Command {
  readonly usage: readonly (readonly [synopsis: string, summary: string])[];
  readonly help: string;
  readonly options?: OptionSpecs;
  run(parsed: ParsedArguments, context: CommandContext): Promise<string>;
}

const networkKeyOption: OptionSpecs = { 'network-key': { type: 'string' } };

const token: Command = {
  usage: [
    ['token operator', 'print an operator token'],
    ['token member <memberId>', 'print a member token for an enrolled member'],
    ['token partner <partnerId> <keyFile>', 'print a partner token signed with the private JWK in keyFile'],
  ],
  help: `Prints only the token, so that it can be captured: TOKEN=$(npm run -s cli -- token operator).

Operator and member tokens are signed with the network key kept in DATABASE_URL's database (the
key a Node server verifies with), or with --network-key <file>: a network key as made by
\`keygen network\` (the NETWORK_SIGNING_KEYS secret of a Worker). A member token is refused when
the member is not enrolled in DATABASE_URL's database.

A partner token is what a partner's own systems sign (ES256 or EdDSA, typ tessera-partner+jwt,
iss = partner id, valid 5 minutes); keyFile is the JSON printed by \`keygen\`, or its privateJwk.

Options:
  --network-key <file>   sign an operator or member token with this network key`,
  options: networkKeyOption,
  async run(parsed, context) {
    const [kind] = parsed.positionals;
    const networkKeyFile = parsed.options['network-key'];
    const keyFile = typeof networkKeyFile === 'string' ? networkKeyFile : undefined;
    const tokens = await import('./token.js');
    if (kind === 'operator') {
      expectPositionals(parsed, 1, 1, 'token operator');
      return tokens.networkToken(context, { kind: 'operator', networkKeyFile: keyFile });
    }
    if (kind === 'member') {
      const [, memberId = ''] = expectPositionals(parsed, 2, 2, 'token member <memberId>');
      return tokens.networkToken(context, { kind: 'member', memberId, networkKeyFile: keyFile });
    }
    if (kind === 'partner') {
      const [, partnerId = '', privateKeyFile = ''] = expectPositionals(
        parsed,
        3,
        3,
        'token partner <partnerId> <keyFile>',
      );
      if (keyFile !== undefined) throw new UsageError('--network-key applies to operator and member tokens');
      return tokens.partnerToken(context, partnerId, privateKeyFile);
    }
    if (kind === undefined) throw new UsageError('token needs a kind: operator, member or partner');
    throw new UsageError(`unknown token kind "${kind}" (operator, member or partner)`);
  },
};

const keygen: Command = {
  usage: [
    ['keygen [ES256|EdDSA]', 'print a new partner key pair as JSON (keep privateJwk, register publicJwk)'],
    ['keygen network', 'print a new network signing key (the NETWORK_SIGNING_KEYS secret of a Worker)'],
  ],
  help: `A partner key pair is {kid, alg, privateJwk, publicJwk}: the partner keeps privateJwk and the
operator registers publicJwk (POST /v1/partners/{partnerId}/keys). ES256 is the default.

A network key is one private JWK: the NETWORK_SIGNING_KEYS secret of a Worker, and the
--network-key file of \`token\`. Keep it out of the repository.`,
  async run(parsed) {
    const [algorithm = 'ES256'] = expectPositionals(parsed, 0, 1, 'keygen');
    const keys = await import('./keygen.js');
    if (algorithm === 'network') return keys.networkKeyJson();
    if (!keys.isPartnerAlgorithm(algorithm))
      throw new UsageError(`unknown algorithm "${algorithm}" (ES256, EdDSA or network)`);
    return keys.partnerKeyPairJson(algorithm);
  },
};

const migrate: Command = {
  usage: [['migrate', 'apply the database migrations to DATABASE_URL']],
  help: 'Applies the migrations in drizzle/ that DATABASE_URL has not applied yet; safe to repeat.',
  async run(parsed, context) {
    expectPositionals(parsed, 0, 0, 'migrate');
    return (await import('./database.js')).migrate(await context.config());
  },
};

const expire: Command = {
  usage: [['expire', 'move expired points to breakage and lapse expired holds (safe to repeat)']],
  help: 'Runs the expiry sweep once, as the cron trigger does on Workers. Running it again changes nothing.',
  async run(parsed, context) {
    expectPositionals(parsed, 0, 0, 'expire');
    return (await import('./database.js')).expire(await context.config());
  },
};

const statuses: Command = {
  usage: [['statuses', 'review the member statuses that are due (safe to repeat)']],
  help: `Reviews every member whose status is due, as the cron trigger does on Workers: a qualification
window that ended (with its gap gifts), a grace period or a trial that ended, a tier.expiring
notice that is due. Running it again changes nothing until the next one is due.`,
  async run(parsed, context) {
    expectPositionals(parsed, 0, 0, 'statuses');
    return (await import('./database.js')).reviewStatuses(await context.config());
  },
};

const settle: Command = {
  usage: [['settle [fxSnapshotId]', 'close the open settlement period; print its id and totals']],
  help: `Closes the open period, as POST /v1/settlements does: every transfer since the previous close,
priced at the newest FX snapshot or at fxSnapshotId (fx_…). With nothing new since the previous
close it creates nothing and prints the newest settlement.`,
  async run(parsed, context) {
    const [fxSnapshotId] = expectPositionals(parsed, 0, 1, 'settle');
    return (await import('./database.js')).settle(await context.config(), fxSnapshotId);
  },
};

const deliver: Command = {
  usage: [['deliver', 'send the webhooks that are due now, once (safe beside running servers)']],
  help: `Turns new events into deliveries and sends every delivery that is due, until none is left for
now, then prints what it did. A Node server does this by itself; run it from a scheduler when the
servers run with WEBHOOK_DISPATCH_INTERVAL_MS=0. Deliveries that fail wait for their retry.`,
  async run(parsed, context) {
    expectPositionals(parsed, 0, 0, 'deliver');
    return (await import('./database.js')).deliver(await context.config());
  },
};

const staffInvite: Command = {
  usage: [['staff-invite <name>', 'invite an operator admin to the console; print the code and link']],
  help: `Invites an operator admin, the way in for the first one: prints a single-use code and the
console link that accepts it (the first WALLET_ORIGINS origin, /console/), valid 7 days. The
invitee opens the link and makes a passkey; from then on admins invite everyone else in the
console. Only the hash of the code is kept: a lost code is replaced by inviting again.`,
  async run(parsed, context) {
    const [name = ''] = expectPositionals(parsed, 1, 1, 'staff-invite <name>');
    if (name.trim() === '') throw new UsageError('staff-invite needs the name of the admin');
    return (await import('./database.js')).inviteOperatorAdmin(await context.config(), name.trim());
  },
};

export const COMMANDS: Readonly<Record<string, Command>> = {
  token,
  keygen,
  migrate,
  expire,
  statuses,
  settle,
  deliver,
  'staff-invite': staffInvite,
};

export function usage(): string {
  const lines = Object.values(COMMANDS).flatMap((command) => command.usage);
  const width = Math.max(...lines.map(([synopsis]) => synopsis.length)) + 2;
  return [
    'Usage: npm run -s cli -- <command> [arguments]',
    '',
    ...lines.map(([synopsis, summary]) => `  ${synopsis.padEnd(width)}${summary}`),
    '',
    'Every command takes --help. The database is DATABASE_URL (default file:./data/tessera.db).',
  ].join('\n');
}

export function commandHelp(name: string, command: Command): string {
  const lines = command.usage.map(
    ([synopsis, summary]) => `  npm run -s cli -- ${synopsis}\n      ${summary}`,
  );
  return [`Usage of ${name}:`, ...lines, '', command.help].join('\n');
}
