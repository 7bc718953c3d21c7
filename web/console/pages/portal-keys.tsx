import { json } from '../lib/api.js';
import { Failure, Field, formValue, Outcome } from '../lib/ui.js';
import { useAction, useApi } from '../lib/use.js';

interface PartnerKey {
  readonly kid: string;
  readonly alg: 'ES256' | 'EdDSA';
  readonly createdAt: string;
  readonly removedAt: string | null;
}

/** What a pasted JWK is, before the API checks it: JSON, an object, and never private material. */
function parseJwk(text: string): Record<string, unknown> {
  const parsed: unknown = JSON.parse(text);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new Error('The public key must be a JSON object (a JWK).');
  if ('d' in parsed) throw new Error('This JWK holds the private key ("d"): paste only the public key.');
  return parsed as Record<string, unknown>;
}

/**
 * The partner's signing keys: the ones its systems sign partner tokens with. Admins register a
 * public JWK (ES256 or EdDSA, with its kid) and remove a key, which stops its tokens at once.
 */
export function PortalKeys({ partnerId, admin }: { partnerId: string; admin: boolean }) {
  const path = `/v1/partners/${encodeURIComponent(partnerId)}/keys`;
  const keys = useApi<{ data: PartnerKey[] }>(path);
  const { busy, message, run } = useAction();

  const register = (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    void run(async () => {
      const publicJwk = parseJwk(formValue(form, 'jwk'));
      const key = await json<PartnerKey>('POST', path, { body: { publicJwk } });
      form.reset();
      keys.reload();
      return `Registered key ${key.kid} (${key.alg}).`;
    });
  };

  const remove = (key: PartnerKey) =>
    run(async () => {
      if (!confirm(`Remove key ${key.kid}? Every token signed with it is refused from now on.`))
        return `Key ${key.kid} was kept.`;
      await json('DELETE', `${path}/${encodeURIComponent(key.kid)}`);
      keys.reload();
      return `Removed key ${key.kid}: its tokens are refused from now on.`;
    });

  return (
    <main id="main">
      <h1>Keys</h1>
      <p>
        Your systems sign partner tokens with a private key that never leaves them; Tessera keeps the public
        half. Rotate by registering a new key, moving your systems to it, then removing the old one.
      </p>
      <Failure error={keys.error} />
      <table>
        <caption>Signing keys, oldest first</caption>
        <thead>
          <tr>
            <th scope="col">Key id (kid)</th>
            <th scope="col">Algorithm</th>
            <th scope="col">Registered</th>
            <th scope="col">Removed</th>
            {admin && <th scope="col">Actions</th>}
          </tr>
        </thead>
        <tbody>
          {(keys.data?.data ?? []).map((key) => (
            <tr key={key.kid}>
              <th scope="row">
                <code>{key.kid}</code>
              </th>
              <td>{key.alg}</td>
              <td>{new Date(key.createdAt).toLocaleString()}</td>
              <td>{key.removedAt === null ? 'live' : new Date(key.removedAt).toLocaleString()}</td>
              {admin && (
                <td class="actions">
                  {key.removedAt === null && (
                    <button type="button" disabled={busy} onClick={() => remove(key)}>
                      Remove<span class="visually-hidden"> key {key.kid}</span>
                    </button>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      <Outcome message={message} />
      {admin && (
        <form onSubmit={register} aria-labelledby="register-title">
          <h2 id="register-title">Register a public key</h2>
          <Field label="Public JWK (ES256 on P-256, or EdDSA on Ed25519, with kid and alg)">
            <textarea
              name="jwk"
              required
              rows={6}
              cols={70}
              spellcheck={false}
              placeholder='{"kty":"EC","crv":"P-256","x":"…","y":"…","kid":"harbor-2026-12","alg":"ES256"}'
            />
          </Field>
          <button type="submit" disabled={busy}>
            Register
          </button>
        </form>
      )}
    </main>
  );
}
