/**
 * The highest index of each numbered parameter (`net[n]` → `net0` … `net31`). The schema
 * collapses numbered keys to `name[n]` (pve-common `api_clone_schema`) and does not say how
 * many there are; the ranges come from the Proxmox sources, per family of paths.
 */
interface IndexedRange {
  /** Applies to paths starting with this template prefix. */
  readonly pathPrefix: string;
  readonly name: string;
  readonly max: number;
  /** Where the limit is defined. */
  readonly source: string;
}

const QS = 'qemu-server src/PVE/QemuServer';
const CT = 'pve-container src/PVE/LXC/Config.pm';
const VM = '/nodes/{node}/qemu';
const LXC = '/nodes/{node}/lxc';

// Limitation: one table serves every schema version; where an older version allowed fewer
// keys (USB before machine type 7.1), its generated types accept indexes that node refuses.
export const INDEXED_RANGES: readonly IndexedRange[] = [
  { pathPrefix: VM, name: 'net', max: 31, source: `${QS}.pm $MAX_NETS = 32` },
  { pathPrefix: VM, name: 'ipconfig', max: 31, source: `${QS}.pm (one per net, $MAX_NETS)` },
  { pathPrefix: VM, name: 'ide', max: 3, source: `${QS}/Drive.pm (FACTS §1.2)` },
  { pathPrefix: VM, name: 'scsi', max: 30, source: `${QS}/Drive.pm (FACTS §1.2)` },
  { pathPrefix: VM, name: 'virtio', max: 15, source: `${QS}/Drive.pm (FACTS §1.2)` },
  { pathPrefix: VM, name: 'sata', max: 5, source: `${QS}/Drive.pm (FACTS §1.2)` },
  { pathPrefix: VM, name: 'unused', max: 255, source: `${QS}/Drive.pm (FACTS §1.2)` },
  { pathPrefix: VM, name: 'serial', max: 3, source: `${QS}.pm $MAX_SERIAL_PORTS = 4` },
  { pathPrefix: VM, name: 'parallel', max: 2, source: `${QS}.pm $MAX_PARALLEL_PORTS = 3` },
  { pathPrefix: VM, name: 'numa', max: 7, source: `${QS}/Memory.pm $MAX_NUMA` },
  { pathPrefix: VM, name: 'hostpci', max: 15, source: `${QS}/PCI.pm $MAX_HOSTPCI_DEVICES = 16` },
  { pathPrefix: VM, name: 'usb', max: 13, source: `${QS}/USB.pm (14 ports on machine >= 7.1)` },
  { pathPrefix: VM, name: 'virtiofs', max: 9, source: `${QS}/Virtiofs.pm max_virtiofs()` },
  { pathPrefix: LXC, name: 'mp', max: 255, source: `${CT} (FACTS §1.2)` },
  { pathPrefix: LXC, name: 'unused', max: 255, source: `${CT} (FACTS §1.2)` },
  { pathPrefix: LXC, name: 'dev', max: 255, source: `${CT} (FACTS §1.2)` },
  { pathPrefix: LXC, name: 'net', max: 31, source: `${CT} (FACTS §1.2)` },
  {
    pathPrefix: '/cluster/config',
    name: 'link',
    max: 7,
    source: 'pve-cluster src/PVE/Corosync.pm MAX_LINK_INDEX => 7 (link0 … link7)',
  },
  {
    pathPrefix: '/nodes/{node}/config',
    name: 'acmedomain',
    max: 5,
    source: 'pve-manager PVE/NodeConfig.pm `for my $i (0..$MAXDOMAINS)`, $MAXDOMAINS = 5',
  },
];

export class UnknownIndexedParamError extends Error {
  override name = 'UnknownIndexedParamError';
}

/** The highest index of `name[n]` on `path`; throws for a pair no range is known for. */
export function indexedMax(path: string, name: string): number {
  const range = INDEXED_RANGES.find(
    (entry) => entry.name === name && `${path}/`.startsWith(`${entry.pathPrefix}/`),
  );
  if (range === undefined) {
    throw new UnknownIndexedParamError(
      `no known range for ${name}[n] on ${path}: add it to INDEXED_RANGES in ` +
        'packages/codegen/src/indexed.ts, with the Proxmox source that defines the limit',
    );
  }
  return range.max;
}

/** `net[n]` → `net`; anything else → undefined. */
export function indexedBase(key: string): string | undefined {
  return /^(.+)\[n\]$/.exec(key)?.[1];
}
