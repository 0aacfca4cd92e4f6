// Signing in and out (API.md v2): a session on the server, its id in an HttpOnly cookie. A wrong
// password and an unknown email get the same answer, after the same work; repeated failures for
// one email or from one address are refused for a while, counted in PostgreSQL across processes.

import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Type } from 'typebox';
import { unknownAccountHash, verifyPassword } from '../../accounts/passwords.ts';
import { HttpProblem } from '../../http/problem.ts';
import { EVERYONE } from '../../plugins/auth.ts';
import { problems } from '../common/routes.ts';
import { Role, User } from '../users/schemas.ts';

const Credentials = Type.Object(
  { email: Type.String({ minLength: 1, maxLength: 254 }), password: Type.String({ minLength: 1, maxLength: 256 }) },
  { additionalProperties: false },
);
const SignedIn = Type.Object({ user: User });
const WithToken = Type.Object({ token: Type.Object({ id: Type.Integer(), name: Type.String(), role: Role }) });

export default fp(
  async (app: FastifyInstance) => {
    const tags = ['Accounts'];

    app.post<{ Body: { email: string; password: string } }>('/api/auth/login', {
      schema: {
        operationId: 'signIn',
        tags,
        summary: 'Sign in',
        description: `Answers the user and sets the \`bengkel_session\` cookie (HttpOnly, SameSite=Strict). A wrong password and an unknown email get the same \`401\`; after repeated failures for one email or address, \`429\` with \`Retry-After\`.`,
        body: Credentials,
        response: { 200: SignedIn, ...problems(400, 401, 403, 413, 415, 429, 503) },
      },
      // The new session is read at once, maybe on a replica: only once it has replayed it.
      config: { access: 'public', writes: ['sessions'] },
      handler: async (request, reply) => {
        const { email, password } = request.body;
        const from = { requestId: request.id, ip: request.ip };
        const throttle = await app.sessions.throttled(email, request.ip);
        if (throttle.refused) {
          app.countSignIn('throttled');
          throw new HttpProblem(429, 'Too many failed sign-ins: wait, then try again', { code: 'throttled', retryAfter: throttle.retryAfterSeconds });
        }
        const account = await app.users.forSignIn(email);
        // The same slow hash is checked whether or not the account exists.
        const matches = await verifyPassword(password, account?.passwordHash ?? (await unknownAccountHash()));
        if (!account || !matches || !account.active) {
          await app.sessions.failed(email, account?.id, from);
          app.countSignIn('failure');
          throw new HttpProblem(401, 'The email or password is not right', { code: 'bad_credentials' });
        }
        const { secret, user } = await app.sessions.open(account, from);
        app.countSignIn('success');
        app.setSession(request, reply, secret);
        return { user };
      },
    });

    app.post('/api/auth/logout', {
      schema: {
        operationId: 'signOut',
        tags,
        summary: 'Sign out',
        description: 'Ends the session on the server and clears its cookie.',
        response: { 204: Type.Null(), ...problems(401, 403, 503) },
      },
      // The session's look-up, held in the shared cache, must end with it in every process.
      config: { access: EVERYONE, writes: ['sessions'] },
      handler: async (request, reply) => {
        if (request.sessionSecret) await app.sessions.close(request.sessionSecret);
        app.clearSession(reply);
        return reply.code(204).send();
      },
    });

    app.get('/api/auth/me', {
      schema: {
        operationId: 'getSignedInUser',
        tags,
        summary: 'Who is signed in',
        description: "The user of the request's session (`{user}`), or, asked with an API token, that token (`{token}`); `401` with `WWW-Authenticate` without either.",
        response: { 200: Type.Union([SignedIn, WithToken]), ...problems(401, 503) },
      },
      config: { access: EVERYONE },
      handler: async (request) => {
        const { token, user } = request;
        return token ? { token: { id: token.id, name: token.name, role: token.role } } : { user: user! };
      },
    });
  },
  { name: 'auth-routes', dependencies: ['auth', 'users', 'problems'] },
);
