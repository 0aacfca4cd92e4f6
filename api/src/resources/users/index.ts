// Users: the people who sign in to Bengkel, and the first run that creates the workshop's owner
// (from the setup page, or from ADMIN_EMAIL and ADMIN_PASSWORD at start-up).

import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../../config.ts';
import { HttpProblem } from '../../http/problem.ts';
import { problems as problemResponses } from '../common/routes.ts';
import { UserRepository } from './repository.ts';
import { registerUserRoutes } from './routes.ts';
import { SetupBody, SetupStatus, User, type SetupInput } from './schemas.ts';

declare module 'fastify' {
  interface FastifyInstance {
    users: UserRepository;
  }
}

export default fp(
  async (app: FastifyInstance, { config }: { config: Config }) => {
    const users = new UserRepository(app.database);
    app.decorate('users', users);
    // ADMIN_EMAIL and ADMIN_PASSWORD: the first run done at start-up, for automation and tests.
    const admin = config.admin;
    if (admin) {
      app.addHook('onReady', async () => {
        if (await users.any()) return;
        const created = await users.createFirstOwner(admin);
        if (created) app.log.info({ userId: created.id }, 'created the first owner from ADMIN_EMAIL and ADMIN_PASSWORD');
      });
    }
    app.describeConstraints({
      users_email_key: { duplicate: { field: '/email', detail: 'Another user already has this email address' } },
      users_last_owner: { has_dependants: { detail: 'Bengkel needs an active owner: make another user an owner first' } },
    });
    const tags = ['Accounts'];

    app.get('/api/setup', {
      schema: {
        operationId: 'getSetup',
        tags,
        summary: 'Whether the first run is still to be done',
        description: 'Open to anyone: `needed` is true while no user exists.',
        response: { 200: SetupStatus, ...problemResponses(503) },
      },
      config: { access: 'public' },
      handler: async () => ({ needed: !(await users.any()) }),
    });

    app.post<{ Body: SetupInput }>('/api/setup', {
      schema: {
        operationId: 'createFirstOwner',
        tags,
        summary: 'Create the first owner',
        description: 'Open to anyone while no user exists; afterwards `409`. The password is stored only as a slow salted hash.',
        body: SetupBody,
        response: { 201: User, ...problemResponses(400, 409, 413, 415, 503) },
      },
      config: { writes: ['users'], access: 'public' },
      handler: async (request, reply) => {
        const owner = await users.createFirstOwner(request.body);
        if (!owner) throw new HttpProblem(409, 'Bengkel is already set up: sign in, or ask an owner for an account', { code: 'already_set_up' });
        return reply.code(201).send(owner);
      },
    });

    registerUserRoutes(app);
  },
  { name: 'users', dependencies: ['database', 'cache', 'problems', 'auth'] },
);
