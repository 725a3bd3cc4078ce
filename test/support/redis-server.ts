import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'redis';

/** How long (ms) a starting redis-server may take to answer PING. */
const START_TIMEOUT = 10_000;

/** One connected node-redis client, as `RedisServer.use` lends it. */
export type RedisAdminClient = ReturnType<typeof createClient>;

/** How a test wants its server started. */
export interface RedisServerOptions {
  /** Loopback port to listen on. @default a free one */
  port?: number;
  /**
   * More `redis-server` arguments, after the defaults (port, loopback, no persistence, its own
   * temp dir as working directory: relative file names such as a cluster config land there).
   */
  args?: string[];
}

/**
 * A real `redis-server` (the Debian package) on a free loopback port, with persistence off,
 * started for a test file and always stopped after it. It can be flushed, killed (SIGKILL)
 * and restarted on the same port, so tests can take the store away from running apps.
 */
export class RedisServer {
  private child?: ChildProcess;
  private readonly dir = mkdtempSync(join(tmpdir(), 'redis-test-'));
  private readonly killOnExit = () => this.child?.kill('SIGKILL');

  private constructor(
    readonly port: number,
    private readonly extraArgs: string[],
  ) {}

  /** Starts a server on a free port; fails with a one-line instruction when redis-server is missing. */
  static async start(options: RedisServerOptions = {}): Promise<RedisServer> {
    if (spawnSync('redis-server', ['--version']).error) {
      throw new Error("redis-server is not on PATH: run 'npm test' (scripts/provision.sh installs it) or 'sudo apt-get install -y redis-server'.");
    }
    const server = new RedisServer(options.port ?? (await freePorts(1))[0]!, options.args ?? []);
    process.once('exit', server.killOnExit);
    await server.launch();
    return server;
  }

  /** `redis://` URL of the server. */
  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Runs `task` with a fresh client of the server, closed afterwards. */
  async use<T>(task: (client: RedisAdminClient) => Promise<T>): Promise<T> {
    const client = createClient({ url: this.url, socket: { reconnectStrategy: false } });
    client.on('error', () => undefined);
    await client.connect();
    try {
      return await task(client);
    } finally {
      client.destroy();
    }
  }

  /** Deletes every key (FLUSHALL). */
  async flushAll(): Promise<void> {
    await this.use((client) => client.flushAll());
  }

  /** Calls per command since start or the last `CONFIG RESETSTAT` (`INFO commandstats`), e.g. `{ hgetall: 12 }`. */
  async commandStats(): Promise<Record<string, number>> {
    const info = await this.use((client) => client.info('commandstats'));
    const stats: Record<string, number> = {};
    for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) stats[match[1]] = Number(match[2]);
    return stats;
  }

  /** Resets the command statistics. */
  async resetStats(): Promise<void> {
    await this.use((client) => client.configResetStat());
  }

  /** Kills the server at once (SIGKILL): clients see their connections drop with no goodbye. */
  async kill(): Promise<void> {
    await this.terminate('SIGKILL');
  }

  /** Starts the server again on the same port, empty. */
  async restart(): Promise<void> {
    if (this.child) await this.terminate('SIGKILL');
    await this.launch();
  }

  /** Stops the server for good. */
  async stop(): Promise<void> {
    process.off('exit', this.killOnExit);
    if (this.child) await this.terminate('SIGTERM');
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async launch(): Promise<void> {
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.dir, '--loglevel', 'warning', ...this.extraArgs];
    const child = spawn('redis-server', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    killWhenThisProcessEnds(child);
    this.child = child;
    const deadline = Date.now() + START_TIMEOUT;
    while (!(await answersPing(this.port))) {
      if (child.exitCode !== null || Date.now() > deadline) {
        child.kill('SIGKILL');
        this.child = undefined;
        throw new Error(`redis-server did not start on port ${this.port}: ${stderr.trim() || `exit code ${child.exitCode}`}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  private async terminate(signal: NodeJS.Signals): Promise<void> {
    const child = this.child!;
    this.child = undefined;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  }
}

/**
 * Starts a watchdog that SIGKILLs `child` once this process is gone, however it ended: the
 * 'exit' listener covers a normal exit only, and vitest ends its workers with a signal. The
 * watchdog (a detached `sh` polling once a second) ends with the child.
 */
function killWhenThisProcessEnds(child: ChildProcess): void {
  const script = 'while kill -0 "$0" 2>/dev/null; do sleep 1; done; kill -9 "$1" 2>/dev/null';
  const watchdog = spawn('sh', ['-c', script, String(process.pid), String(child.pid)], { stdio: 'ignore', detached: true });
  watchdog.unref();
  child.once('exit', () => watchdog.kill('SIGKILL'));
}

/** Whether a server on `port` answers `PING` with `+PONG`. */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.on('data', (chunk) => {
      reply += chunk;
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
    socket.connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
  });
}

/** `count` distinct loopback ports nobody listens on right now (all probed at once, so none repeats). */
export async function freePorts(count: number): Promise<number[]> {
  const probes = Array.from({ length: count }, () => createServer());
  try {
    return await Promise.all(
      probes.map(
        (probe) =>
          new Promise<number>((resolve, reject) => {
            probe.once('error', reject);
            probe.listen(0, '127.0.0.1', () => resolve((probe.address() as { port: number }).port));
          }),
      ),
    );
  } finally {
    await Promise.all(probes.map((probe) => new Promise((resolve) => (probe.listening ? probe.close(resolve) : resolve(undefined)))));
  }
}
