// Written at deploy time from nginx/config.js.template (serve.mjs serves it from there too); this
// default calls the API on the page's own origin, where the web server passes /api/ on.
window.BENGKEL_CONFIG = { apiBaseUrl: '', currency: 'IDR' };
