import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * The pages' Content-Security-Policy: everything from the app's own origin, nothing inline.
 * Scripts and styles are same-origin files under `/assets/` (no inline `<script>`, `<style>`,
 * `style=` or `on…=` handlers), forms post only to the app, and no other site may frame it.
 * No `upgrade-insecure-requests`: the sample is also served over plain http://127.0.0.1.
 */
const CONTENT_SECURITY_POLICY = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'"],
  'img-src': ["'self'"],
  'connect-src': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'base-uri': ["'none'"],
  'object-src': ["'none'"],
};

/**
 * helmet's security headers (HSTS, `X-Content-Type-Options: nosniff`, `Referrer-Policy`,
 * cross-origin isolation headers, …) with `CONTENT_SECURITY_POLICY` instead of its default policy.
 */
export function securityHeaders(): RequestHandler {
  return helmet({ contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY } });
}
