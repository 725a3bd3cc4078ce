import { inUtc, type MomentStyle } from '../time-format.js';
import { html, type SafeHtml } from './html.js';

/**
 * A moment as `<time>`: written in UTC by the server, then rewritten in the viewer's time zone
 * by `/assets/local-time.js` (which every page loads).
 */
export function localTime(epochMs: number, style: MomentStyle = 'date-time'): SafeHtml {
  return html`<time datetime="${new Date(epochMs).toISOString()}" data-local="${style}">${inUtc(epochMs, style)}</time>`;
}
