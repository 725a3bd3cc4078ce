import type { Flash } from '../flash.js';
import type { User } from '../users.js';
import { postButton } from './forms.js';
import { html, type SafeHtml } from './html.js';
import { localTime } from './local-time.js';

/** What every page shows around its content: signed in, the header has navigation and a Sign out form. */
export type PageFrame = FrameBase & ({ user?: undefined } | SignedInFrame);

/** The signed-in user, for the navigation bar, and the session's CSRF token for its Sign out form. */
interface SignedInFrame {
  user: User;
  csrfToken: string;
}

interface FrameBase {
  title: string;
  /** Which navigation link is the current page. */
  active?: 'home' | 'sessions';
  flash?: Flash;
  /** A narrow centred column (the login page). */
  narrow?: boolean;
}

/** A whole HTML document: header with navigation, the one-time notice, the content. */
export function layout(frame: PageFrame, content: SafeHtml): string {
  const { active } = frame;
  const user = frame.user ? frame : undefined;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${frame.title} · Acme Cloud</title>
<link rel="stylesheet" href="/assets/styles.css">
<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
<script type="module" src="/assets/local-time.js"></script>
${user ? html`<script type="module" src="/assets/live-sign-out.js"></script>` : ''}
</head>
<body>
<header><div class="bar">
  <a class="brand" href="/"><span class="logo"></span>Acme Cloud</a>
  <nav>${user ? html`<a href="/" class="${active === 'home' ? 'active' : ''}">Home</a><a href="/sessions" class="${active === 'sessions' ? 'active' : ''}">Your sessions</a>` : ''}</nav>
  ${user ? html`<div class="who">Signed in as <strong>${user.user.username}</strong>
    ${postButton({ action: '/logout', csrfToken: user.csrfToken, label: 'Sign out', buttonClass: 'link' })}</div>` : ''}
</div></header>
<main class="${frame.narrow ? 'narrow' : ''}">
${frame.flash ? html`<div class="notice ${frame.flash.tone}" role="status">${noticeText(frame.flash.text)}</div>` : ''}
${content}
</main>
<footer>A demo of <a href="https://www.npmjs.com/package/nestjs-single-session">nestjs-single-session</a> for NestJS.</footer>
</body>
</html>`.value;
}

/** A notice's text, its moments as `<time>` in the viewer's time zone. */
function noticeText(text: Flash['text']): SafeHtml {
  const parts = typeof text === 'string' ? [text] : text;
  return html`${parts.map((part) => (typeof part === 'string' ? part : localTime(part.at, 'time')))}`;
}
