// openconf/tui: the project's small terminal UI kit on top of blessed.
// menuconfig and the management terminal use only what is exported here.

export { TuiScreen, type TuiScreenOptions, type KeyHandler, type KeyLayer, type CellStyle } from './screen.ts';
export { normalizeKey, typedChar, type TuiKey } from './keys.ts';
export { EscapeChord } from './escape-chord.ts';
export { Panel, type Rect, type PanelOptions } from './panel.ts';
export { ListView, type ListViewOptions } from './list-view.ts';
export { LogView, type LogViewOptions } from './log-view.ts';
export { LineEditor, type EditResult } from './line-editor.ts';
export { buttonRow, buttonText, buttonForHotkey } from './button-row.ts';
export { Dialog, centeredRect } from './dialog.ts';
export { askButtons, showMessage, type TextDialogOptions } from './text-dialog.ts';
export { askText, type InputDialogOptions } from './input-dialog.ts';
export { pickFromList, type ListDialogOptions } from './list-dialog.ts';
export { wrapText } from './text-wrap.ts';
export { fitLine, lineWidth, plainText, restyle, spansOf, textWidth, toMarkup } from './styled-text.ts';
export type { Color, Span, StyledLine, TextStyle } from './styled-text.ts';
export { theme } from './theme.ts';
