import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { freePorts, RedisServer } from './redis-server.js';

/** Masters of the cluster; no replicas. */
const MASTERS = 3;
/**
 * `cluster-node-timeout` (ms): shorter than the default 15 s, so the nodes gossip often enough to
 * agree on the new slots in about 2 s instead of 2–5 s, yet long enough that a busy test machine
 * does not make a node look failed.
 */
const NODE_TIMEOUT = 2000;
/** How long (ms) `redis-cli --cluster create` and the nodes' agreement may take. */
const FORM_TIMEOUT = 30_000;

/** Host and port of one cluster node, the shape ioredis' `Redis.Cluster` takes. */
export interface ClusterNodeAddress {
  host: string;
  port: number;
}

/**
 * A real Redis Cluster for a test file: three masters, each a `redis-server --cluster-enabled yes`
 * on free loopback ports (client and bus port), persistence off, its own temp dir (where its
 * `nodes.conf` goes), joined with `redis-cli --cluster create` and ready once every node reports
 * `cluster_state:ok`. Every process is killed on `stop()`, or when the test process exits.
 */
export class RedisCluster {
  private constructor(
    /** The masters, in the order their slots were assigned. */
    readonly nodes: readonly RedisServer[],
  ) {}

  /** Starts and forms the cluster; fails with a one-line instruction when redis-server or redis-cli is missing. */
  static async start(): Promise<RedisCluster> {
    if (spawnSync('redis-cli', ['--version']).error) {
      throw new Error("redis-cli is not on PATH: run 'npm test' (scripts/provision.sh installs it) or 'sudo apt-get install -y redis-tools'.");
    }
    const ports = await freePorts(2 * MASTERS);
    const started = await Promise.allSettled(
      Array.from({ length: MASTERS }, (_, i) =>
        RedisServer.start({
          port: ports[2 * i],
          args: [
            '--cluster-enabled', 'yes',
            '--cluster-port', String(ports[2 * i + 1]),
            '--cluster-config-file', 'nodes.conf',
            '--cluster-node-timeout', String(NODE_TIMEOUT),
          ],
        }),
      ),
    );
    const cluster = new RedisCluster(started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : [])));
    try {
      const failed = started.find((result) => result.status === 'rejected');
      if (failed) throw failed.reason;
      await cluster.form();
      return cluster;
    } catch (error) {
      await cluster.stop();
      throw error;
    }
  }

  /** Host and port of every master, for `new Redis.Cluster(cluster.addresses)` (ioredis). */
  get addresses(): ClusterNodeAddress[] {
    return this.nodes.map(({ port }) => ({ host: '127.0.0.1', port }));
  }

  /** `redis://` URL of every master, for `createCluster({ rootNodes: cluster.urls.map((url) => ({ url })) })` (node-redis). */
  get urls(): string[] {
    return this.nodes.map((node) => node.url);
  }

  /** Deletes every key on every master (FLUSHALL each). */
  async flushAll(): Promise<void> {
    await Promise.all(this.nodes.map((node) => node.flushAll()));
  }

  /** Calls per command summed over the masters (`INFO commandstats` of each), e.g. `{ evalsha: 3 }`. */
  async commandStats(): Promise<Record<string, number>> {
    const total: Record<string, number> = {};
    for (const stats of await Promise.all(this.nodes.map((node) => node.commandStats()))) {
      for (const [command, calls] of Object.entries(stats)) total[command] = (total[command] ?? 0) + calls;
    }
    return total;
  }

  /** Resets the command statistics of every master. */
  async resetStats(): Promise<void> {
    await Promise.all(this.nodes.map((node) => node.resetStats()));
  }

  /** Stops every node, whatever happens to the others. */
  async stop(): Promise<void> {
    await Promise.allSettled(this.nodes.map((node) => node.stop()));
  }

  /** Assigns the slots with `redis-cli --cluster create` and waits until every node agrees the cluster is up. */
  private async form(): Promise<void> {
    const hosts = this.addresses.map(({ host, port }) => `${host}:${port}`);
    try {
      await promisify(execFile)('redis-cli', ['--cluster', 'create', ...hosts, '--cluster-replicas', '0', '--cluster-yes'], { timeout: FORM_TIMEOUT });
    } catch (error) {
      const { stdout, stderr } = error as { stdout?: string; stderr?: string };
      throw new Error(`redis-cli --cluster create failed: ${(stderr || stdout || String(error)).trim()}`);
    }
    const deadline = Date.now() + FORM_TIMEOUT;
    while (!(await this.isUp())) {
      if (Date.now() > deadline) throw new Error(`the cluster on ports ${hosts.join(', ')} did not reach cluster_state:ok`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Whether every node reports `cluster_state:ok` and knows all the masters. */
  private async isUp(): Promise<boolean> {
    const infos = await Promise.all(this.nodes.map((node) => node.use((client) => client.sendCommand(['CLUSTER', 'INFO']))));
    return infos.every((info) => /^cluster_state:ok\r?$/m.test(String(info)) && new RegExp(`^cluster_known_nodes:${MASTERS}\\r?$`, 'm').test(String(info)));
  }
}
