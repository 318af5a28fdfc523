import { errorText } from '../api.js';
import { Child, h } from '../dom.js';

/** An API or page error, announced to screen readers. */
export function errorBanner(message: string): HTMLElement {
  return h('div', { class: 'banner error', role: 'alert' }, message);
}

/** The outcome of an action ("Retry queued"), announced politely. */
export function notice(message: Child): HTMLElement {
  return h('div', { class: 'banner ok', role: 'status' }, message);
}

/** A message for the next page shown (after a navigation, e.g. "App deleted"). */
let pending: string | null = null;

export function setFlash(message: string): void {
  pending = message;
}

export function takeFlash(): string | null {
  const m = pending;
  pending = null;
  return m;
}

/**
 * A slot for messages about actions on the page. `show` replaces what it shows; errors stay until the next
 * action, notices too (tests and people both need time to read them).
 */
export class MessageSlot {
  readonly el = h('div', { class: 'messages' });
  private showingError = false;

  error(message: string): void {
    this.el.replaceChildren(errorBanner(message));
    this.showingError = true;
  }

  ok(message: Child): void {
    this.el.replaceChildren(notice(message));
    this.showingError = false;
  }

  clear(): void {
    this.el.replaceChildren();
    this.showingError = false;
  }

  /** After a successful load: a load error is over, an action's outcome stays. */
  clearError(): void {
    if (this.showingError) {
      this.clear();
    }
  }
}

/**
 * Drawing and reloading a page that shows one fetched object. `draw` shows a value and remembers it; `reload`
 * fetches again and redraws only when the answer changed (an unchanged refresh keeps the page, and the keyboard
 * focus, as it is). A failed reload is shown in `messages`, unless the page was left meanwhile.
 */
export function redrawOnChange<T>(opts: {
  fetch: () => Promise<T>;
  show: (value: T) => void;
  messages: MessageSlot;
  signal: AbortSignal;
}): { draw: (value: T) => void; reload: () => Promise<void> } {
  let shown = '';
  const draw = (value: T) => {
    shown = JSON.stringify(value);
    opts.show(value);
  };
  const reload = async () => {
    try {
      const fresh = await opts.fetch();
      opts.messages.clearError();
      if (JSON.stringify(fresh) !== shown) {
        draw(fresh);
      }
    } catch (e) {
      if (!opts.signal.aborted) {
        opts.messages.error(errorText(e));
      }
    }
  };
  return { draw, reload };
}
