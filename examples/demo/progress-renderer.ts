/**
 * The terminal demo's display: one line per task, with a progress bar. On a terminal the
 * lines are redrawn in place with ANSI escapes (no dependency); elsewhere (a pipe, a log
 * file, CI) each noteworthy change is printed once as a plain log line, since escapes
 * would only garble the output there. The mode and the output are injected, so both modes
 * can be tested without a terminal.
 */
import type { FutureState } from 'reactive-futures';

/** What the display shows about one task. */
export interface TaskLine {
  /** A short name, the same for the whole run. */
  readonly label: string;
  /** The state of the task's future. */
  readonly state: FutureState;
  /** How far along it is, from 0 to 1; `undefined` when there is no measure. */
  readonly fraction?: number | undefined;
  /** Free text after the bar: the latest progress, result or error. */
  readonly detail?: string;
}

/** Options of {@link createRenderer}. */
export interface RendererOptions {
  /** Where the text goes, e.g. `(text) => process.stdout.write(text)`. */
  readonly write: (text: string) => void;
  /** `'tty'`: redraw in place with ANSI escapes; `'plain'`: append log lines. */
  readonly mode: 'tty' | 'plain';
  /** How many characters the bar is wide. @default 24 */
  readonly barWidth?: number;
  /** Labels are padded to this width (on a terminal, at least to the longest label). @default 0 */
  readonly labelWidth?: number;
  /**
   * Terminal width: longer lines are cut, since a wrapped line would break redrawing in place.
   * `undefined` or 0 (a terminal that does not report its size) means no limit.
   * @default undefined
   */
  readonly columns?: number | undefined;
}

/** A display of task lines. Main thread only, like the futures it follows. */
export interface Renderer {
  /** Records the latest line of task `key` (plain mode prints it if something noteworthy changed). */
  update(key: string, line: TaskLine): void;
  /** Prints a message; on a terminal it appears above the task lines. */
  log(message: string): void;
  /** Redraws the task lines if any changed (terminal only; call it on a timer). */
  render(): void;
  /** Draws the final lines and restores the cursor. Idempotent. */
  close(): void;
}

const ESC = '\u001b[';
const STATE_COLOURS: Readonly<Record<FutureState, string>> = {
  waiting: '2', // dim
  executing: '36', // cyan
  completed: '32', // green
  failed: '31', // red
  cancelling: '33', // yellow
  cancelled: '35', // magenta
};

/**
 * Formats a task line without escapes: label, bar, percentage, state and detail. The state
 * starts at column `labelWidth + barWidth + 9`, where the terminal renderer colours it.
 */
export function formatLine(line: TaskLine, barWidth = 24, labelWidth = 0): string {
  const fraction = line.fraction === undefined ? undefined : Math.min(1, Math.max(0, line.fraction));
  const filled = fraction === undefined ? 0 : Math.round(fraction * barWidth);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}]`;
  const percent = fraction === undefined ? '   ?' : `${Math.floor(fraction * 100)}%`.padStart(4);
  const detail = line.detail === undefined || line.detail === '' ? '' : `  ${line.detail}`;
  return `${line.label.padEnd(labelWidth)} ${bar} ${percent} ${line.state.padEnd(10)}${detail}`.trimEnd();
}

/** Makes a renderer in the given mode. */
export function createRenderer(options: RendererOptions): Renderer {
  return options.mode === 'tty' ? new TerminalRenderer(options) : new PlainRenderer(options);
}

/** Appends a line when a task's state changes or its bar passes another quarter. */
class PlainRenderer implements Renderer {
  readonly #write: (text: string) => void;
  readonly #barWidth: number;
  readonly #labelWidth: number;
  readonly #printed = new Map<string, { state: FutureState; quarter: number }>();

  constructor(options: RendererOptions) {
    this.#write = options.write;
    this.#barWidth = options.barWidth ?? 24;
    this.#labelWidth = options.labelWidth ?? 0;
  }

  update(key: string, line: TaskLine): void {
    const quarter = Math.floor((line.fraction ?? 0) * 4);
    const last = this.#printed.get(key);
    if (last !== undefined && last.state === line.state && last.quarter >= quarter) return;
    this.#printed.set(key, { state: line.state, quarter });
    this.#write(`${formatLine(line, this.#barWidth, this.#labelWidth)}\n`);
  }

  log(message: string): void {
    this.#write(`${message}\n`);
  }

  render(): void {}

  close(): void {}
}

/** Keeps the task lines at the bottom of the terminal and rewrites them in place. */
class TerminalRenderer implements Renderer {
  readonly #write: (text: string) => void;
  readonly #barWidth: number;
  readonly #columns: number;
  readonly #labelWidth: number;
  readonly #lines = new Map<string, TaskLine>();
  #drawnLines = 0;
  #dirty = false;
  #closed = false;

  constructor(options: RendererOptions) {
    this.#write = options.write;
    this.#barWidth = options.barWidth ?? 24;
    this.#columns = options.columns === undefined || options.columns <= 0 ? Infinity : options.columns;
    this.#labelWidth = options.labelWidth ?? 0;
    this.#write(`${ESC}?25l`); // hide the cursor while drawing, so it does not flicker
  }

  update(key: string, line: TaskLine): void {
    this.#lines.set(key, line);
    this.#dirty = true;
  }

  log(message: string): void {
    // Erase the task lines, print the message where they were, and draw them again below it.
    this.#write(`${this.#cursorToTop()}${ESC}0J${message}\n`);
    this.#drawnLines = 0;
    this.#draw();
  }

  render(): void {
    if (this.#dirty && !this.#closed) this.#draw();
  }

  close(): void {
    if (this.#closed) return;
    if (this.#dirty) this.#draw();
    this.#closed = true;
    this.#write(`${ESC}?25h`);
  }

  #cursorToTop(): string {
    return this.#drawnLines > 0 ? `${ESC}${this.#drawnLines}A\r` : '';
  }

  #draw(): void {
    const labelWidth = Math.max(
      this.#labelWidth,
      ...[...this.#lines.values()].map((line) => line.label.length),
    );
    let text = this.#cursorToTop();
    for (const line of this.#lines.values()) {
      const plain = formatLine(line, this.#barWidth, labelWidth).slice(0, this.#columns - 1);
      // Colour only the state word; `2K` clears what a longer previous line left behind.
      const start = labelWidth + this.#barWidth + 9;
      const end = start + line.state.length;
      const coloured =
        plain.length < end
          ? plain
          : `${plain.slice(0, start)}${ESC}${STATE_COLOURS[line.state]}m${line.state}${ESC}0m${plain.slice(end)}`;
      text += `${ESC}2K${coloured}\n`;
    }
    this.#write(text);
    this.#drawnLines = this.#lines.size;
    this.#dirty = false;
  }
}
