// The shipped JSON Schemas (schemas/*.schema.json) compiled once with ajv's 2020-12 build, as a
// consumer of the package would load them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020Module from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import { ROOT } from './helpers.js';

// CJS module under ESM: the class is the default export's default
const Ajv2020 = ((Ajv2020Module as unknown as { default?: unknown }).default ?? Ajv2020Module) as typeof Ajv2020Module;

export const SCHEMA_FILES = { telemetry: 'telemetry-v1.schema.json', alert: 'alert-v1.schema.json', policy: 'policy-v1.schema.json' } as const;
export type SchemaName = keyof typeof SCHEMA_FILES;

export const schemaJson = (name: SchemaName): Record<string, any> => // eslint-disable-line @typescript-eslint/no-explicit-any
  JSON.parse(readFileSync(join(ROOT, 'schemas', SCHEMA_FILES[name]), 'utf8'));

// strictTypes off: `propertyNames`/`items` beside each other on one recursive subschema is valid
// 2020-12 that ajv's own strict mode would flag
const ajv = new Ajv2020({ allErrors: true, strictTypes: false });
const compiled = new Map<SchemaName, ValidateFunction>();

export function validator(name: SchemaName): ValidateFunction {
  let v = compiled.get(name);
  if (!v) { v = ajv.compile(schemaJson(name)); compiled.set(name, v); }
  return v;
}

/** the schema's complaints about `value` (empty when it conforms) */
export function schemaErrors(name: SchemaName, value: unknown): string[] {
  const v = validator(name);
  return v(value) ? [] : (v.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
}
