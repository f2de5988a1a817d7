// What every modal dialog shares: a bordered, shadowed frame centred on the
// screen and raised above what is already there, a key layer on top of the
// stack, and a relayout on resize. Closing removes all three.

import type { TuiKey } from './keys.ts';
import { Panel, type Rect } from './panel.ts';
import type { KeyLayer, TuiScreen } from './screen.ts';
import { theme } from './theme.ts';

export function centeredRect(screen: TuiScreen, width: number, height: number): Rect {
  const w = Math.max(1, Math.min(width, screen.width));
  const h = Math.max(1, Math.min(height, screen.height));
  return {
    top: Math.max(0, Math.floor((screen.height - h) / 2)),
    left: Math.max(0, Math.floor((screen.width - w) / 2)),
    width: w,
    height: h,
  };
}

export class Dialog {
  readonly frame: Panel;
  private readonly layer: KeyLayer;
  private readonly stopResize: () => void;
  private closed = false;

  /**
   * `layout` is called now and on every resize; it sizes the frame and fills
   * it. `onKey` receives every key while the dialog is on top.
   */
  constructor(
    readonly screen: TuiScreen,
    title: string,
    private readonly layout: () => void,
    onKey: (key: TuiKey) => void,
  ) {
    this.frame = new Panel(screen, {
      border: true,
      shadow: true,
      title,
      style: theme.dialog,
      borderStyle: theme.dialogBorder,
      titleStyle: theme.dialogTitle,
    });
    this.frame.raise();
    this.layer = screen.pushKeys(onKey);
    this.stopResize = screen.onResize(() => this.layout());
  }

  /** Lays the dialog out for the first time; subclasses call it once their fields exist. */
  open(): void {
    this.layout();
    this.screen.requestRender();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.layer.pop();
    this.stopResize();
    this.frame.destroy();
    this.screen.requestRender();
  }
}
