/**
 * Proxmox writes its `pattern` values as Perl regexes and matches them as `m/^$pattern$/`
 * (pve-common `JSONSchema.pm`, `check_prop`). These turn one into an anchored JavaScript
 * pattern that accepts the same values.
 */

export interface JsPattern {
  readonly source: string;
  readonly flags: string;
}

/** A stringified `qr//` opens with `(?^:` or, case-insensitive, `(?^i:`. */
const QR_GROUP = /\(\?\^(i?):/g;

/** `(?>X)`: an atomic group. JS lacks it; `(?:(?=(X))\N)` matches the same, never backtracking. */
const ATOMIC_GROUP = '(?>';

export function perlPatternToJs(pattern: string): JsPattern {
  let caseInsensitive = false;
  let source = pattern.replace(QR_GROUP, (_whole, flag: string) => {
    if (flag === 'i') caseInsensitive = true;
    return '(?:';
  });

  source = replaceAtomicGroups(source);

  // Perl 5.34+ reads `{,n}` as `{0,n}`; JS would read it as literal text.
  source = source.replace(/\{,(\d+)\}/g, '{0,$1}');

  // Limitation: JS on Node 20 has no inline `(?i:…)`, so one case-insensitive `qr//` inside a
  // pattern makes the whole pattern case-insensitive; a few mixed patterns accept more than
  // Proxmox (e.g. upper-case hex where Proxmox wants lower-case). None of the 9.1 patterns
  // mixes them in a way that matters for ids, tags or names.
  return { source: `^(?:${source})$`, flags: caseInsensitive ? 'i' : '' };
}

/** Rewrite every `(?>X)` as `(?:(?=(X))\N)`, numbering the new capture groups in order. */
function replaceAtomicGroups(source: string): string {
  let result = source;
  for (let start = result.indexOf(ATOMIC_GROUP); start >= 0; start = result.indexOf(ATOMIC_GROUP)) {
    const end = findGroupEnd(result, start);
    const inner = result.slice(start + ATOMIC_GROUP.length, end);
    const groupNumber = countCaptureGroups(result.slice(0, start)) + 1;
    result = `${result.slice(0, start)}(?:(?=(${inner}))\\${groupNumber})${result.slice(end + 1)}`;
  }
  return result;
}

/** Index of the `)` closing the group opened at `open`, skipping escapes and classes. */
function findGroupEnd(source: string, open: number): number {
  let depth = 0;
  let inClass = false;
  for (let i = open; i < source.length; i++) {
    const char = source[i];
    if (char === '\\') {
      i++;
    } else if (inClass) {
      if (char === ']') inClass = false;
    } else if (char === '[') {
      inClass = true;
    } else if (char === '(') {
      depth++;
    } else if (char === ')') {
      depth--;
      if (depth === 0) return i;
    }
  }
  throw new Error(`unbalanced group in pattern: ${source}`);
}

function countCaptureGroups(source: string): number {
  let count = 0;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const char = source[i];
    if (char === '\\') {
      i++;
    } else if (inClass) {
      if (char === ']') inClass = false;
    } else if (char === '[') {
      inClass = true;
    } else if (char === '(' && source[i + 1] !== '?') {
      count++;
    }
  }
  return count;
}
