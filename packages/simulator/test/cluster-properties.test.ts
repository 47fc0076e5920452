import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  createQemu,
  formatSize,
  nextId,
  parseSize,
  readConfig,
  renderConfigFile,
  updateConfig,
} from '../src/state/cluster/index.js';
import { testCluster } from './cluster-helpers.js';

describe('properties', () => {
  test('a size printed the Proxmox way parses back to the same byte count', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 50 }), (bytes) => {
        const text = formatSize(bytes);
        expect(parseSize(text)).toBe(bytes);
        expect(text).toMatch(/^\d+[KMGT]?$/);
      }),
    );
  });

  test('nextid is always the lowest free id from 100', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 100, max: 130 }), { maxLength: 20 }), (used) => {
        const { cluster } = testCluster();
        for (const vmid of used) createQemu(cluster, 'pve1', vmid, {});
        let expected = 100;
        while (used.includes(expected)) expected++;
        expect(nextId(cluster)).toBe(expected);
      }),
      { numRuns: 50 },
    );
  });

  test('any description becomes # lines of safe characters, and the digest hashes the file', () => {
    const { cluster } = testCluster();
    createQemu(cluster, 'pve1', 100, {});
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (text) => {
        const description = `x${text}`;
        updateConfig(cluster, 'pve1', 'qemu', 100, { set: { description } });
        const file = renderConfigFile(cluster.state.guests['100'] as never);

        // Perl's split drops trailing empty lines.
        const lines = description.replace(/\n+$/, '').split('\n');
        const comments = file.split('\n').filter((line) => line.startsWith('#'));
        expect(comments).toHaveLength(lines.length);
        for (const line of comments) expect(line).toMatch(/^#[\x20-\x39\x3b-\x7e]*$/);
        const digest = createHash('sha1').update(file).digest('hex');
        expect(readConfig(cluster, 'pve1', 'qemu', 100).digest).toBe(digest);
        expect(readConfig(cluster, 'pve1', 'qemu', 100).description).toBe(description);
      }),
      { numRuns: 60 },
    );
  });
});
