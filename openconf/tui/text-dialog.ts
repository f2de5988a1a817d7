// Dialogs that show text and a row of buttons: a message box, a yes/no
// question, and the scrolling text viewer used for help. Long text scrolls
// with the cursor keys; the position shows as a percentage, as in dialog(1)'s
// textbox.

import { buttonForHotkey, buttonRow } from './button-row.ts';
import { Dialog, centeredRect } from './dialog.ts';
import { EscapeChord } from './escape-chord.ts';
import type { TuiKey } from './keys.ts';
import type { TuiScreen } from './screen.ts';
import { textWidth, type Span, type StyledLine } from './styled-text.ts';
import { wrapText } from './text-wrap.ts';

export interface TextDialogOptions {
  readonly title: string;
  readonly text: string;
  readonly buttons?: readonly string[];
  /** Button selected when the dialog opens. */
  readonly initial?: number;
  /** Use nearly the whole screen width (help texts). */
  readonly wide?: boolean;
}

/** Shows text and buttons; resolves with the chosen button, or undefined on Esc Esc. */
export function askButtons(screen: TuiScreen, opts: TextDialogOptions): Promise<number | undefined> {
  return new Promise((resolve) => {
    const buttons = opts.buttons && opts.buttons.length > 0 ? opts.buttons : ['OK'];
    let selected = Math.min(Math.max(0, opts.initial ?? 0), buttons.length - 1);
    let scroll = 0;
    let body: string[] = [];
    let bodyRows = 1;
    const esc = new EscapeChord();

    const layout = (): void => {
      const maxW = Math.max(10, screen.width - 4);
      const longest = Math.max(...opts.text.split('\n').map(textWidth), 0);
      const want = opts.wide ? maxW : Math.max(textWidth(opts.title) + 8, longest + 4, 34);
      const width = Math.min(maxW, want);
      body = wrapText(opts.text, width - 4);
      const maxRows = Math.max(1, screen.height - 6);
      bodyRows = Math.min(Math.max(1, body.length), maxRows);
      scroll = Math.min(scroll, Math.max(0, body.length - bodyRows));
      dialog.frame.setRect(centeredRect(screen, width, bodyRows + 4));
      draw();
    };

    const draw = (): void => {
      const inner = dialog.frame.innerWidth;
      const lines: StyledLine[] = [];
      for (let i = 0; i < bodyRows; i++) lines.push(' ' + (body[scroll + i] ?? ''));
      let status = '';
      if (body.length > bodyRows) {
        const pct = Math.round((100 * (scroll + bodyRows)) / body.length);
        status = `(${String(pct).padStart(3)}%)`;
      }
      lines.push(' '.repeat(Math.max(0, inner - textWidth(status) - 1)) + status);
      const row: Span[] = buttonRow(buttons, selected, inner);
      lines.push(row);
      dialog.frame.setLines(lines);
    };

    const finish = (result: number | undefined): void => {
      dialog.close();
      resolve(result);
    };

    const onKey = (key: TuiKey): void => {
      if (esc.feed(key)) return finish(undefined);
      const maxScroll = Math.max(0, body.length - bodyRows);
      switch (key.name) {
        case 'enter':
        case 'space':
          return finish(selected);
        case 'left':
          selected = (selected + buttons.length - 1) % buttons.length;
          break;
        case 'right':
        case 'tab':
          selected = (selected + 1) % buttons.length;
          break;
        case 'up':
        case 'k':
          scroll = Math.max(0, scroll - 1);
          break;
        case 'down':
        case 'j':
          scroll = Math.min(maxScroll, scroll + 1);
          break;
        case 'pageup':
        case 'b':
          scroll = Math.max(0, scroll - bodyRows);
          break;
        case 'pagedown':
          scroll = Math.min(maxScroll, scroll + bodyRows);
          break;
        case 'home':
          scroll = 0;
          break;
        case 'end':
          scroll = maxScroll;
          break;
        default: {
          const hot = buttonForHotkey(buttons, key.ch);
          if (hot >= 0) return finish(hot);
        }
      }
      draw();
    };

    const dialog = new Dialog(screen, opts.title, layout, onKey);
    dialog.open();
  });
}

/** Shows text with one button; resolves when it is dismissed. */
export async function showMessage(screen: TuiScreen, opts: TextDialogOptions): Promise<void> {
  await askButtons(screen, { ...opts, buttons: opts.buttons ?? ['OK'] });
}
