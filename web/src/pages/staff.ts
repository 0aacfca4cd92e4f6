// For owners (API.md v2): the workshop's staff and their roles, the API tokens that scripts and
// the load tool use, and the audit log of who changed what. Not offered to other roles; the API
// refuses them anyway.

import { api, type Query } from '../api.ts';
import { h, replace } from '../dom.ts';
import { formatDateTime, t, type MessageKey } from '../i18n/index.ts';
import { navigate, type Params } from '../router.ts';
import { signedInUser } from '../session.ts';
import type { ApiToken, AuditEntry, Role, User } from '../types.ts';
import { confirmAction, errorBox, explain, toast } from '../ui/feedback.ts';
import { formView } from '../ui/form.ts';
import { listView } from '../ui/list.ts';
import { deleteAction, header, link, loadingPage } from './layout.ts';

const ROLES: Role[] = ['owner', 'frontdesk', 'mechanic'];
const roleOptions = () => ROLES.map((role) => ({ value: role, label: t(`role.${role}`) }));
export const roleLabel = (role: Role) => t(`role.${role}`);

/** The users as one page (a workshop has a handful). */
const allUsers = async (): Promise<User[]> => (await api.users.list()).items;

export function userList(): Node {
  return h(
    'div',
    {},
    header(t('users.title'), link('/users/new', t('users.new'), { class: 'button' })),
    listView<User>({
      caption: 'users.title',
      searchHint: 'users.title',
      searchable: false,
      load: () => api.users.list(),
      columns: [
        { label: 'users.name', cell: (u) => link(`/users/${u.id}`, u.name) },
        { label: 'signIn.email', cell: (u) => u.email },
        { label: 'users.role', cell: (u) => roleLabel(u.role) },
        { label: 'users.active', cell: (u) => (u.active ? t('users.activeYes') : t('users.activeNo')) },
        { label: 'users.lastLogin', cell: (u) => formatDateTime(u.lastLoginAt) },
      ],
    }),
  );
}

export function userForm({ id }: Params): Node {
  const editing = id === undefined ? undefined : Number(id);
  return loadingPage(async () => {
    const user = editing ? await api.users.get(editing) : undefined;
    const removal = user && user.id !== signedInUser()?.id
      ? deleteAction({ question: t('users.confirmDelete', { name: user.name }), remove: () => api.users.remove(user.id), then: '/users' })
      : undefined;
    return h(
      'div',
      {},
      header(user ? user.name : t('users.new'), user ? link(`/audit?entity=user&entityId=${user.id}`, t('audit.history'), { class: 'button secondary' }) : null, removal?.button),
      removal?.notice,
      formView({
        submitLabel: 'common.save',
        cancelHref: '/users',
        keepDraft: false,
        fields: [
          { name: 'name', label: 'users.name', required: true, maxLength: 120, value: user?.name },
          { name: 'email', label: 'signIn.email', type: 'email', required: true, maxLength: 254, value: user?.email, attributes: { autocomplete: 'off' } },
          { name: 'role', label: 'users.role', type: 'select', value: user?.role ?? 'frontdesk', options: roleOptions() },
          ...(user ? [{ name: 'active', label: 'users.active' as MessageKey, type: 'select' as const, value: String(user.active), options: [{ value: 'true', label: t('users.activeYes') }, { value: 'false', label: t('users.activeNo') }] }] : []),
          { name: 'password', label: user ? 'users.newPassword' : 'signIn.password', type: 'password', required: !user, maxLength: 256, attributes: { autocomplete: 'new-password', minlength: 12 } },
        ],
        onSubmit: async (values) => {
          const common = { name: values.name!.trim(), email: values.email!.trim(), role: values.role as Role };
          if (user) {
            await api.users.update(user.id, { ...common, active: values.active === 'true', ...(values.password ? { password: values.password } : {}) });
          } else {
            await api.users.create({ ...common, password: values.password! });
          }
          toast(t('common.saved'));
          navigate('/users');
        },
      }),
    );
  });
}

export function tokenList(): Node {
  const shown = h('div', { 'aria-live': 'polite' });
  const list = h('div', {});
  const showList = () =>
    replace(
      list,
      listView<ApiToken>({
        caption: 'tokens.title',
        searchHint: 'tokens.title',
        searchable: false,
        syncUrl: false,
        load: () => api.tokens.list(),
        columns: [
          { label: 'tokens.name', cell: (k) => k.name },
          { label: 'users.role', cell: (k) => roleLabel(k.role) },
          { label: 'tokens.expires', cell: (k) => (k.expiresAt ? formatDateTime(k.expiresAt) : t('tokens.never')) },
          { label: 'tokens.lastUsed', cell: (k) => formatDateTime(k.lastUsedAt) },
          {
            label: 'common.actions',
            cell: (k) =>
              h('button', {
                type: 'button',
                class: 'danger',
                onclick: async () => {
                  if (!(await confirmAction(t('tokens.confirmRevoke', { name: k.name }), t('tokens.revoke')))) return;
                  try {
                    await api.tokens.revoke(k.id);
                    toast(t('tokens.revoked'));
                    showList();
                  } catch (error) {
                    replace(shown, errorBox(explain(error)));
                  }
                },
              }, t('tokens.revoke')),
          },
        ],
      }),
    );
  showList();
  return h(
    'div',
    {},
    header(t('tokens.title')),
    h('p', {}, t('tokens.intro')),
    h('h2', {}, t('tokens.new')),
    formView({
      submitLabel: 'tokens.create',
      keepDraft: false,
      fields: [
        { name: 'name', label: 'tokens.name', required: true, maxLength: 120 },
        { name: 'role', label: 'users.role', type: 'select', value: 'frontdesk', options: roleOptions() },
        { name: 'expires', label: 'tokens.expiresOn', type: 'date' },
      ],
      onSubmit: async (values) => {
        const made = await api.tokens.create({
          name: values.name!.trim(),
          role: values.role as Role,
          ...(values.expires ? { expiresAt: new Date(`${values.expires}T23:59:59`).toISOString() } : {}),
        });
        replace(
          shown,
          h('div', { class: 'notice', role: 'status' }, h('p', {}, t('tokens.shownOnce', { name: made.name })), h('p', {}, h('code', { class: 'secret', 'data-token': true }, made.token))),
        );
        showList();
      },
    }),
    shown,
    h('h2', {}, t('tokens.existing')),
    list,
  );
}

const ENTITIES = ['customer', 'vehicle', 'service', 'line', 'invoice', 'payment', 'user', 'token', 'settings'] as const;
const ACTIONS = ['insert', 'update', 'delete', 'status', 'login', 'login_failed'] as const;
const RECORD_PAGES: Partial<Record<AuditEntry['entity'], string>> = { customer: '/customers', vehicle: '/vehicles', service: '/services', invoice: '/invoices', user: '/users' };

/** "phone: 0812… → 0813…", field by field. */
function changesText(entry: AuditEntry): string {
  const show = (value: unknown) => (value === null || value === undefined ? '—' : typeof value === 'object' ? JSON.stringify(value) : String(value));
  return Object.entries(entry.changes)
    .map(([field, [before, after]]) => (entry.action === 'insert' ? `${field}: ${show(after)}` : entry.action === 'delete' ? `${field}: ${show(before)}` : `${field}: ${show(before)} → ${show(after)}`))
    .join('; ');
}

export function auditLog(_params: Params, query: URLSearchParams): Node {
  return loadingPage(async () => {
    const people = await allUsers();
    const select = (id: string, label: MessageKey, value: string, options: { value: string; label: string }[], onchange: (value: string) => void) => [
      h('label', { for: id }, t(label)),
      h('select', { id, onchange: (e: Event) => onchange((e.target as HTMLSelectElement).value) }, h('option', { value: '' }, t('common.all')), options.map((o) => h('option', { value: o.value, selected: o.value === value }, o.label))),
    ];
    const record = query.get('entity') && query.get('entityId') ? `${t(`entity.${query.get('entity') as AuditEntry['entity']}`)} ${query.get('entityId')}` : undefined;
    return h(
      'div',
      {},
      header(record ? t('audit.historyOf', { record }) : t('audit.title')),
      listView<AuditEntry>({
        caption: 'audit.title',
        searchHint: 'audit.title',
        searchable: false,
        filters: ['entity', 'entityId', 'actorType', 'actorId', 'action', 'from', 'to'],
        load: (q: Query) => api.audit(q),
        controls: (get, set) => [
          select('filter-entity', 'audit.record', get('entity'), ENTITIES.map((e) => ({ value: e, label: t(`entity.${e}`) })), (v) => set('entity', v)),
          select('filter-person', 'audit.person', get('actorId') && get('actorType') === 'user' ? get('actorId') : '', people.map((p) => ({ value: String(p.id), label: p.name })), (v) => {
            set('actorType', v ? 'user' : '');
            set('actorId', v);
          }),
          select('filter-action', 'audit.action', get('action'), ACTIONS.map((a) => ({ value: a, label: t(`action.${a}`) })), (v) => set('action', v)),
          h('label', { for: 'filter-from' }, t('audit.from')),
          h('input', { id: 'filter-from', type: 'date', value: get('from'), onchange: (e: Event) => set('from', (e.target as HTMLInputElement).value) }),
          h('label', { for: 'filter-to' }, t('audit.to')),
          h('input', { id: 'filter-to', type: 'date', value: get('to'), onchange: (e: Event) => set('to', (e.target as HTMLInputElement).value) }),
        ],
        columns: [
          { label: 'audit.at', cell: (e) => formatDateTime(e.at) },
          { label: 'audit.person', cell: (e) => (e.actor.type === 'system' ? t('audit.system') : `${e.actor.name ?? '—'}${e.actor.type === 'token' ? ` (${t('audit.token')})` : ''}`) },
          { label: 'audit.action', cell: (e) => t(`action.${e.action}`) },
          {
            label: 'audit.record',
            cell: (e) => {
              const label = `${t(`entity.${e.entity}`)} ${e.entityId ?? ''}`.trim();
              const page = RECORD_PAGES[e.entity];
              return page && e.entityId && e.action !== 'delete' ? link(`${page}/${e.entityId}`, label) : label;
            },
          },
          { label: 'audit.changes', cell: (e) => h('span', { class: 'changes' }, changesText(e)) },
        ],
      }),
    );
  });
}
