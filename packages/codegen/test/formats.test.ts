import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { collectFormats, renderFormatsModule } from '../src/formats.js';
import { namedStringFormatNames, parseTypetext, unusedFacts } from '../src/named-formats.js';
import { perlPatternToJs } from '../src/perl-pattern.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const sharedApi = path.resolve(repoRoot, '../shared/pve-api');
const schemaFile = path.join(sharedApi, 'schema-9.1.json');
const namedFile = path.join(sharedApi, 'named-formats-9.1.json');
const generatedFile = path.join(repoRoot, 'packages/client/src/generated/formats.gen.ts');
const haveShared = existsSync(schemaFile) && existsSync(namedFile);

if (!haveShared) {
  console.log(`formats collector: skipping schema comparisons, ${sharedApi} is absent`);
}

describe('perlPatternToJs', () => {
  it('anchors and turns qr// groups into plain groups', () => {
    expect(perlPatternToJs('(?^:[a-z]+)')).toEqual({ source: '^(?:(?:[a-z]+))$', flags: '' });
  });

  it('makes the pattern case-insensitive for (?^i:…)', () => {
    const { source, flags } = perlPatternToJs('(?^i:[a-z0-9_][a-z0-9_\\-\\+\\.]*)');
    expect(flags).toBe('i');
    expect(new RegExp(source, flags).test('Prod-1')).toBe(true);
  });

  it('reads {,n} as Perl 5.34+ does', () => {
    const { source } = perlPatternToJs('[A-Za-z0-9\\-_\\s]{,8}');
    expect(new RegExp(source).test('abc')).toBe(true);
    expect(new RegExp(source).test('abcdefghi')).toBe(false);
  });

  it('rewrites atomic groups into an equivalent lookahead', () => {
    const { source } = perlPatternToJs('(?^:^((?>[+-]?[\\w\\-\\._=]+,?)+)$)');
    const re = new RegExp(source);
    expect(re.test('-cpu,host,+aes')).toBe(true);
    expect(re.test('bad value')).toBe(false);
    // Atomic matching keeps a long non-match fast instead of backtracking exponentially.
    const started = process.hrtime.bigint();
    expect(re.test(`${'a'.repeat(40)}!`)).toBe(false);
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(500);
  });
});

describe('parseTypetext', () => {
  it('reads the default key, optional keys, enums and booleans', () => {
    expect(parseTypetext('[[model=]<i6300esb|ib700>] [,action=<enum>]')).toEqual({
      model: { type: 'string', enum: ['i6300esb', 'ib700'], optional: true, defaultKey: true },
      action: { type: 'string', optional: true },
    });
    expect(parseTypetext('[type=]<tdx-type> ,attestation=<1|0> [,vsock-cid=<integer>]')).toEqual({
      type: { type: 'string', defaultKey: true },
      attestation: { type: 'boolean' },
      'vsock-cid': { type: 'integer', optional: true },
    });
  });
});

describe.skipIf(!haveShared)('collectFormats on the 9.1 schema', () => {
  const schema: unknown = haveShared ? JSON.parse(readFileSync(schemaFile, 'utf8')) : [];
  const named: unknown = haveShared ? JSON.parse(readFileSync(namedFile, 'utf8')) : {};
  const catalog = collectFormats(schema, named);
  const rendered = renderFormatsModule(catalog.specs, '9.1');

  it('matches the committed formats.gen.ts (run the generator after a schema change)', () => {
    expect(rendered).toBe(readFileSync(generatedFile, 'utf8'));
  });

  it('gives every inline format in the schema an id, with readable names', () => {
    const seen = new Set<string>();
    (function visit(node: unknown, key: string): void {
      if (typeof node !== 'object' || node === null) return;
      const record = node as Record<string, unknown>;
      const format = record.format;
      if (key !== 'format' && typeof format === 'object' && format !== null) {
        const isKeySpec = Object.values(format).every((v) => typeof v === 'object' && v);
        if (isKeySpec) seen.add(catalog.idOf(format));
      }
      for (const [childKey, child] of Object.entries(record)) visit(child, childKey);
    })(schema, '');
    expect(seen.size).toBeGreaterThan(45);
    for (const id of ['qemu-net', 'qemu-scsi', 'lxc-mp', 'lxc-rootfs', 'lxc-net', 'qemu-agent']) {
      expect(seen).toContain(id);
    }
  });

  it('adds the named hash formats and keeps the plain ones for the validators', () => {
    for (const id of ['pve-qm-ipconfig', 'pve-vm-cpu-conf', 'pve-qm-boot', 'prune-backups']) {
      expect(catalog.specs[id]).toBeDefined();
    }
    expect(unusedFacts(named)).toEqual([]);
    const plain = namedStringFormatNames(named);
    expect(plain).toContain('pve-vmid');
    expect(plain).not.toContain('pve-qm-ipconfig');
  });

  it('lets no description text into the output', () => {
    const texts = new Set<string>();
    (function collect(node: unknown): void {
      if (typeof node !== 'object' || node === null) return;
      for (const [key, value] of Object.entries(node)) {
        const prose = ['description', 'verbose_description', 'format_description', 'typetext'];
        if (prose.includes(key) && typeof value === 'string' && value.length >= 12)
          texts.add(value);
        else collect(value);
      }
    })([schema, named]);
    expect(texts.size).toBeGreaterThan(1000);
    const leaked = [...texts].filter((text) => rendered.includes(text));
    expect(leaked).toEqual([]);
    expect(rendered).not.toMatch(/"(?:verbose_|format_)?description"\s*:/);
    expect(rendered).not.toMatch(/typetext/);
  });
});
