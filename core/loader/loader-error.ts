// Errors of the image loader: always name the file, and the guest and
// address where that matters.

export class LoaderError extends Error {
  override name = 'LoaderError';
}

export function hex(n: number): string {
  return `0x${n.toString(16)}`;
}
