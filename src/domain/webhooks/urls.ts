import { type DomainError, domainError } from '../errors.js';
import { isInternalAddress, literalAddress } from './addresses.js';

/** The longest endpoint URL accepted. */
export const MAX_WEBHOOK_URL_LENGTH = 2048;

/** Names that resolve to the machine itself or only inside a private network. */
const INTERNAL_NAMES = /(^|\.)(localhost|local|localdomain|internal|intranet|lan|home\.arpa)$/;

export interface UrlPolicy {
  /** Tests and local development: http and internal addresses are allowed. */
  readonly allowPrivate: boolean;
}

/**
 * Whether Tessera may send webhooks to this URL: https (http only where internal addresses are
 * allowed), no credentials, and a host that is neither an internal address nor a name that only
 * resolves inside a network. Names are resolved again, and each address checked, when a delivery
 * is sent (on Node), so a name that later points inside is refused then.
 */
export function checkWebhookUrl(
  text: string,
  policy: UrlPolicy,
): URL | DomainError<'webhook_url_not_allowed'> {
  const refuse = (why: string) =>
    domainError('webhook_url_not_allowed', `The endpoint URL is not allowed: ${why}.`);
  if (text.length > MAX_WEBHOOK_URL_LENGTH)
    return refuse(`it is longer than ${MAX_WEBHOOK_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return refuse('it is not an absolute URL');
  }
  const schemes = policy.allowPrivate ? ['https:', 'http:'] : ['https:'];
  if (!schemes.includes(url.protocol)) return refuse(`it must start with ${schemes.join(' or ')}//`);
  if (url.username !== '' || url.password !== '') return refuse('it must not carry a user name or password');
  if (policy.allowPrivate) return url;
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  const address = literalAddress(host);
  if (address !== undefined) {
    return isInternalAddress(address)
      ? refuse(`${host} is a loopback, private, link-local or otherwise internal address`)
      : url;
  }
  if (!host.includes('.') || INTERNAL_NAMES.test(host))
    return refuse(`${host} is a name that resolves only inside a network`);
  return url;
}
