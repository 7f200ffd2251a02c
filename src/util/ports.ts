/** Whether a server could bind a port: the one probe behind pre-flight checks, scaffold warnings and cluster up. */
import { createServer } from 'node:net';

export type PortCheck = 'free' | 'in-use' | 'denied';

/** Tries to bind host:port the way the server will (empty host = all interfaces). */
export function checkPort(host: string, port: number): Promise<PortCheck> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', (err: NodeJS.ErrnoException) => {
      resolve(err.code === 'EADDRINUSE' ? 'in-use' : err.code === 'EACCES' ? 'denied' : 'free');
    });
    server.listen({ port, host: host === '' ? undefined : host, exclusive: true }, () => server.close(() => resolve('free')));
  });
}

/** True when nothing holds host:port (we can bind it ourselves). */
export async function portIsFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return (await checkPort(host, port)) === 'free';
}
