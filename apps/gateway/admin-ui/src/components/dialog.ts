import { Child, h, uid } from '../dom.js';

/** A modal <dialog> (focus trapped by the browser, Escape cancels), removed from the page once closed. */
function openDialog(title: string, body: Child, actions: HTMLElement[]): HTMLDialogElement {
  const titleId = uid('dialog-title');
  const dialog = h(
    'dialog',
    { 'aria-labelledby': titleId },
    h('h2', { id: titleId }, title),
    body,
    h('div', { class: 'dialog-actions' }, actions),
  );
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  return dialog;
}

/** Asks before an action; resolves true only for the confirm button. */
export function confirmDialog(opts: {
  title: string;
  message: Child;
  confirmLabel: string;
  danger?: boolean;
}): Promise<boolean> {
  return new Promise((resolve) => {
    const cancel = h('button', { type: 'button', class: 'secondary' }, 'Cancel');
    const confirm = h(
      'button',
      { type: 'button', class: opts.danger ? 'danger' : 'primary' },
      opts.confirmLabel,
    );
    const dialog = openDialog(opts.title, h('div', { class: 'dialog-body' }, opts.message), [
      cancel,
      confirm,
    ]);
    let answer = false;
    cancel.addEventListener('click', () => dialog.close());
    confirm.addEventListener('click', () => {
      answer = true;
      dialog.close();
    });
    dialog.addEventListener('close', () => resolve(answer));
    // A dangerous action is never one Enter away.
    (opts.danger ? cancel : confirm).focus();
  });
}

async function copy(input: HTMLInputElement): Promise<void> {
  try {
    await navigator.clipboard.writeText(input.value);
  } catch {
    // No clipboard API (a plain-http origin): the older way, from the selected field.
    input.select();
    if (!document.execCommand('copy')) {
      throw new Error('copy refused');
    }
  }
}

/** One read-only value with a Copy button and a spoken confirmation. */
function secretField(label: string, value: string): HTMLElement {
  const id = uid('secret');
  const input = h('input', { id, type: 'text', readonly: true, value, spellcheck: 'false', class: 'mono' });
  const status = h('span', { class: 'copy-status', role: 'status' });
  const button = h('button', { type: 'button', class: 'secondary' }, `Copy ${label}`);
  button.addEventListener('click', () => {
    copy(input).then(
      () => (status.textContent = 'Copied'),
      () => (status.textContent = 'Copy failed: select the text and copy it by hand'),
    );
  });
  return h(
    'div',
    { class: 'field secret' },
    h('label', { for: id }, label),
    h('div', { class: 'row' }, input, button, status),
  );
}

/**
 * Shows credentials that exist only in this response (the bearer token is stored hashed): once closed, they are
 * gone from the page.
 */
export function secretDialog(opts: {
  title: string;
  fields: { label: string; value: string }[];
}): Promise<void> {
  return new Promise((resolve) => {
    const done = h('button', { type: 'button', class: 'primary' }, 'I have saved them');
    const dialog = openDialog(
      opts.title,
      h(
        'div',
        { class: 'dialog-body' },
        h('p', { class: 'banner warn' }, 'Save these credentials now. The token will not be shown again.'),
        opts.fields.map((f) => secretField(f.label, f.value)),
      ),
      [done],
    );
    done.addEventListener('click', () => dialog.close());
    dialog.addEventListener('close', () => resolve());
  });
}
