import type { ParamScalar, ParamValue } from 'pvekit';
import { CliUsageError } from './errors.js';

/**
 * API parameters from the words after the path, as pvesh reads them: `--key value` or
 * `--key=value`; a key given again collects an array; `--key` alone means true (sent as 1).
 * Values stay strings: the server checks their type, and `100` and `"100"` are the same there.
 * A lone `--` is skipped: words after it are never taken for pvekit's own flags.
 */
export function parseParams(words: readonly string[]): Record<string, ParamValue> {
  const params: Record<string, ParamScalar | ParamScalar[]> = {};
  for (let index = 0; index < words.length; index++) {
    const word = words[index] as string;
    if (word === '--') continue;
    const key = /^--?([A-Za-z][\w.-]*)(=(.*))?$/s.exec(word);
    if (key === null) {
      throw new CliUsageError(
        `unexpected '${word}': parameters are written --name value`,
        'the path comes first, then its parameters, e.g. `pvekit get /nodes/pve1/tasks --limit 5`',
      );
    }
    const name = key[1] as string;
    let value: ParamScalar;
    if (key[2] !== undefined) {
      value = key[3] ?? '';
    } else {
      const next = words[index + 1];
      // A following word is this key's value unless it is the next key (`-1` is a value).
      if (next === undefined || /^--[A-Za-z]/.test(next)) value = true;
      else {
        value = next;
        index++;
      }
    }
    add(params, name, value);
  }
  return params;
}

function add(
  params: Record<string, ParamScalar | ParamScalar[]>,
  name: string,
  value: ParamScalar,
): void {
  const earlier = params[name];
  if (earlier === undefined) params[name] = value;
  else if (Array.isArray(earlier)) earlier.push(value);
  else params[name] = [earlier, value];
}
