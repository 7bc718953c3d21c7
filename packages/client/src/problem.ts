import type { components } from './schema.js';

/** An RFC 9457 problem document as Tessera answers it. */
export type ProblemDocument = components['schemas']['Problem'];

/** The stable error codes (`insufficient_points`, `write_conflict`…), as the OpenAPI document types them. */
export type ProblemCode = ProblemDocument['code'];

/**
 * A request Tessera refused (or could not answer), thrown with the problem it answered: switch on
 * `code`, show `detail`, quote `requestId` to the operator.
 */
export class TesseraProblem extends Error {
  override readonly name = 'TesseraProblem';
  readonly status: number;
  readonly code: ProblemCode;
  readonly detail: string;
  readonly requestId: string | undefined;
  readonly problem: ProblemDocument | undefined;

  constructor(status: number, problem: ProblemDocument | undefined, fallbackDetail: string) {
    const code = problem?.code ?? `http_${status}`;
    const detail = problem?.detail ?? fallbackDetail;
    super(`${code}: ${detail}`);
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.requestId = problem?.requestId;
    this.problem = problem;
  }

  /** The error for a response that is not a success, from its body (a problem, or anything else). */
  static fromBody(status: number, body: unknown): TesseraProblem {
    if (isProblem(body)) return new TesseraProblem(status, body, body.detail);
    const text = typeof body === 'string' ? body : JSON.stringify(body ?? '');
    return new TesseraProblem(status, undefined, `HTTP ${status} ${text.slice(0, 200)}`.trim());
  }
}

function isProblem(value: unknown): value is ProblemDocument {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { code?: unknown }).code === 'string' &&
    typeof (value as { detail?: unknown }).detail === 'string'
  );
}
