// Runs a UI example in Node: a jsdom window as the DOM, and a wait for text to appear.
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!doctype html><html><body><div id="root"></div></body></html>');
const globals = globalThis as Record<string, unknown>;
for (const name of [
  'window',
  'document',
  'navigator',
  'Node',
  'HTMLElement',
  'Element',
  'MutationObserver',
  'SVGElement',
  'MouseEvent',
  'Event',
]) {
  globals[name] ??= (dom.window as unknown as Record<string, unknown>)[name];
}
globals['window'] = dom.window;
globals['document'] = dom.window.document;

/** The element examples mount into. */
export const root = dom.window.document.getElementById('root') as HTMLElement;

/** Clicks the first button whose text is `label`. */
export function click(label: string): void {
  const button = [...root.querySelectorAll('button')].find((element) => element.textContent === label);
  if (button === undefined) throw new Error(`No button '${label}' in: ${root.innerHTML}`);
  button.dispatchEvent(new dom.window.MouseEvent('click', { bubbles: true }));
}

/** Resolves with the root's text once it contains `text`; rejects after `timeout` ms. */
export function waitForText(text: string, timeout = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      if (!root.textContent.includes(text)) return false;
      observer.disconnect();
      clearTimeout(timer);
      resolve(root.textContent);
      return true;
    };
    const observer = new dom.window.MutationObserver(check);
    const timer = setTimeout(() => {
      observer.disconnect();
      reject(new Error(`Timed out waiting for '${text}'; the page shows: ${root.textContent}`));
    }, timeout);
    observer.observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
    check();
  });
}
