import { createHash } from 'node:crypto';
import { ProxmoxClient } from 'pvekit';
import { afterEach, describe, expect, test } from 'vitest';
import { ManualTaskClock, type Simulator } from '../src/index.js';
import { cookie, login, ROOT_PASSWORD, simulator, tokenHeader } from './helpers.js';

let sim: Simulator;
let clock: ManualTaskClock;
let client: ProxmoxClient;
let root: Record<string, string>;

const ISO = new TextEncoder().encode('not really a disc image, but bytes all the same\n');

async function setup(): Promise<void> {
  clock = new ManualTaskClock(Date.UTC(2026, 0, 15, 12, 0, 0));
  sim = simulator({ taskClock: clock });
  const token = await sim.access.createToken('root@pam', 'upload', { privsep: false });
  root = tokenHeader(token.tokenId, token.secret);
  client = new ProxmoxClient({ baseUrl: 'https://pve1:8006', fetch: sim.fetch, auth: token });
}

afterEach(async () => {
  await client.close();
  await sim.close();
});

function form(fields: [string, string][], file?: { field: string; name: string }): FormData {
  const body = new FormData();
  for (const [name, value] of fields) body.append(name, value);
  if (file) body.append(file.field, new Blob([ISO]), file.name);
  return body;
}

async function upload(body: FormData, headers = root, storage = 'local') {
  const response = await sim.fetch(`/api2/json/nodes/pve1/storage/${storage}/upload`, {
    method: 'POST',
    headers,
    body,
  });
  const json = (await response.json()) as { data: unknown; errors?: Record<string, string> };
  return { status: response.status, reason: response.statusText, ...json };
}

async function isoNames(): Promise<string[]> {
  const volumes = await client.get<{ volid: string }[]>('/nodes/{node}/storage/{storage}/content', {
    node: 'pve1',
    storage: 'local',
    content: 'iso',
  });
  return volumes.map((volume) => volume.volid);
}

describe('POST /nodes/{node}/storage/{storage}/upload', () => {
  test('an ISO with a verified checksum becomes a volume of the storage', async () => {
    await setup();
    const sha256 = createHash('sha256').update(ISO).digest('hex');
    const body = form(
      [
        ['content', 'iso'],
        ['checksum-algorithm', 'sha256'],
        ['checksum', sha256],
      ],
      { field: 'filename', name: 'C:\\Images\\my disk (1).iso' },
    );
    const answer = await upload(body);
    expect(answer.status).toBe(200);
    const upid = String(answer.data);
    expect(upid).toMatch(/^UPID:pve1:[0-9A-F:]+:imgcopy::root@pam!upload:$/);
    await clock.advance(0);
    expect((await sim.tasks.whenDone(upid)).exitstatus).toBe('OK');

    expect(await isoNames()).toContain('local:iso/my_disk__1_.iso');
    const log = await client.get<{ t: string }[]>('/nodes/{node}/tasks/{upid}/log', {
      node: 'pve1',
      upid,
    });
    expect(log.map((line) => line.t)).toContain('calculating checksum...OK, checksum verified');
    expect(log.at(-2)?.t).toBe('finished file import successfully');
    const info = await client.get<{ size: number }>(
      '/nodes/{node}/storage/{storage}/content/{volume}',
      { node: 'pve1', storage: 'local', volume: 'iso/my_disk__1_.iso' },
    );
    expect(info.size).toBe(ISO.byteLength);
  });

  test('a wrong checksum fails the task and stores nothing', async () => {
    await setup();
    const before = await isoNames();
    const body = form(
      [
        ['content', 'iso'],
        ['checksum-algorithm', 'md5'],
        ['checksum', '0'.repeat(32)],
      ],
      { field: 'filename', name: 'bad.iso' },
    );
    const upid = String((await upload(body)).data);
    await clock.advance(0);
    const md5 = createHash('md5').update(ISO).digest('hex');
    expect((await sim.tasks.whenDone(upid)).exitstatus).toBe(
      `checksum mismatch: got '${md5}' != expect '${'0'.repeat(32)}'`,
    );
    expect(await isoNames()).toEqual(before);
  });

  test('a ticket needs no CSRF token here; the file must come last, named filename', async () => {
    await setup();
    const ticket = (await login(sim, 'root@pam', ROOT_PASSWORD)).ticket;
    const viaTicket = await upload(
      form([['content', 'vztmpl']], { field: 'filename', name: 'debian.tar.zst' }),
      cookie(ticket),
    );
    expect(viaTicket.status).toBe(200);

    const misnamed = await upload(form([['content', 'iso']], { field: 'file', name: 'a.iso' }));
    expect(misnamed.status).toBe(400);
    const late = new FormData();
    late.append('filename', new Blob([ISO]), 'a.iso');
    late.append('content', 'iso');
    expect((await upload(late)).reason).toBe("multipart field 'content' after the file part");
    const wrongEnding = await upload(
      form([['content', 'iso']], { field: 'filename', name: 'a.txt' }),
    );
    expect(wrongEnding.errors).toEqual({ filename: 'wrong file extension' });
    const notFiles = await upload(
      form([['content', 'iso']], { field: 'filename', name: 'a.iso' }),
      root,
      'local-lvm',
    );
    expect(notFiles.reason).toBe("can't upload to storage type 'lvmthin'");
    const noImports = await upload(
      form([['content', 'import']], { field: 'filename', name: 'disk.qcow2' }),
    );
    expect(noImports.reason).toBe("storage 'local' does not support 'import' content");
  });

  test('Datastore.AllocateTemplate on the storage is required', async () => {
    await setup();
    sim.access.addUser({ userid: 'gina@pve', password: 'gina-password' });
    sim.access.setAcl({ path: '/storage/local', roles: 'PVEDatastoreUser', users: 'gina@pve' });
    const ticket = (await login(sim, 'gina@pve', 'gina-password')).ticket;
    const denied = await upload(
      form([['content', 'iso']], { field: 'filename', name: 'a.iso' }),
      cookie(ticket),
    );
    expect(denied.status).toBe(403);
  });
});
