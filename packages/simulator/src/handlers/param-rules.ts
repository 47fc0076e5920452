import { param } from '../router/validate.js';

// Parameters several access endpoints share, as the 9.1 schema defines them.
export const USERID = param.string({ maxLength: 64, format: 'pve-userid' });
export const TOKENID = param.string();
export const GROUPID = param.string({ format: 'pve-groupid' });
export const OPTIONAL_BOOLEAN = param.boolean({ optional: true });
export const EXPIRE = param.integer({ optional: true, minimum: 0 });
