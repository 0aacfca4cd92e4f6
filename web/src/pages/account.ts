// Signing in, and the first run that makes the workshop's owner. After either, the user goes
// back to where they were (`?next=`), where a form finds again what they had typed.

import { api, ApiError } from '../api.ts';
import { h } from '../dom.ts';
import { t } from '../i18n/index.ts';
import { navigate } from '../router.ts';
import { setSignedInUser } from '../session.ts';
import type { User } from '../types.ts';
import { formView } from '../ui/form.ts';
import { header } from './layout.ts';

/** Where to go after signing in: a page of this app only, never another site. */
export function nextPage(query: URLSearchParams): string {
  const next = query.get('next') ?? '/';
  return /^\/(?!\/)[^\s\\]*$/.test(next) && !next.startsWith('/signin') && !next.startsWith('/setup') ? next : '/';
}

/** Called once someone is signed in: the shell shows them, and the app goes on. */
let onSignedIn: (user: User) => void = () => {};
export function whenSignedIn(listener: (user: User) => void): void {
  onSignedIn = listener;
}

function signedIn(user: User, query: URLSearchParams): void {
  setSignedInUser(user);
  onSignedIn(user);
  navigate(nextPage(query), { replace: true });
}

export function signInPage(_params: unknown, query: URLSearchParams): Node {
  const expired = query.get('expired') === '1';
  return h(
    'div',
    { class: 'narrow' },
    header(t('signIn.title')),
    expired ? h('p', { class: 'notice', role: 'status' }, t('signIn.expired')) : null,
    formView({
      submitLabel: 'signIn.submit',
      keepDraft: false,
      fields: [
        { name: 'email', label: 'signIn.email', type: 'email', required: true, maxLength: 254, attributes: { autocomplete: 'username' } },
        { name: 'password', label: 'signIn.password', type: 'password', required: true, maxLength: 256, attributes: { autocomplete: 'current-password' } },
      ],
      onSubmit: async (values) => {
        try {
          const { user } = await api.auth.signIn(values.email!.trim(), values.password!);
          signedIn(user, query);
        } catch (error) {
          throw signInProblem(error);
        }
      },
    }),
  );
}

/** A refused sign-in in the user's words: wrong email or password, or held after many tries. */
function signInProblem(error: unknown): unknown {
  if (!(error instanceof ApiError)) return error;
  if (error.status === 401) return new ApiError({ ...error.problem, detail: t('signIn.wrong') });
  if (error.status === 429) return new ApiError({ ...error.problem, detail: t('signIn.throttled') });
  return error;
}

export function setupPage(_params: unknown, query: URLSearchParams): Node {
  return h(
    'div',
    { class: 'narrow' },
    header(t('setup.title')),
    h('p', {}, t('setup.intro')),
    formView({
      submitLabel: 'setup.submit',
      keepDraft: false,
      fields: [
        { name: 'name', label: 'users.name', required: true, maxLength: 120, attributes: { autocomplete: 'name' } },
        { name: 'email', label: 'signIn.email', type: 'email', required: true, maxLength: 254, attributes: { autocomplete: 'username' } },
        { name: 'password', label: 'signIn.password', type: 'password', required: true, maxLength: 256, attributes: { autocomplete: 'new-password', minlength: 12 } },
      ],
      onSubmit: async (values) => {
        const email = values.email!.trim();
        try {
          await api.auth.setUp({ name: values.name!.trim(), email, password: values.password! });
        } catch (error) {
          // Someone finished the first run meanwhile: sign in instead.
          if (error instanceof ApiError && error.status === 409) navigate('/signin', { replace: true });
          throw error;
        }
        const { user } = await api.auth.signIn(email, values.password!);
        signedIn(user, query);
      },
    }),
  );
}
