// Host memory behind a guest RAM/ROM region, allocated lazily in 64 KiB
// chunks on first touch: a 1 GiB guest that touches 2 MiB costs about 2 MiB
// of host memory (issue 4, vmm_guest_aspace). Chunks are DataViews because
// DataView access is the fastest at every width (HOTPATH.md "Memory").

export const CHUNK_SHIFT = 16;
export const CHUNK_SIZE = 1 << CHUNK_SHIFT;

export class RamBacking {
  readonly chunks: (DataView | undefined)[];
  allocatedChunks = 0;

  constructor(
    readonly name: string,
    readonly size: number,
  ) {
    this.chunks = new Array(Math.ceil(size / CHUNK_SIZE));
  }

  get allocatedBytes(): number {
    return this.allocatedChunks * CHUNK_SIZE;
  }

  /** The chunk holding byte offset `off` (allocated, zeroed, on first use). */
  chunk(off: number): DataView {
    const i = Math.floor(off / CHUNK_SIZE);
    let v = this.chunks[i];
    if (v === undefined) {
      v = new DataView(new ArrayBuffer(CHUNK_SIZE));
      this.chunks[i] = v;
      this.allocatedChunks++;
    }
    return v;
  }

  /** Copies [off, off+dst.length) into dst; untouched chunks read as zero without allocating. */
  read(off: number, dst: Uint8Array): void {
    let done = 0;
    while (done < dst.length) {
      const o = off + done;
      const ci = Math.floor(o / CHUNK_SIZE);
      const co = o - ci * CHUNK_SIZE;
      const n = Math.min(CHUNK_SIZE - co, dst.length - done);
      const v = this.chunks[ci];
      if (v === undefined) dst.fill(0, done, done + n);
      else dst.set(new Uint8Array(v.buffer, co, n), done);
      done += n;
    }
  }

  write(off: number, src: Uint8Array): void {
    let done = 0;
    while (done < src.length) {
      const o = off + done;
      const co = o % CHUNK_SIZE;
      const n = Math.min(CHUNK_SIZE - co, src.length - done);
      const v = this.chunk(o);
      new Uint8Array(v.buffer, co, n).set(src.subarray(done, done + n));
      done += n;
    }
  }

  /** Allocated chunks as (index, bytes) for snapshots. */
  *allocated(): Generator<[number, Uint8Array]> {
    for (let i = 0; i < this.chunks.length; i++) {
      const v = this.chunks[i];
      if (v !== undefined) yield [i, new Uint8Array(v.buffer)];
    }
  }

  /** Drops every chunk (the region reads as zero again). */
  clear(): void {
    this.chunks.fill(undefined);
    this.allocatedChunks = 0;
  }
}
