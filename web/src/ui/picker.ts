// A searchable picker (combobox): type, choose one of the matches. Used for a vehicle's owner
// and a service's vehicle, where a dropdown of every record would not scale.

import { h } from '../dom.ts';

export interface Choice {
  id: number;
  label: string;
}

export interface Picker {
  element: HTMLElement;
  input: HTMLInputElement;
  value(): number | undefined;
}

let counter = 0;

export function picker(options: {
  id: string;
  search: (text: string) => Promise<Choice[]>;
  initial?: Choice;
  hint: string;
  /** Called when a choice is made, or cleared by typing. */
  onChoose?: (choice: Choice | undefined) => void;
}): Picker {
  let chosen = options.initial;
  const listId = `picker-${++counter}`;
  const list = h('ul', { id: listId, role: 'listbox', class: 'choices', hidden: true });
  const input = h('input', {
    id: options.id,
    name: options.id,
    type: 'text',
    role: 'combobox',
    autocomplete: 'off',
    'aria-autocomplete': 'list',
    'aria-controls': listId,
    'aria-expanded': 'false',
    placeholder: options.hint,
    value: options.initial?.label ?? '',
  });
  let timer: ReturnType<typeof setTimeout> | undefined;

  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
  };
  const choose = (choice: Choice) => {
    chosen = choice;
    input.value = choice.label;
    close();
    options.onChoose?.(choice);
  };
  input.addEventListener('input', () => {
    if (chosen) options.onChoose?.(undefined);
    chosen = undefined;
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const choices = await options.search(input.value.trim()).catch(() => []);
      list.replaceChildren(
        ...choices.map((choice) =>
          h('li', { role: 'option', tabindex: '-1', 'data-id': choice.id, onmousedown: (e: Event) => (e.preventDefault(), choose(choice)), onkeydown: (e: Event) => (e as KeyboardEvent).key === 'Enter' && (e.preventDefault(), choose(choice)) }, choice.label),
        ),
      );
      list.hidden = choices.length === 0;
      input.setAttribute('aria-expanded', String(choices.length > 0));
    }, 200);
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown') (list.querySelector('li') as HTMLElement | null)?.focus();
    if (event.key === 'Escape') close();
  });
  input.addEventListener('blur', () => setTimeout(close, 150));
  return { element: h('div', { class: 'picker' }, input, list), input, value: () => chosen?.id };
}
