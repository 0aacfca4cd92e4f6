// The web server's rules, once: security headers, caching, compression, per-client rate limits
// and the /api/ proxy. Two servers follow them — nginx in the image (its template is generated
// from this module by scripts/nginx-template.mjs; a test fails if the committed one differs) and
// scripts/serve.mjs behind `npm start`, which reads this module; web/test/servers.test.ts runs
// both and compares what they answer.

/** `${NAME}` is filled from the environment when the container starts (envsubst), or by serve.mjs. */
export const CONNECT_SRC = "'self' ${API_ORIGIN}";

export const securityHeaders = {
  'Content-Security-Policy': [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    // The page calls /api/ on its own origin; a deploy-time API_BASE_URL elsewhere adds that origin.
    `connect-src ${CONNECT_SRC}`,
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join('; '),
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'X-Frame-Options': 'DENY',
};

/** Fingerprinted assets never change under their name; everything else is revalidated on every load. */
export const cacheControl = {
  assets: 'public, max-age=31536000, immutable',
  other: 'no-cache',
};

export const gzip = {
  minLength: 256,
  level: 6,
  // text/html is always compressed by nginx and need not be listed there.
  types: ['text/html', 'text/css', 'application/javascript', 'text/javascript', 'application/json', 'image/svg+xml'],
};

/**
 * Requests per second and burst per client address, answered 429 beyond (nginx's limit_req with
 * nodelay: a leaky bucket that lets `burst` requests through at once). Pages and assets are a
 * handful of requests per view; /api/ gets a wider bucket of its own, because a page plus its
 * lists, pickers and search-as-you-type is dozens of calls, and the API sheds real overload
 * itself (503 with Retry-After). The limits stop one runaway client, not a busy workshop.
 */
export const rateLimit = {
  status: 429,
  pages: { zone: 'bengkel_web', rate: 30, burst: 60 },
  api: { zone: 'bengkel_api', rate: 100, burst: 200 },
};

/** The API behind /api/, and nothing else of it: /metrics stays inside (Prometheus scrapes the API directly). */
export const apiProxy = {
  path: '/api/',
  // The API refuses bodies over 1 MiB itself with a problem+json 413; CSV import will take 10 MiB.
  maxBodyMegabytes: 11,
  connectTimeoutSeconds: 5,
  // A request the API has not answered in a minute is not coming back.
  readTimeoutSeconds: 60,
  sendTimeoutSeconds: 60,
  keepaliveConnections: 16,
  // Below the API's own idle timeout (Fastify: 72 s), so the proxy closes an idle connection first
  // and never sends a request down one the API is closing.
  keepaliveTimeoutSeconds: 60,
};
