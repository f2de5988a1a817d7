// A dialog that lets the user pick one row from a list (search results, a
// file of choices). Optional detail lines under the list describe the
// selected row; an optional key hook lets the caller add keys (e.g. help).

import { buttonForHotkey, buttonRow } from './button-row.ts';
import { Dialog, centeredRect } from './dialog.ts';
import { EscapeChord } from './escape-chord.ts';
import type { TuiKey } from './keys.ts';
import { ListView } from './list-view.ts';
import type { TuiScreen } from './screen.ts';
import type { StyledLine } from './styled-text.ts';
import { wrapText } from './text-wrap.ts';
import { theme } from './theme.ts';

export interface ListDialogOptions {
  readonly title: string;
  /** Text above the list. */
  readonly text?: string;
  readonly items: readonly StyledLine[];
  /** Shown instead of the list when it is empty. */
  readonly emptyText?: string;
  /** Lines describing item `i`, shown under the list. */
  readonly describe?: (index: number) => readonly string[];
  readonly detailRows?: number;
  /** First button picks the selected row; any other closes with undefined. */
  readonly buttons?: readonly string[];
  /** Extra keys; return true when handled. Runs before the dialog's own keys. */
  readonly onKey?: (key: TuiKey, index: number) => boolean;
}

/** Resolves with the picked row's index, or undefined when cancelled. */
export function pickFromList(screen: TuiScreen, opts: ListDialogOptions): Promise<number | undefined> {
  return new Promise((resolve) => {
    const buttons = opts.buttons ?? ['Select', 'Cancel'];
    const detailRows = opts.describe ? (opts.detailRows ?? 3) : 0;
    let button = 0;
    let header: string[] = [];
    const esc = new EscapeChord();
    let list: ListView | undefined;

    const layout = (): void => {
      const rect = centeredRect(screen, Math.max(20, screen.width - 4), Math.max(8, screen.height - 2));
      const inner = rect.width - 2;
      header = opts.text ? wrapText(opts.text, inner - 2) : [];
      header = header.slice(0, Math.max(0, rect.height - 8 - detailRows));
      const listTop = rect.top + 1 + header.length;
      const listHeight = Math.max(3, rect.height - 2 - header.length - detailRows - 2);
      dialog.frame.setRect(rect);
      list!.setRect({ top: listTop, left: rect.left + 1, width: inner, height: listHeight });
      // With nothing to pick, the frame's own line underneath says so.
      if (list!.length === 0) list!.panel.hide();
      draw();
    };

    const draw = (): void => {
      const inner = dialog.frame.innerWidth;
      const lines: StyledLine[] = header.map((l) => ' ' + l);
      const listRows = list!.panel.bounds.height;
      for (let i = 0; i < listRows; i++) lines.push('');
      if (list!.length === 0) lines[header.length] = '  ' + (opts.emptyText ?? '(nothing)');
      const detail = opts.describe && list!.length > 0 ? opts.describe(list!.selected) : [];
      for (let i = 0; i < detailRows; i++) lines.push(' ' + (detail[i] ?? ''));
      lines.push('', buttonRow(buttons, button, inner));
      dialog.frame.setLines(lines);
    };

    const finish = (result: number | undefined): void => {
      list!.destroy();
      dialog.close();
      resolve(result);
    };

    const onKey = (key: TuiKey): void => {
      if (esc.feed(key)) return finish(undefined);
      if (opts.onKey && list!.length > 0 && opts.onKey(key, list!.selected)) {
        draw();
        return;
      }
      if (list!.handleKey(key)) {
        draw();
        return;
      }
      switch (key.name) {
        case 'enter':
        case 'space':
          return finish(button === 0 && list!.length > 0 ? list!.selected : undefined);
        case 'left':
          button = (button + buttons.length - 1) % buttons.length;
          break;
        case 'right':
        case 'tab':
          button = (button + 1) % buttons.length;
          break;
        default: {
          const hot = buttonForHotkey(buttons, key.ch);
          if (hot === 0 && list!.length > 0) return finish(list!.selected);
          if (hot > 0) return finish(undefined);
        }
      }
      draw();
    };

    const dialog = new Dialog(screen, opts.title, layout, onKey);
    list = new ListView(screen, { style: theme.dialog, selectedStyle: theme.selected });
    list.panel.raise();
    list.setItems(opts.items, 0);
    dialog.open();
  });
}
