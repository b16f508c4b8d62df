// Fordeler's only page script: htmx sends the session's CSRF token (from <meta name="csrf-token">) as
// X-CSRF-Token on every request it makes; forms posted without htmx carry it as a hidden field.
document.addEventListener('htmx:configRequest', (event) => {
  const meta = document.querySelector('meta[name="csrf-token"]');
  if (meta) event.detail.headers['X-CSRF-Token'] = meta.getAttribute('content');
});
