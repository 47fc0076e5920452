import type { ConnectionFlags } from '../connection/flags.js';
import { openSession, type Session } from '../connection/open.js';
import type { CliIo } from '../io.js';

/** Runs `work` with an open session and always closes it (keeping a renewed ticket). */
export async function withSession<T>(
  flags: ConnectionFlags,
  io: CliIo,
  work: (session: Session) => Promise<T>,
): Promise<T> {
  const session = await openSession(flags, io);
  try {
    return await work(session);
  } finally {
    await session.close();
  }
}
