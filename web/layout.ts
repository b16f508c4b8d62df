// The frame every page shares: Det Fælles Designsystem's stylesheet and script (served from the dkfds
// package, web/plugin.ts), htmx, a skip link, the solution header with who is logged in, and the menu
// showing only what the person's roles open. All text Danish; <html lang="da">. The CSRF token rides in
// a meta tag and htmx sends it as X-CSRF-Token on every unsafe request (api/auth/sessions.ts checks it).
import { hasRole, type Principal, type Role } from '../api/principal.js';
import { html, type Html } from './html.js';

export type Section = 'restpostkasse' | 'fejlede' | 'regler' | 'statistik' | 'revision' | 'drift';

export const SECTIONS: readonly { id: Section; title: string; path: string; roles: readonly Role[] }[] = [
  { id: 'restpostkasse', title: 'Restpostkasse', path: '/restpostkasse', roles: ['administrator', 'journal', 'staff'] },
  { id: 'fejlede', title: 'Fejlede forsendelser', path: '/fejlede', roles: ['administrator', 'journal'] },
  { id: 'regler', title: 'Regler', path: '/regler', roles: ['administrator', 'journal'] },
  { id: 'statistik', title: 'Statistik', path: '/statistik', roles: ['administrator', 'journal'] },
  { id: 'revision', title: 'Revision', path: '/revision', roles: ['administrator', 'auditor'] },
  { id: 'drift', title: 'Drift', path: '/drift', roles: ['administrator'] },
];

/** The sections a person may open, in menu order. */
export const sectionsFor = (principal: Principal) => SECTIONS.filter((s) => hasRole(principal, ...s.roles));

export interface PageInput {
  title: string;
  principal: Principal;
  active?: Section;
  /** The session's CSRF token (absent for bearer clients, who never post from a page). */
  csrfToken?: string;
  body: Html;
}

export function page({ title, principal, active, csrfToken, body }: PageInput): Html {
  const menu = sectionsFor(principal).map(
    (s) => html`<li class="${s.id === active ? 'active current' : ''}"><a href="${s.path}" class="nav-link"${s.id === active ? html` aria-current="page"` : ''}><span>${s.title}</span></a></li>`,
  );
  return html`<!DOCTYPE html>
<html lang="da">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${csrfToken ? html`<meta name="csrf-token" content="${csrfToken}">` : ''}
<title>${title} – Fordeler</title>
<link rel="stylesheet" href="/assets/dkfds/css/dkfds.min.css">
<link rel="stylesheet" href="/assets/fordeler.css">
<script src="/assets/htmx/htmx.min.js" defer></script>
<script src="/assets/fordeler.js" defer></script>
</head>
<body>
<a class="skipnav" href="#main-content">Gå til sidens indhold</a>
<header class="header">
  <div class="solution-info">
    <div class="solution-info-inner container">
      <div class="solution-heading"><a href="/" aria-label="Fordeler – forsiden">Fordeler</a></div>
      <div class="solution-user">
        <p><strong class="authority-name">${principal.displayName}</strong></p>
        <button class="button button-secondary" type="button" data-logout>Log ud</button>
      </div>
    </div>
  </div>
  <nav class="nav" aria-label="Hovedmenu">
    <div class="navigation-menu"><div class="navigation-menu-inner container"><ul class="mainmenu">${menu}</ul></div></div>
  </nav>
</header>
<main class="container page-container" id="main-content">
<h1>${title}</h1>
${body}
</main>
</body>
</html>`;
}

/** A small page for "not found" and "no access", in the same frame. */
export function messagePage(input: Omit<PageInput, 'body'> & { message: string }): Html {
  return page({ ...input, body: html`<div class="alert alert-info" role="status"><div class="alert-body"><p class="alert-text">${input.message}</p></div></div>` });
}
