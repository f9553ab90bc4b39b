/**
 * The gallery: one page per example of the Traits Futures guide, chosen by the URL's hash.
 */
import './style.css';
import { createEnvironment } from './environment.js';
import { mountFizzBuzz } from './pages/fizz-buzz.js';
import { mountPi } from './pages/pi.js';
import { mountPrimes } from './pages/primes.js';
import { mountResponsiveness } from './pages/responsiveness.js';
import { mountSquares } from './pages/squares.js';
import { h } from './ui.js';

const PAGES = {
  squares: { title: 'Slow squares', mount: mountSquares },
  pi: { title: 'π approximations', mount: mountPi },
  primes: { title: 'Prime counting', mount: mountPrimes },
  'fizz-buzz': { title: 'Fizz-Buzz', mount: mountFizzBuzz },
  responsiveness: { title: 'Responsiveness', mount: mountResponsiveness },
} as const;
type PageName = keyof typeof PAGES;

const environment = createEnvironment();
const app = document.getElementById('app') as HTMLElement;

function pageName(): PageName {
  const name = location.hash.slice(1);
  return name in PAGES ? (name as PageName) : 'squares';
}

function render(): void {
  const current = pageName();
  const nav = h(
    'nav',
    {},
    ...Object.entries(PAGES).map(([name, page]) =>
      h('a', { href: `#${name}`, class: name === current ? 'current' : '' }, page.title),
    ),
  );
  const isolation = h(
    'p',
    { id: 'isolation', class: 'isolation', 'data-isolated': environment.isolated },
    environment.isolated
      ? 'Cross-origin isolated: tasks see cancellation through shared memory, even in a busy loop.'
      : 'Not cross-origin isolated (no SharedArrayBuffer): tasks see cancellation when they yield to their event loop.',
  );
  const main = h('main', { 'data-page': current });
  app.replaceChildren(h('header', {}, h('h1', {}, 'reactive-futures gallery'), nav, isolation), main);
  PAGES[current].mount(main, environment);
}

addEventListener('hashchange', render);
render();
