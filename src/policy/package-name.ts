// Android package names, checked loosely: two or more dot-separated segments of letters, digits
// and underscores (`com.example.notes`). Names are exact and case-sensitive, as on Android: no
// wildcards (`com.example.*` is rejected), so an inventory entry always names one app.

const PACKAGE_NAME = /^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)+$/;

/** Why `s` is not a usable package name, or undefined when it is. */
export function packageNameProblem(s: string): string | undefined {
  if (s.trim() === '') return 'is empty';
  if (s.includes('*')) return 'must be an exact package name: wildcards are not supported';
  if (s !== s.trim()) return 'has leading or trailing whitespace';
  if (!PACKAGE_NAME.test(s)) return 'is not an Android package name (expected e.g. `com.example.app`)';
  return undefined;
}
