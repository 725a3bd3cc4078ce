import { html } from './html.js';
import { layout } from './layout.js';

/** After a form without its session's CSRF token (out of date, or posted from another site): nothing was changed. */
export function formRefusedPage(): string {
  return layout(
    { title: 'Form refused', narrow: true },
    html`<h1>Nothing was changed</h1>
<p class="lead">This form was out of date, or it was sent from another site.</p>
<div class="card">
  <p>If you sent it yourself, open the page again and retry.</p>
  <a href="/"><button class="wide" type="button">Back to Acme Cloud</button></a>
</div>`,
  );
}
