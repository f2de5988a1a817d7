// Openconf: the Kconfig language (Linux Documentation/kbuild/kconfig-language.rst)
// in TypeScript. Kconfiglib is the reference for values and output formats.

export { KconfigError } from './kconfig-error.ts';
export { type Tri, type Expr, type RelOp, exprToString, exprToStringWithValues, exprValue } from './expr.ts';
export { Kconfig, type LoadOptions } from './kconfig.ts';
export { KconfigSymbol, type SymbolType } from './symbol.ts';
export { Choice } from './choice.ts';
export { MenuNode, type Prompt, type MenuItem } from './menu-node.ts';
export { runConfQuestions, defconfig, olddefconfig, savedefconfig, type ConfIo } from './conf.ts';
