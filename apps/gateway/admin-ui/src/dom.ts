/**
 * The UI's only way to build DOM: elements from createElement, text from text nodes, attributes from
 * setAttribute. Nothing ever goes through innerHTML, so an app name, an error or a URL is always shown as text.
 */

export type Child = Node | string | number | null | undefined | false | Child[];

type Listener = (event: Event) => void;
export type AttrValue = string | number | boolean | null | undefined | Listener;
export type Attrs = Record<string, AttrValue>;

function append(parent: Node, child: Child): void {
  if (child === null || child === undefined || child === false) {
    return;
  }
  if (Array.isArray(child)) {
    child.forEach((c) => append(parent, c));
  } else if (child instanceof Node) {
    parent.appendChild(child);
  } else {
    parent.appendChild(document.createTextNode(String(child)));
  }
}

function setAttr(el: HTMLElement, name: string, value: AttrValue): void {
  if (typeof value === 'function') {
    el.addEventListener(name.slice(2).toLowerCase(), value);
  } else if (value === null || value === undefined || value === false) {
    return;
  } else if (name === 'style' || /^on/i.test(name)) {
    // Inline styles and handlers are refused by the CSP: a mistake here should fail loudly, not silently.
    throw new Error(`h(): attribute ${name} is not allowed`);
  } else if (name === 'value' && 'value' in el) {
    (el as HTMLInputElement).value = String(value);
  } else {
    el.setAttribute(name, value === true ? '' : String(value));
  }
}

/** `h('button', {type: 'button', onClick: fn}, 'Save')`. Keys `onX` with a function value add listeners. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs?: Attrs | null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    setAttr(el, name, value);
  }
  append(el, children);
  return el;
}

/** Replaces everything inside `el`. */
export function mount(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}

/** An http(s) URL as a link target, or null (a `javascript:` or other URL from data is never made a link). */
export function safeHref(url: string | null | undefined): string | null {
  if (!url) {
    return null;
  }
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** An external link when the URL is http(s), else the URL as plain text. */
export function externalLink(url: string | null | undefined, label?: string): Node {
  const href = safeHref(url);
  const text = label ?? url ?? '';
  return href
    ? h('a', { href, target: '_blank', rel: 'noopener noreferrer' }, text)
    : document.createTextNode(text);
}

let idCounter = 0;

/** A document-unique id, to tie a label to its input. */
export function uid(prefix: string): string {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

/** A labelled form field: `<div class="field"><label for>…</label><input id>…</div>`. */
export function field(
  label: string,
  control: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement,
  hint?: string,
): HTMLElement {
  control.id ||= uid('f');
  const hintId = hint ? `${control.id}-hint` : null;
  if (hintId) {
    control.setAttribute('aria-describedby', hintId);
  }
  return h(
    'div',
    { class: 'field' },
    h('label', { for: control.id }, label),
    control,
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
  );
}
