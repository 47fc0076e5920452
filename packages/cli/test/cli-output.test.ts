import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CliUsageError } from '../src/errors.js';
import { formatResult, outputFormat } from '../src/output/format.js';
import { toYaml } from '../src/output/yaml.js';
import { parseParams } from '../src/params.js';

describe('parameters after the path', () => {
  it('reads --key value, --key=value, bare --flag as true, repeated keys as arrays', () => {
    const words = [
      '--vmid',
      '100',
      '--net0=virtio,bridge=vmbr0',
      '--force',
      '--a',
      '1',
      '--a',
      '2',
    ];

    expect(parseParams(words)).toEqual({
      vmid: '100',
      net0: 'virtio,bridge=vmbr0',
      force: true,
      a: ['1', '2'],
    });
  });

  it('takes a negative number as a value, and a flag before another key as true', () => {
    expect(parseParams(['--delta', '-1', '--skiplock', '--node', 'pve1'])).toEqual({
      delta: '-1',
      skiplock: true,
      node: 'pve1',
    });
  });

  it('skips a lone --, so that a parameter may carry the name of a pvekit flag', () => {
    expect(parseParams(['--limit', '5', '--', '--fingerprint', 'AA:BB'])).toEqual({
      limit: '5',
      fingerprint: 'AA:BB',
    });
  });

  it('refuses a word that is neither a key nor a value, saying how to write parameters', () => {
    expect(() => parseParams(['100'])).toThrow(CliUsageError);
    expect(() => parseParams(['100'])).toThrow(
      "unexpected '100': parameters are written --name value",
    );
  });
});

describe('output formats', () => {
  const users = [
    { userid: 'root@pam', enable: 1 },
    { userid: 'ops@pve', enable: 0, comment: 'night shift' },
  ];

  it('text: a table whose columns are every key, as wide as their widest cell', () => {
    expect(formatResult(users, 'text')).toBe(
      [
        'userid    enable  comment',
        '--------  ------  -----------',
        'root@pam  1',
        'ops@pve   0       night shift',
        '',
      ].join('\n'),
    );
  });

  it('text: key and value for an object, nested values as JSON, nothing for null', () => {
    expect(formatResult({ vmid: 100, tags: ['a', 'b'] }, 'text')).toBe(
      'vmid  100\ntags  ["a","b"]\n',
    );
    expect(formatResult(null, 'text')).toBe('');
    expect(formatResult('UPID:pve1:x', 'text')).toBe('UPID:pve1:x\n');
    expect(formatResult(['a', 'b'], 'text')).toBe('a\nb\n');
  });

  it('json and json-pretty parse back to the same value', () => {
    for (const format of ['json', 'json-pretty'] as const) {
      expect(JSON.parse(formatResult(users, format))).toEqual(users);
    }
    expect(formatResult(null, 'json')).toBe('null\n');
  });

  it('yaml: block style, quoting what a plain scalar would misread', () => {
    const data = {
      vmid: 100,
      name: 'web',
      version: '9.1',
      enabled: 'yes',
      note: 'a: b',
      empty: '',
      nested: { list: [1, { key: 'value' }], none: [] },
    };

    expect(toYaml(data)).toBe(
      [
        'vmid: 100',
        'name: web',
        'version: "9.1"',
        'enabled: "yes"',
        'note: "a: b"',
        'empty: ""',
        'nested:',
        '  list:',
        '    - 1',
        '    - key: value',
        '  none: []',
        '',
      ].join('\n'),
    );
    expect(parse(toYaml(data), { version: '1.1' })).toEqual(data);
  });

  it('an unknown --output-format names the known ones', () => {
    expect(() => outputFormat('xml')).toThrow(CliUsageError);
    expect(outputFormat(undefined)).toBe('text');
  });
});
