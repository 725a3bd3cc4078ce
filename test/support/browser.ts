import { openEventStream, type EventStream } from './event-stream.js';

/** A response as the tests read it. */
export interface Reply {
  status: number;
  body: any;
  text: string;
  headers: Headers;
}

/**
 * One browser talking to an app over real HTTP: it keeps its own cookie jar, so two
 * `Browser`s are two devices and one `Browser` used twice is two tabs of the same browser.
 */
export class Browser {
  private readonly cookies = new Map<string, string>();

  constructor(
    private readonly baseUrl: string,
    readonly userAgent = 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0',
  ) {}

  /** Another browser (another device) pointed at another instance of the app, sharing nothing. */
  static at(baseUrl: string, userAgent?: string): Browser {
    return new Browser(baseUrl, userAgent);
  }

  /** The same cookie jar pointed at another instance (a load balancer sent it elsewhere). */
  via(baseUrl: string): Browser {
    const other = new Browser(baseUrl, this.userAgent);
    for (const [name, value] of this.cookies) other.cookies.set(name, value);
    return other;
  }

  get(path: string, headers: Record<string, string> = {}): Promise<Reply> {
    return this.request('GET', path, undefined, headers);
  }

  post(path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    return this.request('POST', path, body, headers);
  }

  delete(path: string, headers: Record<string, string> = {}): Promise<Reply> {
    return this.request('DELETE', path, undefined, headers);
  }

  /** Opens a stream of server-sent events at `path` with this browser's cookies, as its `EventSource` would. */
  eventStream(path: string): Promise<EventStream> {
    return openEventStream(this.baseUrl + path, { 'user-agent': this.userAgent, ...(this.cookies.size ? { cookie: this.cookieHeader() } : {}) });
  }

  /** The cookie header this browser would send. */
  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    const response = await fetch(this.baseUrl + path, {
      method,
      redirect: 'manual',
      headers: {
        'user-agent': this.userAgent,
        ...(this.cookies.size ? { cookie: this.cookieHeader() } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair.indexOf('=');
      this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    const text = await response.text();
    let parsed: any = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed, text, headers: response.headers };
  }
}
