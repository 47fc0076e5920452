// The privileges of Proxmox VE 9.1 (`valid_privs` in pve-access-control AccessControl.pm).
const PRIVILEGES = [
  'VM.Allocate',
  'VM.Audit',
  'VM.Backup',
  'VM.Clone',
  'VM.Config.CDROM',
  'VM.Config.CPU',
  'VM.Config.Cloudinit',
  'VM.Config.Disk',
  'VM.Config.HWType',
  'VM.Config.Memory',
  'VM.Config.Network',
  'VM.Config.Options',
  'VM.Console',
  'VM.GuestAgent.Audit',
  'VM.GuestAgent.FileRead',
  'VM.GuestAgent.FileSystemMgmt',
  'VM.GuestAgent.FileWrite',
  'VM.GuestAgent.Unrestricted',
  'VM.Migrate',
  'VM.PowerMgmt',
  'VM.Replicate',
  'VM.Snapshot',
  'VM.Snapshot.Rollback',
  'Sys.Audit',
  'Sys.Console',
  'Sys.Syslog',
  'Sys.Modify',
  'Sys.PowerMgmt',
  'Sys.Incoming',
  'Sys.AccessNetwork',
  'Datastore.Allocate',
  'Datastore.AllocateSpace',
  'Datastore.AllocateTemplate',
  'Datastore.Audit',
  'SDN.Allocate',
  'SDN.Audit',
  'SDN.Use',
  'User.Modify',
  'Group.Allocate',
  'Realm.Allocate',
  'Realm.AllocateUser',
  'Pool.Allocate',
  'Pool.Audit',
  'Mapping.Audit',
  'Mapping.Modify',
  'Mapping.Use',
  'Permissions.Modify',
] as const;

// Which privileges each `cap` section shows (`compute_api_permission`, RPCEnvironment.pm).
const SECTIONS: Readonly<Record<string, RegExp>> = {
  vms: /^(VM\.|Permissions\.Modify)/,
  access: /^((User|Group)\.|Permissions\.Modify)/,
  storage: /^(Datastore\.|Permissions\.Modify)/,
  nodes: /^(Sys\.|Permissions\.Modify)/,
  sdn: /^(SDN\.|Permissions\.Modify)/,
  dc: /^(Sys\.Audit|Sys\.Modify|SDN\.)/,
  mapping: /^(Mapping\.|Permissions\.Modify)/,
};

export type Capabilities = Record<string, Record<string, 1>>;

/**
 * The `cap` object of a login answer: per section, the privileges the user holds anywhere.
 * Limitation: only root@pam is granted privileges; other users get empty sections until the
 * ACL-based permission evaluator is wired into login.
 */
export function capabilities(userid: string): Capabilities {
  const held: readonly string[] = userid === 'root@pam' ? PRIVILEGES : [];
  const cap: Capabilities = {};
  for (const [section, pattern] of Object.entries(SECTIONS)) {
    cap[section] = Object.fromEntries(
      held.filter((privilege) => pattern.test(privilege)).map((p) => [p, 1 as const]),
    );
  }
  return cap;
}
