import { sweepLapsedReservations } from '../catalogue/resolve.js';
import type { Config } from '../config.js';
import { applyMigrations, openLibsqlDatabase } from '../db/libsql.js';
import { isDomainError } from '../domain/errors.js';
import { sweepExpiredPoints } from '../ledger/expiry.js';
import { nodeWebhookTransport } from '../node-webhook-transport.js';
import { closePeriod } from '../settlement/close.js';
import { describeSettlement } from '../settlement/describe.js';
import { reviewDueStatuses } from '../status/sweep.js';
import { dispatchOnce } from '../webhooks/dispatch.js';
import { runWrite } from '../writes/run.js';
import { CommandError } from './arguments.js';
import { redactUrl, withDependencies } from './dependencies.js';

export async function migrate(config: Config): Promise<string> {
  const { client, db } = await openLibsqlDatabase({
    url: config.databaseUrl,
    authToken: config.databaseAuthToken,
  });
  try {
    await applyMigrations(db);
  } finally {
    client.close();
  }
  return `Migrations applied to ${redactUrl(config.databaseUrl)}`;
}

export function expire(config: Config): Promise<string> {
  return withDependencies(config, async (deps) => {
    const result = await sweepExpiredPoints(deps);
    const reservations = await sweepLapsedReservations(deps);
    const lapsed = reservations === 0 ? '' : ` ${reservations} reservations lapsed.`;
    return `Expired ${result.pointsExpired} points in ${result.lotsExpired} lots; ${result.holdsExpired} holds lapsed.${lapsed}`;
  });
}

export function reviewStatuses(config: Config): Promise<string> {
  return withDependencies(config, async (deps) => {
    const result = await reviewDueStatuses(deps);
    return `Reviewed ${result.reviewed} statuses; ${result.changed} changed.`;
  });
}

export function settle(config: Config, fxSnapshotId: string | undefined): Promise<string> {
  return withDependencies(config, async (deps) => {
    const outcome = await closePeriod(deps, { fxSnapshotId });
    if (isDomainError(outcome)) throw new CommandError(`${outcome.code}: ${outcome.detail}`);
    return describeSettlement(outcome.status, outcome.settlement.document);
  });
}

/** At most this many dispatches in one run, so a run always ends; what is left waits for the next. */
const DELIVER_ROUNDS = 100;

export function deliver(config: Config): Promise<string> {
  return withDependencies(config, async (deps) => {
    const context = { ...deps, transport: nodeWebhookTransport(config.webhooks), random: Math.random };
    const total = { scheduled: 0, attempted: 0, delivered: 0 };
    for (let round = 0; round < DELIVER_ROUNDS; round += 1) {
      const result = await dispatchOnce(context);
      total.scheduled += result.scheduled;
      total.attempted += result.attempted;
      total.delivered += result.delivered;
      if (result.scheduled === 0 && result.attempted === 0) break;
    }
    const failed = total.attempted - total.delivered;
    return `Scheduled ${total.scheduled} deliveries; sent ${total.attempted}: ${total.delivered} delivered, ${failed} failed (retried later).`;
  });
}

/**
 * Invites an operator admin, as `POST /v1/staff/invitations` does: the way in for the first one,
 * when nobody can sign in to the console yet. The audit log records the command line as the actor.
 */
export function inviteOperatorAdmin(config: Config, name: string): Promise<string> {
  return withDependencies(config, async (deps) => {
    const { planInvite } = await import('../staff/invitations.js');
    const { auditStatement } = await import('../db/audit.js');
    const consoleOrigin = config.members.walletOrigins[0] ?? 'http://localhost:3000';
    const outcome = await runWrite(deps.db, { retryLimit: config.writeRetryLimit, nowMs: deps.clock() }, () =>
      planInvite(
        deps,
        { partnerId: null, role: 'admin', name, invitedBy: 'cli', consoleOrigin },
        (target, summary) => [
          auditStatement(deps.db, {
            id: deps.ids('aud'),
            actor: 'cli',
            action: 'staff.invite',
            target,
            requestId: 'cli',
            summary: JSON.stringify(summary),
            createdAt: deps.clock(),
          }),
        ],
      ),
    );
    if (isDomainError(outcome)) throw new CommandError(`${outcome.code}: ${outcome.detail}`);
    const { user, code, url, expiresAt } = outcome.body;
    return [
      `Invited ${user.name} (${user.id}) as operator admin.`,
      `Code: ${code} (single use, until ${expiresAt})`,
      `Open: ${url}`,
    ].join('\n');
  });
}
