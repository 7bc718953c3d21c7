import { ID_PREFIXES } from '../../src/domain/ids.js';
import type { TestResponse } from '../support/harness.js';

/** One request of a scenario as the client saw it: which step, the status and the parsed body. */
export interface Exchange {
  readonly step: string;
  readonly status: number;
  readonly body: unknown;
}

const ID = new RegExp(`\\b(${ID_PREFIXES.join('|')})_[0-9A-HJKMNP-TV-Z]{26}\\b`, 'g');
const TIMESTAMP = /\b\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)/g;
const JWT = /\beyJ[\w-]*\.[\w-]+\.[\w-]+/g;
/** A claim code, grouped or (in a wallet link) plain: derived from a network key, which differs per run. */
const CLAIM_CODE =
  /\b[0-9A-HJKMNP-TV-Z]{4}(?:-[0-9A-HJKMNP-TV-Z]{4}){3}\b|(?<=#code=)[0-9A-HJKMNP-TV-Z]{16}\b/g;
/** A SHA-256 digest in base64url, e.g. a settlement statement's: it hashes ids and times. */
const DIGEST = /^[\w-]{43}$/;

/**
 * The exchanges of one scenario run, recorded as they happen, so that two runs (Node and the
 * Worker) can be compared step by step once what legitimately differs between runs is normalised.
 */
export class ExchangeLog {
  private readonly recorded: Exchange[] = [];
  private readonly opaqueValues: string[] = [];

  /** Records a response under the step's name and hands it back, so a step reads as one line. */
  record<T>(
    step: string,
    response: Pick<TestResponse<T>, 'status' | 'body'>,
  ): Pick<TestResponse<T>, 'status' | 'body'> {
    this.recorded.push({ step, status: response.status, body: structuredClone(response.body) });
    return response;
  }

  /**
   * A value that differs between runs by design (an invite code, a run's tag in external
   * references): normalised to a placeholder wherever it appears.
   */
  opaque<T extends string>(value: T): T {
    if (!this.opaqueValues.includes(value)) this.opaqueValues.push(value);
    return value;
  }

  get exchanges(): readonly Exchange[] {
    return this.recorded;
  }

  /**
   * The exchanges with ids replaced by `<prefix#n>` in order of first appearance (so the same id
   * stays the same placeholder across steps), timestamps by `<time>`, tokens and signatures by
   * `<token>`, claim codes by `<claim code>`, digests by `<digest#n>` and opaque values by `<opaque#n>`. Everything else, every
   * number and text, is left as answered.
   */
  normalised(): Exchange[] {
    const placeholders = new Map<string, string>();
    const counters = new Map<string, number>();
    const placeholderFor = (value: string, kind: string) => {
      let placeholder = placeholders.get(value);
      if (placeholder === undefined) {
        const count = (counters.get(kind) ?? 0) + 1;
        counters.set(kind, count);
        placeholder = `<${kind}#${count}>`;
        placeholders.set(value, placeholder);
      }
      return placeholder;
    };
    const normaliseText = (text: string) => {
      let result = text;
      this.opaqueValues.forEach((value, index) => {
        result = result.split(value).join(`<opaque#${index + 1}>`);
      });
      if (DIGEST.test(result)) return placeholderFor(result, 'digest');
      return result
        .replace(JWT, '<token>')
        .replace(CLAIM_CODE, '<claim code>')
        .replace(ID, (id, prefix: string) => placeholderFor(id, prefix))
        .replace(TIMESTAMP, '<time>');
    };
    const normalise = (value: unknown): unknown => {
      if (typeof value === 'string') return normaliseText(value);
      if (Array.isArray(value)) return value.map(normalise);
      if (value !== null && typeof value === 'object') {
        return Object.fromEntries(
          Object.entries(value).map(([key, item]) => [normaliseText(key), normalise(item)]),
        );
      }
      return value;
    };
    return this.recorded.map((exchange) => ({
      step: exchange.step,
      status: exchange.status,
      body: normalise(exchange.body),
    }));
  }
}
