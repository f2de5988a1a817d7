// "Esc Esc" as one gesture. A lone Esc is also the first byte of every
// cursor-key sequence, so dialog(1)-style tools act only on two in a row.
// blessed hands over both Escs as one meta-escape when they arrive together.

import type { TuiKey } from './keys.ts';

export class EscapeChord {
  private pending = false;

  /** Feeds every key; returns true when this key completes Esc Esc. */
  feed(key: TuiKey): boolean {
    if (key.name !== 'escape') {
      this.pending = false;
      return false;
    }
    if (key.meta || this.pending) {
      this.pending = false;
      return true;
    }
    this.pending = true;
    return false;
  }

  /** True while one Esc has been seen and the next key decides. */
  get waiting(): boolean {
    return this.pending;
  }
}
