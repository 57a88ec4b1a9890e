// Part of `npm run build` (scripts/bundle.mjs), tested by test/startup.e2e-spec.ts.
import { tokenizer } from 'acorn';

const NON_ASCII = /[\u0080-\uffff]/;

/** Each character outside ASCII as \u escapes (a \u{…} one for an astral character if `unicode`). */
function escape(text, unicode) {
  return text.replace(/[\u{80}-\u{10ffff}]/gu, (ch) => {
    const point = ch.codePointAt(0);
    if (point > 0xffff && unicode) return `\\u{${point.toString(16)}}`;
    return [...Array(ch.length).keys()]
      .map((i) => `\\u${ch.charCodeAt(i).toString(16).padStart(4, '0')}`)
      .join('');
  });
}

/**
 * JavaScript made pure ASCII, meaning the same. V8 keeps a script's source for as long as the
 * script lives (it compiles functions when they are first called) and stores it at two bytes a
 * character if a single character is not Latin-1: the application's bundle took 21 MB of every
 * process's heap instead of 10. esbuild already escapes strings, templates and names, but leaves
 * regular expression literals (validator's alphabets) and the comments it keeps as written. Here
 * each such character becomes a \u escape: the same pattern (without the u or v flag a character
 * outside the BMP is two code units either way), the same comment. A pattern with a backslash
 * right before such a character is left alone. Returns the code and how many lines stay non-ASCII.
 */
export function asciiSource(code, sourceType) {
  if (!NON_ASCII.test(code)) return { code, left: 0 };
  const edits = [];
  const onComment = (_block, text, start, end) => {
    if (NON_ASCII.test(text))
      edits.push({ start, end, text: escape(code.slice(start, end), false) });
  };
  const options = {
    ecmaVersion: 'latest',
    sourceType,
    allowReturnOutsideFunction: true,
    allowHashBang: true,
    onComment,
  };
  for (const token of tokenizer(code, options)) {
    if (token.type.label !== 'regexp') continue;
    const text = code.slice(token.start, token.end);
    if (!NON_ASCII.test(text) || /\\[\u{80}-\u{10ffff}]/u.test(text)) continue;
    edits.push({
      start: token.start,
      end: token.end,
      text: escape(text, /[uv]/.test(token.value.flags)),
    });
  }
  edits.sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const edit of edits) {
    out += code.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  out += code.slice(at);
  return { code: out, left: out.split('\n').filter((line) => NON_ASCII.test(line)).length };
}
