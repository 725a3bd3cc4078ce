import { Browser, type Reply } from '../support/browser.js';

/**
 * A non-browser client of the sample's JSON API, with its own cookie jar: before each POST it
 * asks `GET /api/csrf` for its session's token and sends it in `X-CSRF-Token`, as the README says.
 */
export class ApiClient {
  /** The underlying cookie jar and HTTP calls, for requests that leave the token out. */
  readonly http: Browser;

  constructor(baseUrl: string, userAgent: string) {
    this.http = new Browser(baseUrl, userAgent);
  }

  /** A GET with the client's cookies. */
  get(path: string): Promise<Reply> {
    return this.http.get(path);
  }

  /** A POST with the client's cookies and its session's CSRF token. */
  async post(path: string, body?: unknown): Promise<Reply> {
    return this.http.post(path, body, { 'x-csrf-token': await this.csrfToken() });
  }

  /** The token of the client's session now. */
  async csrfToken(): Promise<string> {
    return (await this.http.get('/api/csrf')).body.token;
  }
}
