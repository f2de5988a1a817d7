// A one-line text entry dialog. The field scrolls sideways to keep the cursor
// visible. A `validate` callback can refuse the text: its message is shown
// over the dialog, and the dialog stays open with the text as typed, so the
// caller's value is never touched by a refused entry.

import { buttonRow } from './button-row.ts';
import { Dialog, centeredRect } from './dialog.ts';
import { EscapeChord } from './escape-chord.ts';
import type { TuiKey } from './keys.ts';
import { LineEditor } from './line-editor.ts';
import type { TuiScreen } from './screen.ts';
import type { Span, StyledLine } from './styled-text.ts';
import { showMessage } from './text-dialog.ts';
import { wrapText } from './text-wrap.ts';
import { theme } from './theme.ts';

export interface InputDialogOptions {
  readonly title: string;
  readonly text: string;
  readonly initial?: string;
  /** Returns an error message to refuse the text, or undefined to accept it. */
  readonly validate?: (text: string) => string | undefined;
  readonly errorTitle?: string;
}

const BUTTONS = ['Ok', 'Cancel'] as const;

/** Resolves with the accepted text, or undefined when cancelled. */
export function askText(screen: TuiScreen, opts: InputDialogOptions): Promise<string | undefined> {
  return new Promise((resolve) => {
    const editor = new LineEditor(opts.initial ?? '');
    // 0: the text field, 1 and 2: the buttons.
    let focus = 0;
    let body: string[] = [];
    const esc = new EscapeChord();

    const layout = (): void => {
      const width = Math.min(Math.max(10, screen.width - 4), 70);
      body = wrapText(opts.text, width - 4);
      const maxBody = Math.max(0, screen.height - 8);
      body = body.slice(0, maxBody);
      dialog.frame.setRect(centeredRect(screen, width, body.length + 6));
      draw();
    };

    const draw = (): void => {
      const inner = dialog.frame.innerWidth;
      const field: Span[] = [{ text: ' ' }, ...editor.render(inner - 2, theme.inputField, focus === 0 ? theme.cursor : undefined)];
      const lines: StyledLine[] = body.map((l) => ' ' + l);
      lines.push('', field, '');
      lines.push(buttonRow(BUTTONS, focus === 0 ? 0 : focus - 1, inner));
      dialog.frame.setLines(lines);
    };

    const finish = (result: string | undefined): void => {
      dialog.close();
      resolve(result);
    };

    const accept = async (): Promise<void> => {
      const text = editor.text;
      const problem = opts.validate?.(text);
      if (problem === undefined) return finish(text);
      // The message covers this dialog's key layer until it is dismissed.
      await showMessage(screen, { title: opts.errorTitle ?? 'Invalid entry', text: problem });
      focus = 0;
      draw();
    };

    const onKey = (key: TuiKey): void => {
      if (esc.feed(key)) return finish(undefined);
      if (key.name === 'tab') {
        focus = (focus + 1) % 3;
      } else if (focus === 0) {
        if (editor.handleKey(key) === 'submit') {
          void accept();
          return;
        }
      } else if (key.name === 'left' || key.name === 'right') {
        focus = focus === 1 ? 2 : 1;
      } else if (key.name === 'enter' || key.name === 'space') {
        if (focus === 2) return finish(undefined);
        void accept();
        return;
      }
      draw();
    };

    const dialog = new Dialog(screen, opts.title, layout, onKey);
    dialog.open();
  });
}
