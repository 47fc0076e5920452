// Runs inside an empty project where only the packed tarballs are installed: every import below
// resolves through the published exports maps to dist/, exactly as a user's would.
import { startSimulator } from '@pvekit/simulator';
import { ProxmoxAuthenticationError, ProxmoxClient, VERSION } from 'pvekit';
import * as formats from 'pvekit/formats';

interface VersionInfo {
  readonly version: string;
  readonly release: string;
}

const sim = await startSimulator({ port: 0 });
try {
  const token = await sim.simulator.access.createToken('root@pam', 'smoke');
  const client = new ProxmoxClient({
    baseUrl: sim.url,
    auth: token,
    tls: { fingerprint: sim.fingerprint },
  });
  const version = await client.get<VersionInfo>('/version');
  if (typeof version.version !== 'string' || version.version === '') {
    throw new Error(`GET /version answered without a version: ${JSON.stringify(version)}`);
  }

  // A wrong secret must come back as the typed error, proving the error classes are shared.
  const stranger = new ProxmoxClient({
    baseUrl: sim.url,
    auth: { tokenId: token.tokenId, secret: '00000000-0000-0000-0000-000000000000' },
    tls: { fingerprint: sim.fingerprint },
    retry: false,
  });
  const refused = await stranger.get('/version').then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(refused instanceof ProxmoxAuthenticationError) || refused.status !== 401) {
    throw new Error(`a wrong token secret was not refused with 401: ${String(refused)}`);
  }
  await Promise.all([client.close(), stranger.close()]);

  console.log(
    JSON.stringify({
      pvekit: VERSION,
      node: version.version,
      formatsExports: Object.keys(formats).length,
    }),
  );
} finally {
  await sim.close();
}
