/** A SHA-256 fingerprint as 64 uppercase hex digits, or undefined when `text` is not one. */
export function normalizeFingerprint(text: string): string | undefined {
  const hex = text.trim().replace(/:/g, '').toUpperCase();
  return /^[0-9A-F]{64}$/.test(hex) ? hex : undefined;
}

/** `AA:BB:…`, the form Proxmox shows in the GUI and in `GET /nodes`. */
export function formatFingerprint(hex: string): string {
  return hex.match(/../g)?.join(':') ?? hex;
}
