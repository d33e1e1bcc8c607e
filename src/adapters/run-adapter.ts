// The one way an adapter's output leaves for the rest of the product: after the adapter, URL paths
// of net.send events are cut to their first segments (a path can carry user ids, phone numbers,
// tokens), as the Frida sensor does, unless the deployment keeps more (`pathSegments`).
import { PATH_SEGMENTS, reducePath } from '../payload/url-path.js';
import type { Adapter, AdapterOptions, AdapterOutput } from './adapter.js';

export async function convertInput(adapter: Adapter, path: string, opts: AdapterOptions): Promise<AdapterOutput> {
  const out = await adapter.convert(path, opts);
  const segments = opts.pathSegments ?? PATH_SEGMENTS;
  if (segments >= 0) {
    for (const e of out.events) if (e.type === 'net.send' && typeof e.path === 'string') e.path = reducePath(e.path, segments);
  }
  return out;
}
