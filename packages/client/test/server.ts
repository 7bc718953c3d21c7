import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { publishRates } from '../../../test/support/coalition.js';
import { TestApp } from '../../../test/support/harness.js';
import { type ServedApp, serveOverHttp } from '../../../test/support/http-server.js';

export interface RunningTessera {
  readonly app: TestApp;
  readonly served: ServedApp;
  close(): Promise<void>;
}

/** The real app on a fresh database, served over HTTP on a port the system gives, rates published. */
export async function startTessera(): Promise<RunningTessera> {
  const app = await TestApp.create();
  await publishRates(app);
  const served = await serveOverHttp(app.app.fetch);
  return {
    app,
    served,
    async close() {
      await served.close();
      await app.close();
    },
  };
}

/** A partner onboarded by the operator, with an ES256 key pair whose public half is registered. */
export async function onboardPartner(app: TestApp): Promise<{ partnerId: string; privateJwk: JWK }> {
  const partner = await app.createPartner();
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = `key_client_${crypto.randomUUID().slice(0, 8)}`;
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256' };
  const registered = await app.request('POST', `/v1/partners/${partner.id}/keys`, {
    token: await app.operatorToken(),
    body: { publicJwk },
  });
  if (registered.status !== 201) throw new Error(`key registration: ${registered.status}`);
  return { partnerId: partner.id, privateJwk: { ...(await exportJWK(privateKey)), kid, alg: 'ES256' } };
}
