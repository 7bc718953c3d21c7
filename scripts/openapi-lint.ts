/**
 * Lints Tessera's OpenAPI document with @redocly/openapi-core, the engine of `redocly lint`, under
 * the rules of redocly.yaml. `npm run lint:openapi` lints what the app serves; the test
 * test/http/openapi-lint.test.ts does the same and wants no problem at all.
 */
import { resolve } from 'node:path';
import { lintFromString, loadConfig, type NormalizedProblem } from '@redocly/openapi-core';

export const LINT_CONFIG_FILE = resolve(import.meta.dirname, '../redocly.yaml');

export interface LintFinding {
  readonly severity: string;
  readonly rule: string;
  readonly message: string;
  readonly where: string;
}

/** Every finding of the linter on the document, each as one readable record. */
export async function lintOpenApiDocument(document: unknown): Promise<LintFinding[]> {
  const config = await loadConfig({ configPath: LINT_CONFIG_FILE });
  const problems = await lintFromString({
    source: JSON.stringify(document, null, 2),
    absoluteRef: 'openapi.json',
    config,
  });
  return problems.map((problem: NormalizedProblem) => ({
    severity: problem.severity,
    rule: problem.ruleId,
    message: problem.message,
    where: problem.location[0]?.pointer ?? '',
  }));
}
