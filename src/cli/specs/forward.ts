import type { OptionSpec } from '../options/spec.js';

const GROUP = 'Forwarding (docs/forwarding.md)';

/** --forward of serve, worker and detect (parsed by src/forward/config.ts via ../forward-args.ts) */
export const FORWARD: OptionSpec[] = [
  { name: 'forward', type: 'string', multiple: true, arg: 'SPEC', group: GROUP, help: 'send alert versions to webhook:https://HOST/PATH, syslog:tcp://HOST:PORT, syslog:udp://HOST:PORT or syslog+tls://HOST:PORT (repeatable); options after commas: format=json|ocsf|cef, min_severity=SEV, versions=final|all, name=NAME, max_attempts=N, facility=NAME, secret_file=F, auth_file=F, ca_file=F' },
  { name: 'forward-config', type: 'string', arg: 'FILE', group: GROUP, help: 'YAML or JSON with a forward: list of outputs (same fields)' },
  { name: 'forward-secret-file', type: 'string', arg: 'FILE', group: GROUP, help: 'shared secret: webhook requests carry an HMAC-SHA-256 signature' },
];

export const FORWARD_WAIT: OptionSpec = { name: 'forward-wait', type: 'string', arg: 'DURATION', default: '30s', group: GROUP, help: 'after the input, how long detect keeps retrying what it could not deliver; exit 3 when a version was not delivered' };
