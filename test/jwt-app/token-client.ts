import { Browser, type Reply } from '../support/browser.js';
import { openEventStream, type EventStream } from '../support/event-stream.js';
import { signIn } from '../session-app/session-client.js';

/** A client of the JWT app (one device): it keeps the bearer token its last login returned. */
export class TokenClient {
  /** The bearer token this client sends: its last login's. */
  token?: string;
  /** `handle` and `loginAt` of the last successful login. */
  session?: { handle: string; loginAt: number };

  constructor(
    private readonly baseUrl: string,
    readonly userAgent?: string,
  ) {}

  /** Logs in as `username` through `path`; on success keeps the token. */
  async login(username: string, path = '/login'): Promise<Reply> {
    const reply = await signIn(new Browser(this.baseUrl, this.userAgent), username, path);
    if (reply.status === 200) {
      this.token = reply.body.access_token;
      this.session = { handle: reply.body.handle, loginAt: reply.body.loginAt };
    }
    return reply;
  }

  /** Uses this token (say, one minted by the test). */
  useToken(token: string): this {
    this.token = token;
    return this;
  }

  get(path: string): Promise<Reply> {
    return this.request('GET', path);
  }

  post(path: string): Promise<Reply> {
    return this.request('POST', path);
  }

  /** Opens a stream of server-sent events at `path` with the bearer token (as a `fetch`-based event source does). */
  eventStream(path: string): Promise<EventStream> {
    return openEventStream(this.baseUrl + path, this.authorization());
  }

  private request(method: string, path: string): Promise<Reply> {
    const browser = new Browser(this.baseUrl, this.userAgent);
    return browser.request(method, path, undefined, this.authorization());
  }

  private authorization(): Record<string, string> {
    return this.token ? { authorization: `Bearer ${this.token}` } : {};
  }
}
