import { SignJWT } from 'jose';
import { PARTNER_TOKEN_MAX_LIFETIME_SECONDS, TOKEN_TYPES } from '../src/auth/principal.js';
import type { BenchPartner } from './coalition.js';

const REFRESH_MS = 4 * 60 * 1000;

/**
 * Partner tokens as a partner's back office holds them: each partner signs one with its own key,
 * valid for the longest lifetime allowed, and signs a new one every 4 minutes.
 */
export class PartnerTokens {
  readonly #tokens = new Map<string, string>();
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly partners: readonly BenchPartner[],
    private readonly audience: string,
  ) {}

  async start(): Promise<void> {
    await this.refresh();
    this.#timer = setInterval(() => void this.refresh(), REFRESH_MS);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
  }

  bearer(partnerId: string): string {
    const token = this.#tokens.get(partnerId);
    if (token === undefined) throw new Error(`no token for ${partnerId}`);
    return `Bearer ${token}`;
  }

  private async refresh(): Promise<void> {
    const issuedAt = Math.floor(Date.now() / 1000);
    for (const partner of this.partners) {
      const token = await new SignJWT({})
        .setProtectedHeader({ alg: 'ES256', kid: partner.kid, typ: TOKEN_TYPES.partner })
        .setIssuer(partner.id)
        .setAudience(this.audience)
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + PARTNER_TOKEN_MAX_LIFETIME_SECONDS)
        .sign(partner.privateKey);
      this.#tokens.set(partner.id, token);
    }
  }
}
