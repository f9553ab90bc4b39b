/** Tiny DOM helpers, so pages read as markup. */
import type { BaseFuture } from 'reactive-futures/custom-worker';

type Child = Node | string | number;

/** Makes an element with attributes (or properties, for `on*` handlers) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Readonly<Record<string, string | number | boolean | ((event: Event) => void)>> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (typeof value === 'boolean') element.toggleAttribute(name, value);
    else element.setAttribute(name, String(value));
  }
  element.append(...children.map((child) => (typeof child === 'number' ? String(child) : child)));
  return element;
}

/**
 * A badge that shows a future's state as it changes (`data-state` holds it for styles and
 * tests). Returns the element and a function that stops following.
 */
export function stateBadge(future: BaseFuture | undefined): HTMLElement {
  const badge = h('span', { class: 'state', 'data-testid': 'state' }, 'no future');
  if (future === undefined) return badge;
  const show = (): void => {
    badge.textContent = future.state;
    badge.dataset['state'] = future.state;
  };
  show();
  future.observe('state', show);
  return badge;
}

/** Replaces `slot`'s content with a badge that follows `future`. */
export function followState(slot: HTMLElement, future: BaseFuture): void {
  slot.replaceChildren(stateBadge(future));
}

/** Formats a number with thousands separators. */
export function formatNumber(value: number): string {
  return value.toLocaleString('en-US');
}
