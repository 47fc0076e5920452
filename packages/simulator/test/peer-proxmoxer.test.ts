import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../src/index.js';

// A client written for real Proxmox VE, unchanged: proxmoxer (Debian's python3-proxmoxer),
// over TLS with the simulator's certificate as its CA, by ticket and by API token.
const PYTHON = '/usr/bin/python3';
const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'peers/proxmoxer_check.py');
const probe = spawnSync(PYTHON, ['-c', 'import proxmoxer'], { encoding: 'utf8' });
const available = probe.status === 0;
if (!available) {
  console.log(
    `proxmoxer test skipped: ${PYTHON} cannot import proxmoxer ` +
      '(apt-get install python3-proxmoxer; .ci/run does)',
  );
}

interface Seen {
  version: string;
  nodes: string[];
  create_upid: string;
  create_exit: string;
  config: Record<string, unknown>;
  start_exit: string;
  status: string;
  missing: { status: number; message: string } | null;
  invalid: { status: number; errors: Record<string, string> | null } | null;
  token_id: string;
  token_vms: number[];
}

describe.skipIf(!available)('proxmoxer against the simulator', () => {
  let sim: RunningSimulator;
  let folder: string;
  let seen: Seen;

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, rootPassword: 'py-secret', seed: 'demo' });
    folder = mkdtempSync(path.join(tmpdir(), 'pvekit-proxmoxer-'));
    const ca = path.join(folder, 'ca.pem');
    writeFileSync(ca, sim.certificate);
    const url = new URL(sim.url);
    // Asynchronously: the simulator answers from this very process.
    const run = await promisify(execFile)(PYTHON, [script], {
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        PATH: process.env.PATH ?? '',
        PVE_HOST: url.hostname,
        PVE_PORT: url.port,
        PVE_PASSWORD: 'py-secret',
        PVE_CA: ca,
      },
    });
    seen = JSON.parse(run.stdout) as Seen;
  }, 90_000);

  afterAll(async () => {
    await sim?.close();
    if (folder !== undefined) rmSync(folder, { recursive: true, force: true });
  });

  it('logs in with a ticket and reads the version and the nodes', () => {
    expect(seen.version).toBe('9.1');
    expect(seen.nodes).toEqual(['pve1']);
  });

  it('creates, configures and starts a VM through tasks it can wait on', () => {
    expect(seen.create_upid).toMatch(
      /^UPID:pve1:[0-9A-F]{8}:[0-9A-F]{8,9}:[0-9A-F]{8}:qmcreate:300:root@pam:$/,
    );
    expect(seen.create_exit).toBe('OK');
    expect(seen.config).toMatchObject({ name: 'from-python', cores: null });
    // `memory` is a property string (`[current=]<MiB>`) in the 9.1 schema, so it comes as text.
    expect(String(seen.config.memory)).toBe('2048');
    expect(String(seen.config.scsi0)).toMatch(/^local-lvm:vm-300-disk-0,.*size=4G/);
    expect(String(seen.config.net0)).toMatch(/^virtio=BC:24:11(:[0-9A-F]{2}){3},bridge=vmbr0$/);
    expect(seen.start_exit).toBe('OK');
    expect(seen.status).toBe('running');
  });

  it('sees Proxmox errors as proxmoxer expects them', () => {
    expect(seen.missing?.status).toBe(500);
    expect(seen.missing?.message).toContain("qemu-server/999.conf' does not exist");
    expect(seen.invalid?.status).toBe(400);
  });

  it('uses an API token it created', () => {
    expect(seen.token_id).toBe('root@pam!python');
    expect(seen.token_vms).toContain(300);
  });
});
