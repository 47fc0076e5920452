/**
 * Named string formats whose Proxmox validators are long parsers (calendar events, firewall
 * specs, PEM blobs) or live in code we have not mirrored line by line. These check the shape
 * only, with our own wording.
 *
 * Limitation: these accept some values Proxmox refuses (e.g. a calendar event `mon..fri`
 * passes here), and their messages are ours, not Proxmox's; the server has the last word.
 */
import { IPV4_RE, IPV6_RE, isCidr } from './ip.js';

type Validator = (value: string) => string | undefined;

const check =
  (ok: (value: string) => boolean, what: string): Validator =>
  (value) =>
    ok(value) ? undefined : `value does not look like a valid ${what}: ${value}\n`;
const re = (pattern: RegExp) => (value: string) => pattern.test(value);

const isIp = (v: string): boolean => IPV4_RE.test(v) || IPV6_RE.test(v);
const isIpOrCidr = (v: string): boolean => isIp(v) || isCidr(v, 4) || isCidr(v, 6);
const DNS_NAME =
  /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?\.)*[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$/;
const VOLUME_ID = /^[a-z][a-z0-9\-_.]*[a-z0-9]:.+$/i;
const SDN_ID = /^[a-z][a-z0-9\-_.]*[a-z0-9]$/i;
const PORT_SPEC = /^(?:[\w-]+|\d+(?::\d+)?)(?:,(?:[\w-]+|\d+(?::\d+)?))*$/;
const PEM = /-----BEGIN [A-Z0-9 ]+-----[\s\S]+-----END [A-Z0-9 ]+-----/;
const HOTPLUG = /^(?:cloudinit|cpu|disk|memory|network|usb)$/;

function hotplugFeatures(value: string): string | undefined {
  if (value === '0' || value === '1') return undefined;
  for (const feature of value.split(',')) {
    if (!HOTPLUG.test(feature)) return `invalid hotplug feature '${feature}'\n`;
  }
  return undefined;
}

export const looseValidators: Readonly<Record<string, Validator>> = {
  IPorCIDR: check(isIpOrCidr, 'IP address or CIDR network'),
  IPorCIDRorAlias: check(
    (v) => isIpOrCidr(v) || /^(?:(?:dc|guest)\/)?[a-z][a-z0-9_-]+$/i.test(v),
    'IP address, CIDR network or alias',
  ),
  'graphite-path': check(re(/^[a-z0-9][a-z0-9\-_.]*$/i), 'graphite path'),
  'lxc-ip-with-ll-iface': check((v) => isIp(v.replace(/%[\w.-]+$/, '')), 'IP address'),
  'mac-prefix': check(re(/^[a-f0-9][02468ace](?::[a-f0-9]{2}){0,2}:?$/i), 'MAC prefix'),
  'pem-certificate': check(re(PEM), 'PEM certificate'),
  'pem-certificate-chain': check(re(PEM), 'PEM certificate chain'),
  'pem-string': check(re(PEM), 'PEM string'),
  'pve-acme-alias': check(re(DNS_NAME), 'domain'),
  'pve-acme-domain': check((v) => DNS_NAME.test(v.replace(/^\*\./, '')), 'domain'),
  'pve-calendar-event': check(re(/^[\w\s*:,./~-]+$/), 'calendar event'),
  'pve-command-batch': check((v) => v.trim() !== '', 'command batch'),
  'pve-ct-timezone': check(re(/^(?:host|UTC|[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)+)$/), 'time zone'),
  timezone: check(re(/^(?:UTC|[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)+)$/), 'time zone'),
  'pve-day-of-week': check(re(/^(?:mon|tue|wed|thu|fri|sat|sun)$/), 'day of week'),
  'pve-dir-override': check(re(/^[a-z]+=[^.]*(?:\.?[^.]+)+$/), 'directory override'),
  'pve-fw-addr-spec': check(
    (v) => v.split(',').every((part) => isIpOrCidr(part) || /^[+\w./:-]+$/.test(part)),
    'address specification',
  ),
  'pve-fw-conntrack-helper': check(
    re(/^(?:amanda|ftp|irc|netbios-ns|pptp|sane|sip|snmp|tftp)$/),
    'conntrack helper',
  ),
  'pve-fw-dport-spec': check(re(PORT_SPEC), 'port specification'),
  'pve-fw-sport-spec': check(re(PORT_SPEC), 'port specification'),
  'pve-fw-icmp-type-spec': check(re(/^(?:[a-z][a-z-]*|\d+(?:\/\d+)?)$/i), 'ICMP type'),
  'pve-fw-protocol-spec': check(re(/^(?:[a-z][\w-]*|\d+)$/i), 'protocol'),
  'pve-ha-node-list': check(re(/^[\w.-]+(?::\d+)?(?:[,;\s]+[\w.-]+(?::\d+)?)*$/), 'HA node list'),
  'pve-ha-resource-id': check(re(/^(?:(?:vm|ct):)?\d+$/), 'HA resource ID'),
  'pve-ha-resource-or-vm-id': check(re(/^(?:(?:vm|ct):)?\d+$/), 'HA resource ID'),
  'pve-hotplug-features': hotplugFeatures,
  'pve-lxc-dev-string': check(re(/^\/dev\/[^,]+$/), 'device path'),
  'pve-lxc-mp-string': check((v) => v !== '' && !/(?:^|\/)\.\.(?:\/|$)/.test(v), 'mount point'),
  'pve-qm-ide': check(
    (v) => v === 'none' || v === 'cdrom' || VOLUME_ID.test(v) || v.startsWith('/'),
    'volume',
  ),
  'pve-storage-path-in-property-string': check(re(/^\/[^;(),]+/), 'absolute path'),
  'pve-storage-portal-dns': check(
    (v) => isIp(v.replace(/^\[(.*)\](?::\d+)?$/, '$1')) || /^[\w.-]+(?::\d+)?$/.test(v),
    'portal address',
  ),
  'pve-sdn-bgp-rt': check(re(/^(?:\d+|[\d.]+):\d+$/), 'route target'),
  'pve-sdn-isis-net': check(re(/^[a-f0-9]{2}(?:\.[a-f0-9]{4}){3,}\.[a-f0-9]{2}$/i), 'IS-IS NET'),
  'pve-sdn-dhcp-range': check(re(/^start-address=[^,]+,end-address=[^,]+$/), 'DHCP range'),
  'pve-sdn-subnet-id': check(re(/^[a-z][a-z0-9]*-[\d.:a-f]+-\d+$/i), 'subnet ID'),
  ...Object.fromEntries(
    ['controller', 'dns', 'fabric', 'ipam', 'vnet', 'zone'].map((kind) => [
      `pve-sdn-${kind}-id`,
      check(re(SDN_ID), `SDN ${kind} ID`),
    ]),
  ),
};
