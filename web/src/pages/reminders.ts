// Reminders that bring customers back: the Due page (overdue, then soon, each with one action to
// message the owner by WhatsApp or e-mail, and one to dismiss it), and a vehicle's reminders with
// a form to add the next one, by date, by mileage or both, repeating or not.

import { api } from '../api.ts';
import { h, replace, type Child } from '../dom.ts';
import { language, locale, t } from '../i18n/index.ts';
import type { Reminder } from '../types.ts';
import { errorBox, explain, toast } from '../ui/feedback.ts';
import { formView, number, text } from '../ui/form.ts';
import { header, link, loadingPage } from './layout.ts';

const dueText = (reminder: Reminder) =>
  [reminder.dueDate ? new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${reminder.dueDate}T00:00:00Z`)) : null, reminder.dueMileage !== null ? `${reminder.dueMileage.toLocaleString(locale())} km` : null]
    .filter(Boolean)
    .join(` ${t('reminders.or')} `);

/** One reminder with its actions: message the owner (WhatsApp, e-mail), dismiss. */
function reminderItem(reminder: Reminder, onDismissed: () => void): HTMLElement {
  const actions = h('span', { class: 'actions' });
  const notice = h('span', {});
  const message = async () => {
    try {
      const ready = await api.reminders.message(reminder.id, language());
      replace(
        actions,
        ready.whatsappUrl ? h('a', { href: ready.whatsappUrl, target: '_blank', rel: 'noopener', class: 'button', 'data-whatsapp': true }, t('reminders.whatsapp')) : null,
        ready.mailtoUrl ? h('a', { href: ready.mailtoUrl, class: 'button secondary', 'data-mailto': true }, t('reminders.email')) : null,
        !ready.whatsappUrl && !ready.mailtoUrl ? h('span', { class: 'muted' }, t('reminders.noContact')) : null,
      );
    } catch (error) {
      replace(notice, errorBox(explain(error)));
    }
  };
  const dismiss = async () => {
    try {
      await api.reminders.update(reminder.id, { status: 'dismissed' });
      toast(t('reminders.dismissed'));
      onDismissed();
    } catch (error) {
      replace(notice, errorBox(explain(error)));
    }
  };
  replace(actions, h('button', { type: 'button', onclick: message }, t('reminders.message')), h('button', { type: 'button', class: 'secondary', onclick: dismiss }, t('reminders.dismiss')));
  return h('li', { 'data-reminder': reminder.id }, link(`/vehicles/${reminder.vehicleId}`, reminder.description), ` — ${dueText(reminder)} `, actions, notice);
}

export function duePage(): Node {
  const page = h('div', {});
  const load = async () => {
    const [overdue, soon] = await Promise.all([api.reminders.list({ due: 'overdue', limit: 200 }), api.reminders.list({ due: 'soon', limit: 200 })]);
    const section = (title: 'reminders.overdue' | 'reminders.soon', items: Reminder[], name: string): Child =>
      h('section', { 'data-due': name }, h('h2', {}, t(title), ` (${items.length})`), items.length ? h('ul', { class: 'plain reminders' }, items.map((r) => reminderItem(r, () => void load()))) : h('p', { class: 'empty' }, t('reminders.none')));
    replace(page, header(t('reminders.title')), h('p', {}, t('reminders.intro')), section('reminders.overdue', overdue.items, 'overdue'), section('reminders.soon', soon.items, 'soon'));
    return page;
  };
  return loadingPage(load);
}

/** A vehicle's open reminders, and the form that adds the next. */
export function vehicleReminders(vehicleId: number): HTMLElement {
  const list = h('div', {});
  const show = async () => {
    try {
      const open = await api.reminders.list({ vehicleId, status: 'open', limit: 50 });
      replace(list, open.items.length ? h('ul', { class: 'plain reminders' }, open.items.map((r) => reminderItem(r, () => void show()))) : h('p', { class: 'empty' }, t('reminders.noneForVehicle')));
    } catch (error) {
      replace(list, errorBox(explain(error)));
    }
  };
  void show();
  return h(
    'section',
    { class: 'vehicle-reminders' },
    h('h2', {}, t('reminders.forVehicle')),
    list,
    h('h3', {}, t('reminders.add')),
    formView({
      submitLabel: 'reminders.save',
      fields: [
        { name: 'description', label: 'reminders.description', required: true, maxLength: 500, value: t('reminders.defaultDescription') },
        { name: 'dueDate', label: 'reminders.dueDate', type: 'date' },
        { name: 'dueMileage', label: 'reminders.dueMileage', type: 'number', attributes: { min: 0, inputmode: 'numeric' } },
        { name: 'repeatMonths', label: 'reminders.repeatMonths', type: 'number', attributes: { min: 1, max: 120, inputmode: 'numeric' } },
        { name: 'repeatKm', label: 'reminders.repeatKm', type: 'number', attributes: { min: 1, inputmode: 'numeric' } },
      ],
      onSubmit: async (values) => {
        await api.reminders.create({
          vehicleId,
          description: values.description ?? '',
          dueDate: text(values.dueDate),
          dueMileage: number(values.dueMileage),
          repeatMonths: number(values.repeatMonths),
          repeatKm: number(values.repeatKm),
        });
        toast(t('reminders.saved'));
        await show();
      },
    }),
  );
}
