// URL paths as a sensor reports them. PURE. A path can carry identifiers (user ids, phone
// numbers, tokens), so only its first segments are kept unless the deployment configures more.

/** Default number of leading path segments kept. */
export const PATH_SEGMENTS = 2;

/** `/api/v2/users/4711/photos?x=1` -> `/api/v2` (2 segments); query and fragment always dropped.
 *  `segments` < 0 keeps the whole path (configured). */
export function reducePath(path: string, segments = PATH_SEGMENTS): string {
  const bare = path.replace(/[?#].*$/, '');
  if (segments < 0) return bare;
  const parts = bare.split('/').filter((p) => p.length > 0);
  if (parts.length <= segments) return bare || '/';
  return `/${parts.slice(0, segments).join('/')}`;
}
