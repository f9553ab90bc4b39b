import { describe, expect, it } from 'vitest';
import { createRenderer, formatLine, type Renderer } from '../../examples/demo/progress-renderer.js';

const ESC = '\u001b[';

/** A renderer writing into an array, one entry per `write` call. */
function capture(mode: 'tty' | 'plain', columns?: number): { renderer: Renderer; writes: string[] } {
  const writes: string[] = [];
  const renderer = createRenderer({ mode, write: (text) => writes.push(text), barWidth: 10, columns });
  return { renderer, writes };
}

describe('formatLine', () => {
  it('draws label, bar, percentage, state and detail', () => {
    expect(
      formatLine({ label: 'primes', state: 'executing', fraction: 0.42, detail: '7 found' }, 10, 8),
    ).toBe('primes   [####------]  42% executing   7 found');
  });

  it('clamps the fraction and shows "?" when there is no measure', () => {
    expect(formatLine({ label: 'a', state: 'completed', fraction: 1.7 }, 4)).toBe('a [####] 100% completed');
    expect(formatLine({ label: 'a', state: 'waiting', fraction: -1 }, 4)).toBe('a [----]   0% waiting');
    expect(formatLine({ label: 'a', state: 'waiting' }, 4)).toBe('a [----]    ? waiting');
  });
});

describe('plain renderer', () => {
  it('prints a line per state change and per quarter of progress, and nothing else', () => {
    const { renderer, writes } = capture('plain');
    renderer.update('p', { label: 'p', state: 'waiting', fraction: 0 });
    renderer.update('p', { label: 'p', state: 'executing', fraction: 0 });
    renderer.update('p', { label: 'p', state: 'executing', fraction: 0.1, detail: 'ignored: same quarter' });
    renderer.update('p', { label: 'p', state: 'executing', fraction: 0.3 });
    renderer.update('q', { label: 'q', state: 'waiting' });
    renderer.log('a message');
    renderer.update('p', { label: 'p', state: 'cancelling', fraction: 0.3 });
    renderer.render();
    renderer.update('p', { label: 'p', state: 'cancelled', fraction: 0.3 });
    renderer.close();

    expect(writes).toEqual([
      'p [----------]   0% waiting\n',
      'p [----------]   0% executing\n',
      'p [###-------]  30% executing\n',
      'q [----------]    ? waiting\n',
      'a message\n',
      'p [###-------]  30% cancelling\n',
      'p [###-------]  30% cancelled\n',
    ]);
    expect(writes.join('')).not.toContain('\u001b');
  });
});

describe('terminal renderer', () => {
  it('hides the cursor, draws only when something changed, and redraws in place', () => {
    const { renderer, writes } = capture('tty');
    expect(writes).toEqual([`${ESC}?25l`]);

    renderer.render();
    expect(writes).toHaveLength(1); // nothing to draw yet

    renderer.update('a', { label: 'a', state: 'executing', fraction: 0.5 });
    renderer.update('bb', { label: 'bb', state: 'waiting' });
    renderer.render();
    const first = writes[1]!;
    expect(first.startsWith(`${ESC}2K`)).toBe(true); // the first draw starts where the cursor is
    expect(first).not.toContain('A\r');
    expect(first.split('\n')).toHaveLength(3); // two lines, each ended by a newline
    expect(first).toContain(`a  [#####-----]  50% ${ESC}36mexecuting${ESC}0m`);

    renderer.render();
    expect(writes).toHaveLength(2); // unchanged: no redraw

    renderer.update('a', { label: 'a', state: 'completed', fraction: 1 });
    renderer.render();
    // Up two lines to the top of the block, then each line cleared and rewritten.
    expect(writes[2]!.startsWith(`${ESC}2A\r${ESC}2K`)).toBe(true);
    expect(writes[2]).toContain(`${ESC}32mcompleted${ESC}0m`);
  });

  it('prints messages above the task lines and draws them again below', () => {
    const { renderer, writes } = capture('tty');
    renderer.update('a', { label: 'a', state: 'executing', fraction: 0.5 });
    renderer.render();
    writes.length = 0;

    renderer.log('hello');
    expect(writes[0]).toBe(`${ESC}1A\r${ESC}0Jhello\n`);
    expect(writes[1]!.startsWith(`${ESC}2Ka `)).toBe(true);
  });

  it('cuts lines to the terminal width, since a wrapped line would break redrawing', () => {
    const { renderer, writes } = capture('tty', 30);
    renderer.update('a', { label: 'a', state: 'executing', fraction: 0, detail: 'x'.repeat(100) });
    renderer.render();
    const visible = writes[1]!.replaceAll(/\u001b\[[0-9;?]*[A-Za-z]/g, '').replace(/\n$/, '');
    expect(visible).toHaveLength(29);
  });

  it('cuts nothing when the terminal does not report its width (columns 0)', () => {
    const { renderer, writes } = capture('tty', 0);
    renderer.update('a', { label: 'a', state: 'completed', fraction: 1, detail: 'the whole detail' });
    renderer.render();
    expect(writes[1]).toMatch(/the whole detail\n$/);
  });

  it('draws the final state and shows the cursor again on close, once', () => {
    const { renderer, writes } = capture('tty');
    renderer.update('a', { label: 'a', state: 'cancelled', fraction: 0.4 });
    renderer.close();
    renderer.close();
    expect(writes.at(-1)).toBe(`${ESC}?25h`);
    expect(writes.filter((text) => text === `${ESC}?25h`)).toHaveLength(1);
    expect(writes.at(-2)).toContain(`${ESC}35mcancelled${ESC}0m`);
  });
});
