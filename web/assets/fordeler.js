// Fordeler's only page script: htmx sends the session's CSRF token (from <meta name="csrf-token">) as
// X-CSRF-Token on every request it makes.
//
// Ordinary form posts go through htmx too. The login layer checks the token in an onRequest hook, before a
// form body is read, so a browser's own form post with only the hidden `_csrf` field is refused (403). Every
// post form without its own hx-post is therefore boosted: htmx posts it with the header, as if it were the
// browser's own post (no HX-Request header, so the page answers with its redirect or whole page, never a
// fragment), shows the answer as the page — Danish error pages included — and puts its address in the history.
document.addEventListener('htmx:configRequest', (event) => {
  const meta = document.querySelector('meta[name="csrf-token"]');
  if (meta) event.detail.headers['X-CSRF-Token'] = meta.getAttribute('content');
  if (event.detail.boosted && event.detail.verb === 'post') {
    delete event.detail.headers['HX-Request'];
    delete event.detail.headers['HX-Boosted'];
    delete event.detail.headers['HX-Target'];
    delete event.detail.headers['HX-Trigger'];
    delete event.detail.headers['HX-Trigger-Name'];
  }
});

document.addEventListener('htmx:beforeProcessNode', (event) => {
  const form = event.target;
  if (!form || form.tagName !== 'FORM') return;
  if ((form.getAttribute('method') || '').toLowerCase() !== 'post') return;
  if (form.hasAttribute('hx-post') || form.hasAttribute('hx-boost')) return;
  form.setAttribute('hx-boost', 'true');
});

// A boosted post answered with a page (403 "Ingen adgang", 404 "Ikke fundet", a form's 400) shows that page.
document.addEventListener('htmx:beforeSwap', (event) => {
  const { xhr, boosted } = event.detail;
  const type = xhr.getResponseHeader('content-type') || '';
  if (boosted && xhr.status >= 400 && type.startsWith('text/html')) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});

// "Log ud" (a button, not a form: ending a session needs the token in a header): POST /auth/logout with the
// session's token (from GET /auth/me: not every page carries it) ends the session; the browser then goes
// where it answers (the identity provider's logout, which comes back to the front page, or the front page).
document.addEventListener('click', async (event) => {
  const button = event.target && event.target.closest ? event.target.closest('[data-logout]') : null;
  if (!button) return;
  event.preventDefault();
  const me = await window.fetch('/auth/me', { credentials: 'same-origin' });
  const token = me.ok ? (await me.json()).csrfToken : undefined;
  const response = await window.fetch('/auth/logout', { method: 'POST', headers: token ? { 'X-CSRF-Token': token } : {}, credentials: 'same-origin' });
  const answer = response.ok ? await response.json() : {};
  window.location.assign(typeof answer.redirectTo === 'string' ? answer.redirectTo : '/');
});
