/**
 * Named formats of users, groups, roles, pools, realms, tokens and privileges, with the
 * messages of pve-access-control (`AccessControl.pm`, `Auth/Plugin.pm`).
 */
type Validator = (value: string) => string | undefined;

const fail = (message: string): string => `${message}\n`;
const matching =
  (re: RegExp, message: (value: string) => string): Validator =>
  (value) =>
    re.test(value) ? undefined : fail(message(value));

const REALM = /^[A-Za-z][A-Za-z0-9.\-_]+$/;
const USER = /^[^\s:/]+@[A-Za-z][A-Za-z0-9.\-_]+$/;
const TOKEN = /^[^\s:/]+@[A-Za-z][A-Za-z0-9.\-_]+(?:![A-Za-z][A-Za-z0-9.\-_]+)?$/;
const NAME_CHARS = /^[A-Za-z0-9.\-_]+$/;

/** FACTS §9: the privileges of Proxmox VE 9. */
const PRIVILEGES = new Set(
  [
    'VM.Allocate VM.Audit VM.Backup VM.Clone VM.Config.CDROM VM.Config.CPU VM.Config.Cloudinit',
    'VM.Config.Disk VM.Config.HWType VM.Config.Memory VM.Config.Network VM.Config.Options',
    'VM.Console VM.GuestAgent.Audit VM.GuestAgent.FileRead VM.GuestAgent.FileSystemMgmt',
    'VM.GuestAgent.FileWrite VM.GuestAgent.Unrestricted VM.Migrate VM.PowerMgmt VM.Replicate',
    'VM.Snapshot VM.Snapshot.Rollback Sys.Audit Sys.Console Sys.Syslog Sys.Modify',
    'Sys.PowerMgmt Sys.Incoming Sys.AccessNetwork Datastore.Allocate Datastore.AllocateSpace',
    'Datastore.AllocateTemplate Datastore.Audit SDN.Allocate SDN.Audit SDN.Use User.Modify',
    'Group.Allocate Realm.Allocate Realm.AllocateUser Pool.Allocate Pool.Audit Mapping.Audit',
    'Mapping.Modify Mapping.Use Permissions.Modify',
  ].flatMap((line) => line.split(' ')),
);

function verifyUserid(value: string): string | undefined {
  if (value.length < 3) return fail(`user name '${value}' is too short`);
  if (value.length > 64) return fail(`user name '${value}' is too long (${value.length} > 64)`);
  return USER.test(value)
    ? undefined
    : fail(`value '${value}' does not look like a valid user name`);
}

export const accessValidators: Readonly<Record<string, Validator>> = {
  'pve-realm': matching(REALM, () => 'value does not look like a valid realm'),
  'pve-userid': verifyUserid,
  'pve-tokenid': matching(TOKEN, (v) => `value '${v}' does not look like a valid token ID`),
  'pve-groupid': matching(NAME_CHARS, (v) => `group name '${v}' contains invalid characters`),
  'pve-roleid': matching(NAME_CHARS, (v) => `role name '${v}' contains invalid characters`),
  'pve-poolid': matching(NAME_CHARS, (v) => `pool name '${v}' contains invalid characters`),
  'pve-priv': (v) => (PRIVILEGES.has(v) ? undefined : fail(`invalid privilege '${v}'`)),
};
