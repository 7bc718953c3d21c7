import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { CLIENT_SCHEMA_FILE, renderClientSchema, servedOpenApiDocument } from './client-schema.js';

writeFileSync(CLIENT_SCHEMA_FILE, await renderClientSchema(await servedOpenApiDocument()));
console.log(`Wrote ${relative(process.cwd(), CLIENT_SCHEMA_FILE)} from the app's /openapi.json`);
