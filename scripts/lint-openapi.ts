import { servedOpenApiDocument } from './client-schema.js';
import { lintOpenApiDocument } from './openapi-lint.js';

const findings = await lintOpenApiDocument(await servedOpenApiDocument());
for (const finding of findings)
  console.log(`${finding.severity} ${finding.rule} ${finding.where}: ${finding.message}`);
console.log(`/openapi.json: ${findings.length === 0 ? 'no problems' : `${findings.length} problems`}`);
process.exitCode = findings.length === 0 ? 0 : 1;
