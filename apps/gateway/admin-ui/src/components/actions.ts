import { apiData, errorText } from '../api.js';
import { Child, h, mount } from '../dom.js';
import type { BulkOperationStarted } from '../types.js';
import { bulkProgress } from './bulk-progress.js';
import { confirmDialog } from './dialog.js';
import { MessageSlot } from './feedback.js';

/** One subscription, as the retry / resync routes name it. */
export interface SubscriptionRef {
  app_id: string;
  repository_id: string;
  /** `owner/name`, for the messages. */
  label: string;
}

/** Disables the button while `work` runs. */
async function busy(button: HTMLButtonElement | null, work: () => Promise<void>): Promise<void> {
  if (button) {
    button.disabled = true;
  }
  try {
    await work();
  } finally {
    if (button?.isConnected) {
      button.disabled = false;
    }
  }
}

function actionButton(
  label: string,
  accessibleName: string,
  onClick: (b: HTMLButtonElement) => void,
): HTMLButtonElement {
  const b = h('button', { type: 'button', class: 'secondary small', 'aria-label': accessibleName }, label);
  b.addEventListener('click', () => onClick(b));
  return b;
}

/** POST /retry (failed subscriptions only: the API answers 409 otherwise, shown as is). */
export function retryButton(
  ref: SubscriptionRef,
  messages: MessageSlot,
  after: () => Promise<void>,
): HTMLButtonElement {
  return actionButton('Retry', `Retry ${ref.label}`, (b) => {
    void busy(b, async () => {
      try {
        const r = await apiData<{ message: string }>('POST', '/retry', {
          app_id: ref.app_id,
          repository_id: ref.repository_id,
        });
        messages.ok(`${r.message}: ${ref.label}`);
        await after();
      } catch (e) {
        messages.error(errorText(e));
      }
    });
  });
}

/** POST /resync, after a warning: every current file is sent again as a create. */
export function resyncButton(
  ref: SubscriptionRef,
  messages: MessageSlot,
  after: () => Promise<void>,
): HTMLButtonElement {
  return actionButton('Re-sync', `Re-sync ${ref.label}`, (b) => {
    void busy(b, async () => {
      const ok = await confirmDialog({
        title: `Re-sync ${ref.label}?`,
        message: 'ALL files of this repository will be sent to the app again, as creates.',
        confirmLabel: 'Re-sync',
        danger: true,
      });
      if (!ok) {
        return;
      }
      try {
        const r = await apiData<{ message: string }>('POST', '/resync', {
          app_id: ref.app_id,
          repository_id: ref.repository_id,
        });
        messages.ok(`${r.message}: ${ref.label}`);
        await after();
      } catch (e) {
        messages.error(errorText(e));
      }
    });
  });
}

export interface BulkAction {
  /** Button text, e.g. "Retry all failed (3)". */
  label: string;
  /** Names the progress box, e.g. "Bulk retry". */
  kind: string;
  /** POST route starting it: /retry/all, /retry/app/:id, /resync/app/:id. */
  path: string;
  confirmTitle: string;
  confirmMessage: Child;
  danger?: boolean;
  disabled?: boolean;
}

/**
 * A button starting a bulk operation after a confirmation, then showing its progress in `slot` until it ends
 * (`after` reloads the page's data then).
 */
export function bulkButton(
  action: BulkAction,
  env: { slot: HTMLElement; messages: MessageSlot; signal: AbortSignal; after: () => Promise<void> },
): HTMLButtonElement {
  const b = h(
    'button',
    { type: 'button', class: action.danger ? 'danger' : 'secondary', disabled: action.disabled },
    action.label,
  );
  b.addEventListener('click', () => {
    void busy(b, async () => {
      const ok = await confirmDialog({
        title: action.confirmTitle,
        message: action.confirmMessage,
        confirmLabel: 'Start',
        danger: action.danger,
      });
      if (!ok) {
        return;
      }
      try {
        const started = await apiData<BulkOperationStarted>('POST', action.path);
        env.messages.clear();
        mount(
          env.slot,
          bulkProgress(action.kind, started, { signal: env.signal, onDone: () => void env.after() }),
        );
      } catch (e) {
        env.messages.error(errorText(e));
      }
    });
  });
  return b;
}
