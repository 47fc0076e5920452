import { endpoints, type ValueSpec } from 'pvekit/metadata';
import type { GuestType, PendingEntry } from '../state/cluster/index.js';

/**
 * The cluster model keeps every config value as the text of the config file; the API answers
 * them typed by the schema, as pve-common's JSON encoder does: integers and numbers as JSON
 * numbers, booleans as 0 or 1.
 */
function typed(spec: ValueSpec | undefined, value: string): string | number {
  if (spec?.type === 'integer' || spec?.type === 'number') {
    const number = Number(value);
    return Number.isFinite(number) ? number : value;
  }
  if (spec?.type === 'boolean') return value === '1' || value === 'on' || value === 'yes' ? 1 : 0;
  return value;
}

function configProperties(type: GuestType): Readonly<Record<string, ValueSpec>> {
  const endpoint = endpoints[`GET /nodes/{node}/${type}/{vmid}/config`];
  return endpoint?.returns.properties ?? {};
}

const PROPERTIES = {
  qemu: configProperties('qemu'),
  lxc: configProperties('lxc'),
};

/** A config (or snapshot config) as the API answers it. */
export function typedConfig(
  type: GuestType,
  config: Readonly<Record<string, string>>,
): Record<string, string | number> {
  const properties = PROPERTIES[type];
  const result: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(config)) result[key] = typed(properties[key], value);
  return result;
}

/** Pending entries with their current and pending values typed like the config's. */
export function typedPending(type: GuestType, entries: readonly PendingEntry[]) {
  const properties = PROPERTIES[type];
  return entries.map((entry) => {
    const spec = properties[entry.key];
    const result: Record<string, string | number> = { ...entry };
    if (entry.value !== undefined) result.value = typed(spec, entry.value);
    if (entry.pending !== undefined) result.pending = typed(spec, entry.pending);
    return result;
  });
}
