// `--glob PATTERN` for directory arguments: `*` and `?` within a name, `**` across folders,
// `{a,b}` alternatives. A pattern without `/` matches the file name at any depth.

export function globMatcher(pattern: string): (relPath: string) => boolean {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        const slash = pattern[i + 2] === '/';
        re += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      const end = pattern.indexOf('}', i);
      if (end < 0) { re += '\\{'; continue; }
      re += '(?:' + pattern.slice(i + 1, end).split(',').map(escape).join('|') + ')';
      i = end;
    } else re += escape(c);
  }
  const rx = new RegExp('^' + re + '$');
  const onName = !pattern.includes('/');
  return (rel) => rx.test(onName ? rel.slice(rel.lastIndexOf('/') + 1) : rel);
}

const escape = (s: string) => s.replace(/[.+^${}()|[\]\\]/g, '\\$&');
