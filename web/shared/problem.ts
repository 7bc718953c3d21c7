/**
 * A refusal from Tessera's API, read from its RFC 9457 problem document: the stable `code` decides
 * what the person is told (through the app's messages); `detail` is Tessera's own English sentence.
 */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
  ) {
    super(detail);
  }
}

/** The problem of a failed response, or a generic one when the body is not a problem document. */
export async function problemOf(response: Response): Promise<ApiProblem> {
  try {
    const body = (await response.json()) as { code?: unknown; detail?: unknown };
    const code = typeof body.code === 'string' ? body.code : 'unexpected_response';
    const detail = typeof body.detail === 'string' ? body.detail : response.statusText;
    return new ApiProblem(response.status, code, detail);
  } catch {
    return new ApiProblem(response.status, 'unexpected_response', response.statusText);
  }
}
