// The few web-platform globals that the pure layers (core/, arch/, emulators/)
// may use. They exist in Node and browsers alike; Node's own types are not
// visible to these layers (tsconfig.pure.json), so nothing there reaches fs,
// net or process.
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: ArrayBufferView | ArrayBuffer): string;
}
