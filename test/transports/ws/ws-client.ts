import { WebSocket } from 'ws';

/** One message from a `ws` gateway: `{ event, data }`. */
export interface GatewayMessage {
  event: string;
  data: any;
}

/** A `ws` client of a gateway: it sends `{ event, data }` messages and reads the answers in order. */
export class WsClient {
  private readonly received: GatewayMessage[] = [];
  private waiting?: (message: GatewayMessage) => void;

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (raw) => {
      const message = JSON.parse(String(raw)) as GatewayMessage;
      if (this.waiting) this.waiting(message);
      else this.received.push(message);
    });
  }

  /** Opens a connection to `url` with `headers` on its upgrade request. */
  static async open(url: string, headers: Record<string, string>): Promise<WsClient> {
    const socket = new WebSocket(url, { headers });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    return new WsClient(socket);
  }

  /** Sends `event` and waits for the next message from the gateway. */
  ask(event: string): Promise<GatewayMessage> {
    this.socket.send(JSON.stringify({ event, data: {} }));
    const next = this.received.shift();
    if (next) return Promise.resolve(next);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer to ${event}`)), 5000);
      this.waiting = (message) => {
        clearTimeout(timer);
        this.waiting = undefined;
        resolve(message);
      };
    });
  }

  /** Closes the connection. */
  close(): void {
    this.socket.close();
  }
}
