// Who is asking: the signed-in user of the request's session cookie (accounts/sessions.ts), as
// `request.user`. Sessions live in PostgreSQL, so every API process knows every session.
// (Refusing requests without one, roles and API tokens are the rest of issue 12.)

import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { SESSION_IDLE_HOURS, SessionStore, type SessionUser } from '../accounts/sessions.ts';

export const SESSION_COOKIE = 'bengkel_session';

declare module 'fastify' {
  interface FastifyInstance {
    sessions: SessionStore;
    /** Sets the session cookie on a reply: HttpOnly, SameSite=Strict, Secure over HTTPS. */
    setSession(request: FastifyRequest, reply: FastifyReply, secret: string): void;
    clearSession(reply: FastifyReply): void;
  }
  interface FastifyRequest {
    /** The signed-in user, when the request carries a live session. */
    user: SessionUser | undefined;
    /** The session's secret, as the cookie carried it. */
    sessionSecret: string | undefined;
  }
}

export const auth = fp(
  async (app: FastifyInstance) => {
    await app.register(cookie);
    const sessions = new SessionStore(app.database);
    app.decorate('sessions', sessions);
    app.decorateRequest('user', undefined);
    app.decorateRequest('sessionSecret', undefined);
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
      const secret = request.cookies[SESSION_COOKIE];
      if (!secret) return;
      request.sessionSecret = secret;
      request.user = await sessions.user(secret);
    });
  },
  { name: 'auth', dependencies: ['database'] },
);
