// A snapshot as bytes: the plain-object snapshot as JSON with every typed
// array moved to a binary blob after it. Layout: "XVSNAP01", u32 JSON length,
// JSON (UTF-8), u32 blob count, then per blob a u32 length and its bytes
// (all little-endian). Decoding validates every length against the input.

const MAGIC = 'XVSNAP01';

type Typed = Uint8Array | Uint16Array | Uint32Array | Int32Array | Float64Array;
const CTORS: Record<string, new (b: ArrayBuffer) => Typed> = { Uint8Array, Uint16Array, Uint32Array, Int32Array, Float64Array };

export class SnapshotFormatError extends Error {
  override name = 'SnapshotFormatError';
}

export function encodeSnapshot(obj: unknown): Uint8Array {
  const blobs: Uint8Array[] = [];
  const json = JSON.stringify(obj, (_k, v: unknown) => {
    for (const name of Object.keys(CTORS))
      if (v instanceof CTORS[name]) {
        const t = v as Typed;
        blobs.push(new Uint8Array(t.buffer, t.byteOffset, t.byteLength).slice());
        return { $typed: name, blob: blobs.length - 1 };
      }
    return v;
  });
  const jb = new TextEncoder().encode(json);
  const total = 8 + 4 + jb.length + 4 + blobs.reduce((n, b) => n + 4 + b.length, 0);
  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  out.set(new TextEncoder().encode(MAGIC), 0);
  dv.setUint32(8, jb.length, true);
  out.set(jb, 12);
  let o = 12 + jb.length;
  dv.setUint32(o, blobs.length, true);
  o += 4;
  for (const b of blobs) {
    dv.setUint32(o, b.length, true);
    out.set(b, o + 4);
    o += 4 + b.length;
  }
  return out;
}

export function decodeSnapshot(bytes: Uint8Array, file = 'snapshot'): unknown {
  const need = (o: number, n: number, what: string) => {
    if (o + n > bytes.length) throw new SnapshotFormatError(`${file}: truncated at byte ${o} (${what})`);
  };
  need(0, 12, 'header');
  if (new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) throw new SnapshotFormatError(`${file}: not an Xvisor-TS snapshot (no ${MAGIC} magic)`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const jlen = dv.getUint32(8, true);
  need(12, jlen, 'JSON');
  const json = new TextDecoder().decode(bytes.subarray(12, 12 + jlen));
  let o = 12 + jlen;
  need(o, 4, 'blob count');
  const count = dv.getUint32(o, true);
  o += 4;
  const blobs: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    need(o, 4, `blob ${i} length`);
    const n = dv.getUint32(o, true);
    need(o + 4, n, `blob ${i}`);
    blobs.push(bytes.slice(o + 4, o + 4 + n));
    o += 4 + n;
  }
  try {
    return JSON.parse(json, (_k, v: unknown) => {
      if (v !== null && typeof v === 'object' && '$typed' in v) {
        const { $typed, blob } = v as { $typed: string; blob: number };
        const C = CTORS[$typed];
        const b = blobs[blob];
        if (C === undefined || b === undefined) throw new SnapshotFormatError(`${file}: bad typed array reference ${$typed}#${blob}`);
        return new C(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer);
      }
      return v;
    });
  } catch (err) {
    if (err instanceof SnapshotFormatError) throw err;
    throw new SnapshotFormatError(`${file}: bad JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
}
