import { CSRF_FIELD } from '../security/csrf-tokens.js';
import { html, type SafeHtml } from './html.js';

/** The hidden field that every form posts: the session's CSRF token. */
export function csrfField(csrfToken: string): SafeHtml {
  return html`<input type="hidden" name="${CSRF_FIELD}" value="${csrfToken}">`;
}

/** A one-button form that posts to `action` with the session's CSRF token. */
export function postButton(form: { action: string; csrfToken: string; label: string; buttonClass: string }): SafeHtml {
  return html`<form class="inline" method="post" action="${form.action}">${csrfField(form.csrfToken)}<button class="${form.buttonClass}" type="submit">${form.label}</button></form>`;
}
