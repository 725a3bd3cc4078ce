import type { Request } from 'express';

/**
 * Whether the request is one of the JSON API's (`/api/...`): those get the exceptions' JSON
 * bodies, the pages get pages and redirects. Reads `originalUrl`: a middleware mounted on a
 * path sees `path` relative to its mount point.
 */
export function isApiRequest(req: Request): boolean {
  return req.originalUrl.startsWith('/api/');
}
