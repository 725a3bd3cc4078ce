import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Someone else's site on a free loopback port, serving the one page the test gives it. */
export interface OtherSite {
  port: number;
  /** Serves a page with one form that posts `fields` to `action` when its button is clicked. */
  showForm(action: string, fields: Record<string, string>): void;
  close(): Promise<void>;
}

/** Starts the other site (no CSP of its own: it is the attacker's). */
export async function startOtherSite(): Promise<OtherSite> {
  let page = '';
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(page));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    showForm(action, fields) {
      const inputs = Object.entries(fields).map(([name, value]) => `<input type="hidden" name="${name}" value="${value}">`);
      page = `<!doctype html><title>Win a prize</title><form method="post" action="${action}">${inputs.join('')}<button>Claim your prize</button></form>`;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
