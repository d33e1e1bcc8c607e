// GET /v1/openapi.json: the shipped OpenAPI 3.1 document (api/openapi.json of the package) with
// the contract schemas it names by relative file ($ref ../schemas/X) inlined, so a client gets one
// self-contained document from the server.
import { readFileSync } from 'node:fs';

type Json = Record<string, unknown>;

/** package root: this module is src/server/ (tests) or dist/server/ (the build), two levels down */
const fromRoot = (rel: string): URL => new URL(`../../${rel}`, import.meta.url);

let cached: Json | undefined;

export function openApiDocument(): Json {
  if (cached) return cached;
  const doc = JSON.parse(readFileSync(fromRoot('api/openapi.json'), 'utf8')) as Json;
  const schemas = ((doc.components as Json).schemas ?? {}) as Record<string, Json>;
  for (const [name, s] of Object.entries(schemas)) {
    const ref = s.$ref;
    if (typeof ref === 'string' && ref.startsWith('../schemas/')) {
      schemas[name] = JSON.parse(readFileSync(fromRoot(ref.slice(3)), 'utf8')) as Json;
    }
  }
  cached = doc;
  return doc;
}
