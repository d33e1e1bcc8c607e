// The OpenAPI 3.1 document: valid for an OpenAPI validator, served without a token, the same
// routes as the Hono app registers (one missing or extra fails), the same auth as the server
// enforces, and real responses that fit the schemas it documents.
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import Ajv2020Module from 'ajv/dist/2020.js';
import { startServer, type RunningServer } from '../src/server/start.js';
import { createToken } from '../src/store/tokens.js';
import { parseSpec } from '../src/forward/spec.js';
import { writeScenarios } from '../src/simulate/index.js';
import { ROOT, tmp } from './helpers.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const Ajv2020 = ((Ajv2020Module as unknown as { default?: unknown }).default ?? Ajv2020Module) as typeof Ajv2020Module;
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

let server: RunningServer, token: string, dir: string, doc: Json;
beforeAll(async () => {
  dir = tmp('ct-openapi-');
  await writeScenarios(dir, { scenario: 'anubis-rc4-b64', seed: 1 });
  const db = join(dir, 'ct.db');
  token = createToken(db, ['admin'], 'alice');
  // with a forwarding output, so that every optional route is registered (a closed port: deliveries just retry)
  const outputs = [parseSpec('webhook:http://127.0.0.1:9/alerts', [])!];
  server = await startServer({ port: 0, db, policyPath: join(dir, 'policy.yaml'), idleFlushMs: 100, log: () => undefined, forward: { outputs, backoff: { baseMs: 1000, maxMs: 5000 } } });
  const r = await fetch(`${server.url}/v1/openapi.json`);
  expect(r.status).toBe(200);
  doc = await r.json() as Json;
}, 60_000);
afterAll(async () => { await server?.close(); });

/** "get /v1/alerts/{id}" for each operation of the document */
const documented = (d: Json) => Object.entries(d.paths as Json).flatMap(([p, item]) =>
  Object.keys(item as Json).filter((m) => METHODS.includes(m)).map((m) => `${m} ${p}`)).sort();

describe('OpenAPI document', () => {
  it('is served at /v1/openapi.json without a token and is a valid OpenAPI 3.1 document (every $ref resolves)', async () => {
    expect(doc.openapi).toMatch(/^3\.1\./);
    const v = new Validator();
    const res = await v.validate(structuredClone(doc));
    expect(res.errors ?? [], String(JSON.stringify(res.errors)).slice(0, 2000)).toEqual([]);
    expect(res.valid).toBe(true);
    expect(v.version).toBe('3.1');
    // resolving every reference: the contract schemas are inlined, nothing points outside
    const resolved = v.resolveRefs() as Json;
    expect(resolved.paths['/v1/alerts'].get.responses['200'].content['application/json'].schema.properties.alerts.items).toBeDefined();
    expect(JSON.stringify(doc)).not.toContain('../schemas/');
  });

  it('the validator refuses a broken document (the check can fail)', async () => {
    const broken = structuredClone(doc);
    delete broken.paths['/healthz'].get.responses;
    broken.paths['/v1/alerts'].get.parameters[0].in = 'body';
    const res = await new Validator().validate(broken);
    expect(res.valid).toBe(false);
  });

  it('the shipped file names the contract schemas by relative path, and they exist', () => {
    const shipped = JSON.parse(readFileSync(join(ROOT, 'api/openapi.json'), 'utf8')) as Json;
    const refs = Object.values(shipped.components.schemas as Json).map((s) => (s as Json).$ref).filter((r) => typeof r === 'string' && r.startsWith('../'));
    expect(refs.sort()).toEqual(['../schemas/alert-v1.schema.json', '../schemas/policy-v1.schema.json', '../schemas/telemetry-v1.schema.json']);
    for (const r of refs) expect(existsSync(join(ROOT, 'api', r)), r).toBe(true);
    expect(documented(shipped)).toEqual(documented(doc));
  });

  it('documents exactly the routes the server registers (none missing, none extra)', () => {
    const registered = [...new Set(server.routes
      .filter((r) => r.method !== 'ALL' && r.path !== '*' && r.path !== '/*') // middleware, the /v1/* fallback, dashboard files
      .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:([A-Za-z_]+)/g, '{$1}')}`))].sort();
    expect(registered.length).toBeGreaterThan(15);
    expect(documented(doc)).toEqual(registered);
  });

  it('the security each operation documents is what the server enforces', async () => {
    for (const op of documented(doc)) {
      const [method, path] = op.split(' ');
      const o = doc.paths[path][method] as Json;
      const open = Array.isArray(o.security) && o.security.length === 0;
      const r = await fetch(server.url + path.replace('{id}', 'no-such-id'), { method: method.toUpperCase(), ...(method === 'get' ? {} : { body: '{}' }) });
      await r.body?.cancel();
      if (open) expect(r.status, op).not.toBe(401);
      else expect(r.status, op).toBe(401);
      if (!open) expect(o.responses['401'], op).toBeDefined();
    }
  });

  it('real responses fit the documented schemas: health, ingest, alerts, one alert, policy, errors', async () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    ajv.addSchema(doc, 'oas');
    const check = (path: string, method: string, status: number, body: unknown) => {
      const resp = doc.paths[path][method].responses[status] as Json;
      // a shared response ($ref #/components/responses/X) is followed to its schema
      const base = resp.$ref ? (resp.$ref as string).slice(1) : `/paths/${path.replace(/~/g, '~0').replace(/\//g, '~1')}/${method}/responses/${status}`;
      const ptr = `oas#${base}/content/application~1json/schema`;
      const v = ajv.compile({ $ref: ptr });
      expect(v(body), `${method} ${path} ${status}: ${JSON.stringify(v.errors).slice(0, 600)}`).toBe(true);
    };
    const h = { authorization: `Bearer ${token}` };
    const get = async (p: string, headers: Record<string, string> = h) => { const r = await fetch(server.url + p, { headers }); return { status: r.status, body: await r.json() }; };
    let r = await get('/healthz', {});
    check('/healthz', 'get', 200, r.body);
    const ing = await fetch(`${server.url}/v1/events`, { method: 'POST', headers: h, body: readFileSync(join(dir, 'anubis-rc4-b64.ndjson'), 'utf8') + '{"ts":1}\n' });
    expect(ing.status).toBe(200);
    check('/v1/events', 'post', 200, await ing.json());
    let list: Json = {};
    for (let i = 0; i < 100 && !(list.alerts?.length > 0); i++) { list = (await get('/v1/alerts')).body; await new Promise((s) => setTimeout(s, 50)); }
    expect(list.alerts.length).toBeGreaterThan(0);
    check('/v1/alerts', 'get', 200, list);
    r = await get(`/v1/alerts/${encodeURIComponent(list.alerts[0].id)}`);
    check('/v1/alerts/{id}', 'get', 200, r.body);
    r = await get('/v1/alerts/no-such-id');
    check('/v1/alerts/{id}', 'get', 404, r.body);
    r = await get('/v1/policy');
    check('/v1/policy', 'get', 200, r.body);
    r = await get('/v1/alerts', {});
    expect(r.status).toBe(401);
    check('/v1/alerts', 'get', 401, r.body);
    const bad = await fetch(`${server.url}/v1/policy`, { method: 'PUT', headers: h, body: 'thresholds: { time_wndow: 10m }' });
    check('/v1/policy', 'put', 400, await bad.json());
  });
});
