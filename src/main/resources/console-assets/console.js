// Progressive enhancement only: every page works without this. Parts marked data-refresh are fetched again every
// data-every ms and swapped in place (the overview's figures); a lost session reloads the page (to the sign-in).
document.addEventListener('DOMContentLoaded', () => {
  document.querySelectorAll('[data-refresh]').forEach((part) => {
    const every = Number(part.dataset.every || 5000);
    let refreshed = 0;
    const refresh = async () => {
      try {
        const response = await fetch(part.dataset.refresh, { credentials: 'same-origin', redirect: 'manual' });
        if (response.type === 'opaqueredirect' || response.status === 401 || response.status === 403) {
          window.location.reload();
          return;
        }
        if (response.ok) {
          part.innerHTML = await response.text();
          part.dataset.refreshed = String(++refreshed);
        }
      } catch (e) {
        part.dataset.error = String(e);
      }
      setTimeout(refresh, every);
    };
    setTimeout(refresh, every);
  });
});
