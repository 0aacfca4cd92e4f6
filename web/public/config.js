// Written at deploy time from nginx/config.js.template; this default suits a local run.
window.BENGKEL_CONFIG = { apiBaseUrl: 'http://localhost:5000', currency: 'IDR' };
