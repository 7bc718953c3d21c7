import { expect, test } from 'vitest';
import { withoutDocumentText } from '../../scripts/worker-script.mjs';

/**
 * The Worker's script leaves out the text only the OpenAPI document reads (scripts/worker-script.mjs):
 * the values of descriptions, summaries and examples in `.openapi()`, `createRoute()` and
 * `registerComponent()`. Everything a request is validated or answered with stays.
 */
test('descriptions, summaries and examples of route contracts and schemas are blanked', () => {
  const source = `export const route = createRoute({
  method: 'post',
  path: '/v1/things',
  summary: 'Make a thing',
  description: \`A long description
over two lines\`,
  request: { body: { content: { 'application/json': { schema: Body } }, description: 'The thing.' } },
  responses: { 201: { description: 'Made.', content: { 'application/json': { schema: Thing } } } },
});
const Amount = z.string().regex(/^\\d+$/, 'digits only').openapi('Amount', { description, example: '12' });
registry.registerComponent('securitySchemes', 'token', { type: 'http', description: 'A token.' });
`;
  expect(withoutDocumentText(source)).toBe(`export const route = createRoute({
  method: 'post',
  path: '/v1/things',
  summary: "",
  description: ""
,
  request: { body: { content: { 'application/json': { schema: Body } }, description: "" } },
  responses: { 201: { description: "", content: { 'application/json': { schema: Thing } } } },
});
const Amount = z.string().regex(/^\\d+$/, 'digits only').openapi('Amount', { description: "", example: "" });
registry.registerComponent('securitySchemes', 'token', { type: 'http', description: "" });
`);
});

test('schemas, messages and fields named like the document text are kept', () => {
  const source = `const Body = z.object({
  description: z.string().max(200, 'at most 200 characters').openapi({ description: 'Shown to members.' }),
  summary: z.string().meta({ description: 'Read by the events registry.' }),
});
const route = createRoute({ request: { query: z.object({ example: z.string() }) }, responses: {} });
app.openapi(route, (c) => c.json({ description: 'an answer' }, 200));
const problem = { title: 'Not enough points', description: 'kept: not an OpenAPI call' };
`;
  expect(withoutDocumentText(source)).toBe(
    source.replace("openapi({ description: 'Shown to members.' })", 'openapi({ description: "" })'),
  );
});
