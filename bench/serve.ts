// The benchmark's server: a simulator in a process of its own, so the server's work and the
// client's run side by side on two cores instead of taking turns on one event loop.
// Prints one JSON line (where it listens and a token to use), then serves until stdin closes.
import { startSimulator } from '@pvekit/simulator';

const sim = await startSimulator({ port: 0 });
// privsep off: the token has root's rights, so no case measures a permission refusal.
const token = await sim.simulator.access.createToken('root@pam', 'bench', { privsep: false });
process.stdout.write(
  `${JSON.stringify({
    url: sim.url,
    fingerprint: sim.fingerprint,
    certificate: sim.certificate,
    tokenId: token.tokenId,
    secret: token.secret,
  })}\n`,
);

// The parent closes stdin when it is done, or dies: either way the server goes with it.
process.stdin.resume();
process.stdin.once('close', () => {
  void sim.close().then(() => process.exit(0));
});
