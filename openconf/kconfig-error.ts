// Errors in Kconfig input, always located at <file>:<line> (kconfig-language.rst
// gives no error format; we follow the kernel tools' "file:line: message").

export class KconfigError extends Error {
  readonly file: string;
  readonly line: number;

  constructor(file: string, line: number, what: string) {
    super(`${file}:${line}: ${what}`);
    this.name = 'KconfigError';
    this.file = file;
    this.line = line;
  }
}
