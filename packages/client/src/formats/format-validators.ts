/**
 * The checks some named formats run after parsing (pve-common `register_format` with a
 * validator). Each returns Proxmox's message, or `undefined`.
 */
type FormatValidator = (raw: Readonly<Record<string, string>>) => string | undefined;

const validators: Readonly<Record<string, FormatValidator>> = {
  // pve-storage `validate_prune_backups`.
  'prune-backups': (raw) => {
    const keepAll = raw['keep-all'] === '1';
    const others = Object.entries(raw).filter(
      ([key, value]) => key !== 'keep-all' && Number(value) > 0,
    );
    return keepAll && others.length > 0
      ? 'keep-all cannot be set together with other options.'
      : undefined;
  },
  // qemu-server `validate_cpu_conf`.
  // Limitation: `validate_vm_cpu_conf` also refuses unknown CPU models and flags outside a
  // short list; those reach the user as the server's 400.
  'pve-vm-cpu-conf': (raw) => (raw.cputype ? undefined : 'CPU is missing cputype'),
};

export function checkFormatValidator(
  formatId: string,
  raw: Readonly<Record<string, string>>,
): string | undefined {
  return validators[formatId]?.(raw);
}
