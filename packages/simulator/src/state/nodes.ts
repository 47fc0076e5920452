/** A cluster member as `GET /nodes` lists it. */
export interface NodeRecord {
  readonly node: string;
  readonly maxcpu: number;
  /** Bytes. */
  readonly maxmem: number;
  /** Simulator clock (epoch ms) the node came up at; `uptime` counts from here. */
  readonly bootedAt: number;
}

export function defaultNodes(now: number): NodeRecord[] {
  return [{ node: 'pve1', maxcpu: 8, maxmem: 32 * 1024 ** 3, bootedAt: now }];
}
