// nginx's limit_req with `nodelay`, for serve.mjs: a leaky bucket per client address that lets
// `burst` requests through at once and refills at `rate` per second. Same arithmetic as
// ngx_http_limit_req_module (excess in thousandths of a request; a refused request costs nothing),
// so both servers refuse the same burst.

export function rateLimiter({ rate, burst }) {
  /** @type {Map<string, { excess: number, last: number }>} */
  const clients = new Map();
  const sweep = setInterval(() => {
    const now = Date.now();
    for (const [key, state] of clients) if (state.excess - rate * (now - state.last) <= 0) clients.delete(key);
  }, 60_000);
  sweep.unref();
  return {
    /** True if the request from `key` may pass now. */
    allow(key, now = Date.now()) {
      const state = clients.get(key);
      if (!state) {
        clients.set(key, { excess: 0, last: now });
        return true;
      }
      // As nginx: the refill may drain this request's own share too (a fresh start after a pause).
      const excess = Math.max(state.excess - rate * (now - state.last) + 1000, 0);
      if (excess > burst * 1000) return false;
      state.excess = excess;
      state.last = now;
      return true;
    },
  };
}
