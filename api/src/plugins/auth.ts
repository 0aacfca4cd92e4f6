// Who is asking, and whether they may (API.md v2, accounts and access). Every /api route says who
// may call it in its config — `access: 'public'` or the roles allowed — and start-up fails for a
// route that does not, so none can be added open by mistake. For the others, before anything
// else is read of the request (so a caller without credentials learns nothing of its rules):
// the API token of `Authorization: Bearer …` (accounts/tokens.ts) as `request.token`, else the
// user of the `bengkel_session` cookie (accounts/sessions.ts) as `request.user`; without one 401
// with WWW-Authenticate, with a role not allowed 403. A write sent with the cookie must come from
// an allowed origin (CSRF). The route's handler then runs as that actor: its writes, and the
// audit log's entries the database writes for them, share one transaction (db/client.ts actAs).

import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler, RouteHandlerMethod } from 'fastify';
import fp from 'fastify-plugin';
import type { ReadCache } from '../cache/read-cache.ts';
import { SESSION_IDLE_HOURS, SessionStore, type SessionUser } from '../accounts/sessions.ts';
import { TokenStore, type TokenActor } from '../accounts/tokens.ts';
import type { Config } from '../config.ts';
import type { Actor } from '../db/client.ts';
import type { Role } from '../db/schema.ts';
import { HttpProblem } from '../http/problem.ts';

export const SESSION_COOKIE = 'bengkel_session';

/** Who may call a route: anyone, or a signed-in user or token with one of these roles. */
export type Access = 'public' | readonly Role[];
export const EVERYONE: readonly Role[] = ['owner', 'frontdesk', 'mechanic'];
/** The people who keep the workshop's records: everything but what only owners may. */
export const STAFF: readonly Role[] = ['owner', 'frontdesk'];
export const OWNERS: readonly Role[] = ['owner'];

/** Paths open to anyone without saying so in a config: the API's documentation (swagger-ui's own routes). */
const PUBLIC_PREFIXES = ['/api/docs'];
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyInstance {
    sessions: SessionStore;
    tokens: TokenStore;
    /** Sets the session cookie on a reply: HttpOnly, SameSite=Strict, Secure over HTTPS. */
    setSession(request: FastifyRequest, reply: FastifyReply, secret: string): void;
    clearSession(reply: FastifyReply): void;
    /** Whether a request that changes data came from a page Bengkel trusts (the CSRF check). */
    fromAllowedOrigin(request: FastifyRequest): boolean;
  }
  interface FastifyRequest {
    /** The signed-in user, when the request carries a live session. */
    user: SessionUser | undefined;
    /** The session's secret, as the cookie carried it. */
    sessionSecret: string | undefined;
    /** The API token the request was sent with, when it works. */
    token: TokenActor | undefined;
    /** The role the request acts with (the user's or the token's). */
    role: Role | undefined;
  }
  interface FastifyContextConfig {
    /** Who may call the route; every /api route says. */
    access?: Access;
  }
}

const unauthenticated = (reply: FastifyReply, detail: string, error?: string) => {
  reply.header('www-authenticate', error ? `Bearer error="${error}"` : 'Bearer');
  return new HttpProblem(401, detail, { code: 'unauthenticated' });
};

/** Who a request acts as, for the audit log. */
export function actorOf(request: FastifyRequest): Actor | undefined {
  const who = request.token ? { type: 'token' as const, id: request.token.id, name: request.token.name } : request.user && { type: 'user' as const, id: request.user.id, name: request.user.name };
  return who && { ...who, requestId: request.id, ip: request.ip };
}

export const auth = fp(
  async (app: FastifyInstance, { config }: { config: Config }) => {
    await app.register(cookie);
    const cache: ReadCache = app.cache;
    const sessions = new SessionStore(app.database, cache);
    const tokens = new TokenStore(app.database, cache);
    app.decorate('sessions', sessions);
    app.decorate('tokens', tokens);
    app.decorateRequest('user', undefined);
    app.decorateRequest('sessionSecret', undefined);
    app.decorateRequest('token', undefined);
    app.decorateRequest('role', undefined);

    app.decorate('setSession', (request: FastifyRequest, reply: FastifyReply, secret: string) => {
      reply.setCookie(SESSION_COOKIE, secret, {
        httpOnly: true,
        sameSite: 'strict',
        path: '/',
        secure: request.protocol === 'https',
        maxAge: SESSION_IDLE_HOURS * 3600,
      });
    });
    app.decorate('clearSession', (reply: FastifyReply) => {
      reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', path: '/' });
    });

    // The page's own origin (as the browser saw it, through the web server: TRUST_PROXY), or one
    // of CORS_ORIGINS. Without Origin, a browser's Sec-Fetch-Site must say the page is our own.
    const allowed = new Set(config.corsOrigins.filter((origin) => origin !== '*'));
    app.decorate('fromAllowedOrigin', (request: FastifyRequest) => {
      const origin = request.headers.origin;
      if (origin === undefined) return request.headers['sec-fetch-site'] === 'same-origin';
      return origin === `${request.protocol}://${request.host}` || allowed.has(origin);
    });

    /** Credentials first, then the role, then (for a cookie's write) where the request came from. */
    const guard = (roles: readonly Role[]): onRequestHookHandler =>
      async function guard(request, reply) {
        const authorization = request.headers.authorization;
        if (authorization !== undefined) {
          // A request that sends a token is judged by it alone, never by a cookie beside it.
          const bearer = /^Bearer +(\S+)$/i.exec(authorization)?.[1];
          if (!bearer) throw unauthenticated(reply, 'Send an API token as Authorization: Bearer <token>', 'invalid_request');
          request.token = await tokens.resolve(bearer);
          if (!request.token) throw unauthenticated(reply, 'The API token is not valid: revoked, expired, or its maker deactivated', 'invalid_token');
          request.role = request.token.role;
        } else {
          const secret = request.cookies[SESSION_COOKIE];
          if (secret) {
            request.sessionSecret = secret;
            request.user = await sessions.user(secret);
          }
          if (!request.user) throw unauthenticated(reply, secret ? 'Your session has ended: sign in again' : 'Sign in, or send an API token');
          request.role = request.user.role;
        }
        if (!roles.includes(request.role)) throw new HttpProblem(403, `This needs the ${roles.join(' or ')} role; you are ${request.role}`, { code: 'forbidden' });
        if (request.user && !SAFE_METHODS.has(request.method) && !app.fromAllowedOrigin(request)) {
          throw new HttpProblem(403, 'This request did not come from a page of Bengkel (Origin not allowed)', { code: 'csrf' });
        }
      };

    app.addHook('onRoute', (route) => {
      if (!route.url.startsWith('/api/')) return; // /metrics guards itself (METRICS_TOKEN)
      const access = route.config?.access ?? (PUBLIC_PREFIXES.some((prefix) => route.url.startsWith(prefix)) ? 'public' : undefined);
      if (access === undefined) throw new Error(`${String(route.method)} ${route.url} must say who may call it (config.access)`);
      if (access === 'public') return;
      route.onRequest = [...(route.onRequest === undefined ? [] : [route.onRequest].flat()), guard(access)];
      const methods = [route.method].flat();
      if (methods.every((method) => SAFE_METHODS.has(method))) return;
      const handler = route.handler as RouteHandlerMethod;
      route.handler = function asActor(request, reply) {
        const actor = actorOf(request);
        return actor ? app.database.actAs(actor, () => handler.call(this, request, reply) as Promise<unknown>) : handler.call(this, request, reply);
      };
    });
  },
  { name: 'auth', dependencies: ['database', 'cache'] },
);
