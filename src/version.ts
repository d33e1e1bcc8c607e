// The package version, shown by --version and /healthz; test/pack.test.ts holds it to package.json.
export const VERSION = '0.2.0';
