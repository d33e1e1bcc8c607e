// The package DroidBox ran: apkName is the APK's path ("…/air.WatchESPN-2100146.apk", name and
// version code by convention); the app's own /data/data/<pkg> paths confirm or replace it.
import { basename } from 'node:path';
import { guessPackage, PACKAGE_NAME } from '../shared/package-name.js';

export function droidboxPackage(doc: Record<string, unknown>): { app?: string; how: string; named?: string } {
  const fromPaths = guessPackage(JSON.stringify([doc.fdaccess ?? {}, doc.accessedfiles ?? {}, doc.dexclass ?? {}]));
  const name = typeof doc.apkName === 'string' ? basename(doc.apkName.replace(/\\/g, '/')).replace(/\.apk$/i, '').replace(/-\d+$/, '') : undefined;
  if (name && PACKAGE_NAME.test(name) && (!fromPaths || fromPaths === name)) return { app: name, how: fromPaths ? 'apkName, confirmed by /data/data paths' : 'apkName' };
  if (fromPaths) return { app: fromPaths, how: '/data/data paths', ...(name && PACKAGE_NAME.test(name) ? { named: name } : {}) };
  return { how: 'none' };
}
