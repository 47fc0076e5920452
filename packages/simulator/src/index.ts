import { VERSION } from 'pvekit';

export const CLIENT_VERSION = VERSION;
