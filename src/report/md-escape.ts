// Untrusted text in Markdown (CommonMark and GitHub's GFM): one line, and nothing in it may open a
// block (heading, list, quote, fence, table row), an inline construct (emphasis, code, link,
// image, raw HTML, entity) or an autolink (GFM links bare `https://`, `www.` and e-mail
// addresses). Every ASCII punctuation may be backslash-escaped, so the text reads the same.

/** newlines would start new blocks: a heading, a list item, a link reference definition */
const oneLine = (s: string) => s.replace(/[\r\n]+/g, ' ');

export function mdText(s: string): string {
  return oneLine(s)
    .replace(/[\\`*_[\]()#|~!@]/g, '\\$&')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    .replace(/:\/\//g, '\\://')
    .replace(/\b(www)\./gi, '$1\\.')
    // at the start of a line: a list item, a numbered item, a thematic break or a setext underline
    .replace(/^(\s*)([-+=])/, '$1\\$2')
    .replace(/^(\s*\d{1,9})([.)])(?=\s|$)/, '$1\\$2');
}

/** a code span is literal text: only a backtick could end it early, and a newline a block */
export const mdCode = (s: string): string => `\`${oneLine(s).replace(/`/g, "'")}\``;
