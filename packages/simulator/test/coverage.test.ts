import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { endpoints } from 'pvekit/metadata';
import { afterEach, describe, expect, test } from 'vitest';
import { coverage, coverageMarkdown, type Simulator } from '../src/index.js';
import { simulator, tokenHeader } from './helpers.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('coverage()', () => {
  test('names every endpoint of the schema exactly once, by route key', () => {
    expect(Object.keys(coverage()).sort()).toEqual(Object.keys(endpoints).sort());
  });

  test('says modelled exactly where a call reaches a handler, not the front-door 501', async () => {
    sim = simulator();
    const token = await sim.access.createToken('root@pam', 'coverage', { privsep: false });
    const auth = tokenHeader(token.tokenId, token.secret);
    const report = coverage();
    expect(report['GET /version']).toBe(true);
    expect(report['GET /nodes/{node}/ceph/status']).toBe(false);
    for (const [key, path] of [
      ['GET /version', '/version'],
      ['GET /nodes/{node}/ceph/status', '/nodes/pve1/ceph/status'],
    ] as const) {
      const response = await sim.fetch(`/api2/json${path}`, { headers: auth });
      const unmodelled = `Method '${key}' is not implemented by the pvekit simulator`;
      expect(response.statusText === unmodelled).toBe(!report[key]);
    }
  });

  test('the committed docs/simulator-coverage.md is current (npm run sim-coverage)', () => {
    const committed = readFileSync(path.join(repoRoot, 'docs/simulator-coverage.md'), 'utf8');
    expect(committed).toBe(coverageMarkdown());
  });

  test('the document counts what coverage() reports', () => {
    const report = Object.values(coverage());
    const modelled = report.filter(Boolean).length;
    expect(coverageMarkdown()).toContain(`models ${modelled} of ${report.length} endpoints`);
  });
});
