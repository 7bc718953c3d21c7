import type { TestApp } from '../../support/harness.js';

/** The audit log's newest entries, as the operator reads them. */
export async function auditEntries(app: TestApp) {
  return (await app.request('GET', '/v1/audit-log', { token: await app.operatorToken() })).body.data as {
    actor: string;
    action: string;
    target: string;
    requestId: string;
    summary: Record<string, unknown>;
  }[];
}
