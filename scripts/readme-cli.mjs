// Writes `ciphertrail --help` into README.md between <!-- cli:start --> and <!-- cli:end -->
// (test/cli-grammar.test.ts checks they agree). Run after `npm run build`.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const help = execFileSync(process.execPath, ['dist/cli/main.js', '--help'], { encoding: 'utf8' });
const readme = readFileSync('README.md', 'utf8');
const block = `<!-- cli:start -->\n\`\`\`text\n${help}\`\`\`\n<!-- cli:end -->`;
const next = /<!-- cli:start -->[\s\S]*?<!-- cli:end -->/.test(readme)
  ? readme.replace(/<!-- cli:start -->[\s\S]*?<!-- cli:end -->/, block)
  : readme.replace(/(## CLI\n\n)```\n[\s\S]*?\n```\n/, `$1${block}\n`);
writeFileSync('README.md', next);
