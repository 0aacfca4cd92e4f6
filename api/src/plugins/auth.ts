// Who is asking: the signed-in user of the request's session cookie (accounts/sessions.ts), as
// `request.user`, or the API token sent as `Authorization: Bearer …` (accounts/tokens.ts), as
// `request.token`. Both live in PostgreSQL, so every API process knows them. `app.requireRole`
// guards a route: 401 with WWW-Authenticate without credentials, 403 for a role that may not.
// (Guarding every route is the rest of issue 12.)

import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { SESSION_IDLE_HOURS, SessionStore, type SessionUser } from '../accounts/sessions.ts';
import { TokenStore, type TokenActor } from '../accounts/tokens.ts';
import type { Role } from '../db/schema.ts';
import { HttpProblem } from '../http/problem.ts';

export const SESSION_COOKIE = 'bengkel_session';

declare module 'fastify' {
  interface FastifyInstance {
    sessions: SessionStore;
    tokens: TokenStore;
    /** A preHandler that lets in only a signed-in user or a token with one of `roles`. */
    requireRole(...roles: Role[]): (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
    /** Sets the session cookie on a reply: HttpOnly, SameSite=Strict, Secure over HTTPS. */
    setSession(request: FastifyRequest, reply: FastifyReply, secret: string): void;
    clearSession(reply: FastifyReply): void;
  }
  interface FastifyRequest {
    /** The signed-in user, when the request carries a live session. */
    user: SessionUser | undefined;
    /** The session's secret, as the cookie carried it. */
    sessionSecret: string | undefined;
    /** The API token the request was sent with, when it works. */
    token: TokenActor | undefined;
  }
}

export const auth = fp(
  async (app: FastifyInstance) => {
    await app.register(cookie);
    const sessions = new SessionStore(app.database);
    app.decorate('sessions', sessions);
    app.decorateRequest('user', undefined);
    app.decorateRequest('sessionSecret', undefined);
    app.decorateRequest('token', undefined);
    const tokens = new TokenStore(app.database);
    app.decorate('tokens', tokens);
    app.decorate('requireRole', (...roles: Role[]) => async (request: FastifyRequest, reply: FastifyReply) => {
      const role = request.user?.role ?? request.token?.role;
      if (!role) {
        reply.header('www-authenticate', 'Bearer');
        throw new HttpProblem(401, 'Sign in, or send an API token', { code: 'unauthenticated' });
      }
      if (!roles.includes(role)) throw new HttpProblem(403, `This needs the ${roles.join(' or ')} role`, { code: 'forbidden' });
    });
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
    app.addHook('preHandler', async (request) => {
      const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
      if (bearer) request.token = await tokens.resolve(bearer);
      const secret = request.cookies[SESSION_COOKIE];
      if (!secret) return;
      request.sessionSecret = secret;
      request.user = await sessions.user(secret);
    });
  },
  { name: 'auth', dependencies: ['database'] },
);
