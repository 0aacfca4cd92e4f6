// A user of Bengkel (API.md v2, accounts and access): the rules written once, for validation,
// the handlers' types and the OpenAPI document. A password is accepted, never answered.

import { Type, type Static } from 'typebox';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../accounts/passwords.ts';
import { ROLES, type Role as RoleName } from '../../db/schema.ts';
import { Item, nullable, Timestamp } from '../common/schemas.ts';

export const Role = Type.Unsafe<RoleName>({
  type: 'string',
  enum: [...ROLES],
  description: "owner: everything; frontdesk: the workshop's records; mechanic: reads, and the work on a service",
});

export const Password = Type.String({
  minLength: PASSWORD_MIN_LENGTH,
  maxLength: PASSWORD_MAX_LENGTH,
  description: `${PASSWORD_MIN_LENGTH}–${PASSWORD_MAX_LENGTH} characters; stored only as a slow salted hash`,
});

const fields = {
  name: Type.String({ minLength: 1, maxLength: 120, examples: ['Dewi Lestari'] }),
  email: Type.String({ format: 'email', maxLength: 254, description: 'unique, case-insensitively' }),
  role: Role,
  active: Type.Boolean({ description: 'an inactive user cannot sign in, and their sessions and tokens stop working' }),
  lastLoginAt: nullable(Timestamp),
};

export const User = Item(fields);
export type UserAnswer = Static<typeof User>;

export const SetupStatus = Type.Object({ needed: Type.Boolean({ description: 'true while no user exists' }) });

export const SetupBody = Type.Object(
  { name: fields.name, email: fields.email, password: Password },
  { additionalProperties: false },
);
export type SetupInput = Static<typeof SetupBody>;
