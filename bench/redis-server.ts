import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { connect, createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient } from 'redis';

/** The bench's own redis-server: loopback, a free port, persistence off. */
export interface RedisServer {
  url: string;
  /** A client of the bench itself, for INFO, MEMORY USAGE and the like. */
  client: ReturnType<typeof createClient>;
  /** `redis_version` of the server. */
  version: string;
  stop(): Promise<void>;
}

/** Starts redis-server, or throws a one-line instruction when it is not installed. */
export async function startRedisServer(): Promise<RedisServer> {
  if (spawnSync('redis-server', ['--version']).error) {
    throw new Error("The bench needs redis-server: install it ('sudo apt-get install -y redis-server' on Debian/Ubuntu, 'brew install redis' on macOS) and run it again.");
  }
  const port = await freePort();
  const server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const url = `redis://127.0.0.1:${port}`;
  await waitForPort(port);
  const client = createClient({ url, name: 'bench-runner' });
  await client.connect();
  const version = /redis_version:(\S+)/.exec(await client.info('server'))?.[1] ?? 'unknown';
  return {
    url,
    client,
    version,
    async stop() {
      await client.close();
      const exited = once(server, 'exit');
      server.kill('SIGTERM');
      await exited;
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

async function waitForPort(port: number): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => resolve(socket.end() !== undefined));
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await sleep(50);
  }
  throw new Error(`redis-server did not listen on port ${port}`);
}
