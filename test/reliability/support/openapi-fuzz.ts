import fc from 'fast-check';

/**
 * Hostile requests generated from the OpenAPI document: each operation's own valid request (built
 * from the documented examples, with real ids substituted) and then one part of it broken — a body
 * field, the body's JSON text, a path or query parameter, a header or the token.
 */

type Schema = Record<string, unknown>;
export type TokenKind = 'operator' | 'member' | 'partner';

export interface Operation {
  readonly method: string;
  readonly path: string;
  readonly security: TokenKind | null;
  readonly pathParams: readonly string[];
  readonly queryParams: readonly { name: string; required: boolean; schema: Schema }[];
  readonly bodySchema: Schema | undefined;
}

const SCHEMES: Record<string, TokenKind> = {
  operatorToken: 'operator',
  memberToken: 'member',
  partnerToken: 'partner',
};

export function operationsOf(document: { paths: Record<string, Record<string, Schema>> }): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      const security = (operation.security as Record<string, unknown>[] | undefined)?.[0];
      const parameters =
        (operation.parameters as
          | { in: string; name: string; required?: boolean; schema: Schema }[]
          | undefined) ?? [];
      const body = operation.requestBody as { content?: Record<string, { schema: Schema }> } | undefined;
      operations.push({
        method: method.toUpperCase(),
        path,
        security: security === undefined ? null : (SCHEMES[Object.keys(security)[0] ?? ''] ?? null),
        pathParams: parameters
          .filter((parameter) => parameter.in === 'path')
          .map((parameter) => parameter.name),
        queryParams: parameters
          .filter((parameter) => parameter.in === 'query')
          .map(({ name, required, schema }) => ({ name, required: required === true, schema })),
        bodySchema: body?.content?.['application/json']?.schema,
      });
    }
  }
  return operations;
}

/** A valid-looking instance of a schema from its examples; `substitute` swaps example ids for real ones. */
export function exampleOf(
  schema: Schema,
  components: Record<string, Schema>,
  substitute: (value: unknown) => unknown,
): unknown {
  const reference = schema.$ref;
  if (typeof reference === 'string')
    return exampleOf(components[reference.split('/').pop() ?? ''] ?? {}, components, substitute);
  if ('example' in schema && schema.type !== 'object') return substitute(schema.example);
  const branches = (schema.allOf ?? schema.oneOf ?? schema.anyOf) as Schema[] | undefined;
  if (branches?.[0] !== undefined) return exampleOf(branches[0], components, substitute);
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if ('const' in schema) return schema.const;
  switch (schema.type) {
    case 'object': {
      const result: Record<string, unknown> = {};
      for (const [name, property] of Object.entries((schema.properties ?? {}) as Record<string, Schema>)) {
        result[name] = exampleOf(property, components, substitute);
      }
      return result;
    }
    case 'array':
      return [exampleOf((schema.items ?? {}) as Schema, components, substitute)];
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return true;
    default:
      return 'example';
  }
}

const deep = (depth: number) => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`) as unknown;

/** Values no field should be able to turn into a 5xx. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom<unknown>(
      null,
      true,
      false,
      0,
      -0,
      -1,
      1.5,
      0.1,
      2 ** 53,
      2 ** 53 + 2,
      -(2 ** 53),
      1e308,
      -1e308,
      5e-324,
      Number.MAX_SAFE_INTEGER,
      '',
      ' ',
      '0',
      '-1',
      '1.5',
      '0.001',
      '1e3',
      '0x10',
      'NaN',
      'Infinity',
      '-0',
      '00012',
      '１２３',
      '9007199254740993',
      '99999999999999999999999999999999999999.99',
      '1'.repeat(41),
      '9007199254740.99',
      '90071992547409.91',
      '90071992547409.92',
      '9007199254740991',
      'XXX',
      'eur',
      'EURO',
      'BTC',
      'XAU',
      'XTS',
      'ZWL',
      '€',
      '﷽',
      'Ω≈ç√',
      '\u0000',
      '\ud800',
      '\u202e',
      'a'.repeat(300),
      'a'.repeat(20_000),
      '__proto__',
      'constructor',
      '../../etc/passwd',
      "' OR 1=1 --",
      '<script>alert(1)</script>',
      'me',
      'all',
      'mem_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
      'txn_ZZZZZZZZZZZZZZZZZZZZZZZZZZ',
      '2026-13-45T99:99:99Z',
      '+275760-09-13T00:00:00.000Z',
      '1970-01-01T00:00:00Z',
      [],
      {},
      [[[]]],
      { amount: '1.00', currency: 'EUR' },
      { type: 'pool' },
      deep(2000),
      Object.fromEntries(Array.from({ length: 500 }, (_, index) => [`k${index}`, index])),
    ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 80 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

/** Whole JSON texts that are malformed, or well-formed but shaped to trip a parser or a prototype. */
function rawBodies(valid: unknown): fc.Arbitrary<string> {
  const text = JSON.stringify(valid) ?? 'null';
  const object = text.startsWith('{') && text.length > 2;
  const inner = object ? text.slice(1, -1) : '"x":1';
  return fc.oneof(
    fc.constantFrom(
      '',
      '{',
      '}',
      '[',
      'null',
      '"text"',
      '12',
      '[]',
      '{}',
      'undefined',
      'NaN',
      '{"a":NaN}',
      '{"a":Infinity}',
      "{'a':1}",
      '{"a":1,}',
      `\ufeff${text}`,
      `${text}garbage`,
      `${text}${text}`,
      `{${inner},"__proto__":{"admin":true,"points":1}}`,
      `{"__proto__":{"admin":true},${inner}}`,
      `{${inner},"constructor":{"prototype":{"admin":true}}}`,
      `{${inner},${inner}}`,
      `{${inner},"points":1e400}`,
      `{${inner},"points":-0}`,
      `{${inner},"points":9007199254740993}`,
      `{${inner},"points":123456789012345678901234567890}`,
      `{${inner},"amount":{"amount":"1e2","currency":"EUR"}}`,
      `{${inner},"memberId":"\\u0000"}`,
      `{${inner},"memberId":"\\ud800"}`,
      `${'['.repeat(30_000)}${']'.repeat(30_000)}`,
      `{"a":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`,
      `"${'a'.repeat(70_000)}"`,
      `{${inner},"pad":"${'x'.repeat(66_000)}"}`,
    ),
    fc.nat({ max: Math.max(0, text.length - 1) }).map((cut) => text.slice(0, cut)),
    fc.string({ maxLength: 60 }),
  );
}

/** Every place in a JSON value where a field could be replaced, removed or added. */
function fieldPaths(value: unknown, prefix: string[] = []): string[][] {
  const paths: string[][] = [prefix];
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) paths.push(...fieldPaths(item, [...prefix, key]));
  }
  return paths;
}

function withChange(
  value: unknown,
  path: readonly string[],
  change: (container: Record<string, unknown>, key: string) => void,
): unknown {
  const copy = structuredClone(value);
  if (path.length === 0) return copy;
  let container = copy as Record<string, unknown>;
  for (const key of path.slice(0, -1)) container = container[key] as Record<string, unknown>;
  change(container, path[path.length - 1] ?? '');
  return copy;
}

export type FuzzBody = { kind: 'none' } | { kind: 'json'; value: unknown } | { kind: 'raw'; text: string };

export interface FuzzCase {
  readonly part: string;
  readonly pathValues: Record<string, string>;
  readonly query: [string, string][];
  readonly headers: Record<string, string>;
  readonly body: FuzzBody;
  readonly token: 'right' | 'wrong' | 'garbage' | 'none';
}

export interface BaseRequest {
  readonly pathValues: Record<string, string>;
  readonly query: [string, string][];
  readonly body: unknown;
}

/** Header values a client can send (bytes, no line breaks), hostile ones included. */
const headerText = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    'a'.repeat(256),
    'a'.repeat(8000),
    'clé-é',
    'ÿÿÿ',
    '\t',
    'key with spaces',
    '"quoted"',
    'a,b',
    '../x',
    '%00',
  ),
  fc.string({ maxLength: 60 }).map((text) => text.replace(/[^\x20-\x7e]/g, '')),
);

const CONTENT_TYPES = [
  'application/json',
  'text/plain',
  'application/json; charset=utf-16',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'APPLICATION/JSON',
  'application/json, text/plain',
  'application/problem+json',
  'application/jsonx',
  '*/*',
];

const IDS = [
  '',
  ' ',
  '..',
  '%2e%2e',
  '%2F',
  '%00',
  'me',
  'join',
  "1' OR '1'='1",
  'a'.repeat(70),
  'a'.repeat(5000),
  'ü',
  '😀',
  'txn_',
  'mem_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
  'null',
  '-1',
  '0',
];

/** One hostile variant of an operation's valid request. */
export function fuzzCase(operation: Operation, base: BaseRequest): fc.Arbitrary<FuzzCase> {
  const valid = {
    pathValues: base.pathValues,
    query: base.query,
    headers: {} as Record<string, string>,
    body: bodyOf(operation, base),
    token: 'right' as const,
  };
  const parts: fc.Arbitrary<FuzzCase>[] = [fc.constant({ ...valid, part: 'valid' })];
  if (operation.bodySchema !== undefined) {
    const paths = fieldPaths(base.body);
    const field = fc.record({
      path: fc.constantFrom(...paths),
      value: hostileValue,
      action: fc.constantFrom('replace', 'replace', 'replace', 'remove', 'add'),
    });
    parts.push(
      field.map(({ path, value, action }) => ({
        ...valid,
        part: `body ${action} ${path.join('.') || '(root)'}`,
        body: { kind: 'json' as const, value: mutate(base.body, path, value, action) },
      })),
      rawBodies(base.body).map((text) => ({
        ...valid,
        part: 'raw body',
        body: { kind: 'raw' as const, text },
      })),
    );
  } else if (operation.method !== 'GET') {
    parts.push(
      hostileValue.map((value) => ({
        ...valid,
        part: 'unexpected body',
        body: { kind: 'json' as const, value },
      })),
    );
  }
  for (const name of operation.pathParams) {
    parts.push(
      fc
        .oneof(fc.constantFrom(...IDS), fc.string({ maxLength: 40 }))
        .map((id) => ({ ...valid, part: `path ${name}`, pathValues: { ...base.pathValues, [name]: id } })),
    );
  }
  if (operation.queryParams.length > 0 || operation.method === 'GET') {
    const names = [...operation.queryParams.map((parameter) => parameter.name), 'unknown', '__proto__'];
    const value = hostileValue.map((item) =>
      typeof item === 'string' ? item : (JSON.stringify(item) ?? ''),
    );
    parts.push(
      fc
        .record({ name: fc.constantFrom(...names), value, repeat: fc.boolean() })
        .map(({ name, value: text, repeat }) => ({
          ...valid,
          part: `query ${name}`,
          query: [
            ...base.query.filter(([key]) => key !== name || repeat),
            [name, text.slice(0, 4000)] as [string, string],
          ],
        })),
    );
  }
  parts.push(
    fc
      .record({ key: headerText, contentType: fc.constantFrom(...CONTENT_TYPES) })
      .map(({ key, contentType }) => ({
        ...valid,
        part: 'headers',
        headers: { 'idempotency-key': key, 'content-type': contentType },
      })),
    fc
      .constantFrom('wrong' as const, 'garbage' as const, 'none' as const)
      .map((token) => ({ ...valid, part: `token ${token}`, token })),
  );
  return fc.oneof(...parts);
}

function bodyOf(operation: Operation, base: BaseRequest): FuzzBody {
  return operation.bodySchema === undefined ? { kind: 'none' } : { kind: 'json', value: base.body };
}

function mutate(body: unknown, path: readonly string[], value: unknown, action: string): unknown {
  if (path.length === 0)
    return action === 'add' && body !== null && typeof body === 'object'
      ? { ...body, unexpected: value }
      : value;
  return withChange(body, path, (container, key) => {
    if (action === 'remove') delete container[key];
    else if (action === 'add' && container[key] !== null && typeof container[key] === 'object')
      (container[key] as Record<string, unknown>).unexpected = value;
    else container[key] = value;
  });
}
