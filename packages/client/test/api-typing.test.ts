import { describe, expect, it } from 'vitest';
import { type Api, createApi, type RequestFn, type Upid } from '../src/api/index.js';

// Compile-time checks on one rich endpoint, and what the same calls put on the wire. The
// checks below fail `tsc -p packages/client` when an expected error does not happen.

type Sent = { method: string; path: string; params: Readonly<Record<string, unknown>> | undefined };

function recording(answer: unknown) {
  const sent: Sent[] = [];
  const request: RequestFn = async (method, path, params) => {
    sent.push({ method, path, params });
    return answer;
  };
  return { sent, api: createApi(request) };
}

export async function compileTimeChecks(api: Api): Promise<void> {
  const vm = api.nodes.node('pve1').qemu.vm(100);
  await vm.config.put({ net0: 'virtio,bridge=vmbr0', net31: 'e1000', scsi30: 'local:1' });
  // @ts-expect-error net goes up to net31 on a VM
  await vm.config.put({ net32: 'virtio' });
  // @ts-expect-error scsi goes up to scsi30
  await vm.config.put({ scsi31: 'local:1' });
  // @ts-expect-error ostype is an enum
  await vm.config.put({ ostype: 'plan9' });
  // @ts-expect-error vmid is an integer
  api.nodes.node('pve1').qemu.vm('100');
  // @ts-expect-error the route form needs the path parameters
  await api.call('GET /nodes/{node}/qemu/{vmid}/config', { node: 'pve1' });
  const upid: Upid = await vm.status.start.post();
  const text: `UPID:${string}` = upid;
  const config = await vm.config.get();
  const cores: number | undefined = config.cores;
  const net5: string | undefined = config.net5;
  const extra: unknown = config['not-in-the-schema'];
  void [text, cores, net5, extra];
}

describe('typed calls on the wire', () => {
  it('sends numbered keys, booleans as 1/0 and a -list as one string', async () => {
    const { sent, api } = recording(null);
    await api.nodes
      .node('pve1')
      .qemu.vm(100)
      .config.put({ net5: 'virtio', onboot: true, delete: ['net0', 'scsi1'] });
    expect(sent).toEqual([
      {
        method: 'PUT',
        path: '/nodes/pve1/qemu/100/config',
        params: { net5: 'virtio', onboot: 1, delete: 'net0,scsi1' },
      },
    ]);
  });

  it('hands a UPID back untouched and decodes a config', async () => {
    const started = recording('UPID:pve1:0001A2B3:00C0FFEE:6630A1B2:qmstart:100:root@pam:');
    const upid = await started.api.nodes.node('pve1').qemu.vm(100).status.start.post();
    expect(upid).toBe('UPID:pve1:0001A2B3:00C0FFEE:6630A1B2:qmstart:100:root@pam:');

    const read = recording({ cores: '2', net5: 'virtio', onboot: 0 });
    const config = await read.api.call('GET /nodes/{node}/qemu/{vmid}/config', {
      node: 'pve1',
      vmid: 100,
    });
    expect(config).toEqual({ cores: 2, net5: 'virtio', onboot: false });
  });
});
