// Colours shared by every tui view, after the classic dialog(1) look that
// menuconfig users know: blue backdrop, grey-white dialogs, blue highlight.

import type { TextStyle } from './styled-text.ts';

export const theme = {
  backdrop: { fg: 'white', bg: 'blue' } as TextStyle,
  backdropTitle: { fg: 'cyan', bg: 'blue', bold: true } as TextStyle,
  dialog: { fg: 'black', bg: 'white' } as TextStyle,
  dialogBorder: { fg: 'black', bg: 'white' } as TextStyle,
  dialogTitle: { fg: 'blue', bg: 'white', bold: true } as TextStyle,
  selected: { fg: 'white', bg: 'blue', bold: true } as TextStyle,
  hotkey: { fg: 'red', bold: true } as TextStyle,
  button: { fg: 'black', bg: 'white' } as TextStyle,
  buttonSelected: { fg: 'white', bg: 'blue', bold: true } as TextStyle,
  inputField: { fg: 'black', bg: 'cyan' } as TextStyle,
  cursor: { fg: 'white', bg: 'black' } as TextStyle,
  dim: { fg: 'blue' } as TextStyle,
  error: { fg: 'red', bold: true } as TextStyle,
} as const;
