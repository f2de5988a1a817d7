// A guest disk backed by a host file (Xvisor's block device over a file):
// raw image, byte-addressed reads and writes at 512-byte granularity, flush
// as fsync, optional read-only mode. Implements the BlockBackend that
// emulators/virtio/blk.ts reaches through ctx.service('block', name).
//
// I/O is synchronous (positional reads/writes, fsync) so that a guest's
// request completes at a deterministic point of virtual time and a flush
// completes only once the host's fsync has returned. Errors from the host
// complete the request as failed (the guest sees an I/O error) and are
// logged with the file name; nothing throws into the emulator.

import * as fs from 'node:fs';
import type { BlockBackend } from '../../core/devemu/host-services.ts';

export const SECTOR_SIZE = 512;

/** The host calls a BlockFile makes (fs by default; tests may observe them). */
export interface BlockIo {
  openSync(path: string, flags: string): number;
  fstatSync(fd: number): { size: number; isFile(): boolean };
  readSync(fd: number, buf: Uint8Array, off: number, len: number, pos: number): number;
  writeSync(fd: number, buf: Uint8Array, off: number, len: number, pos: number): number;
  fsyncSync(fd: number): void;
  closeSync(fd: number): void;
}

export class BlockFileError extends Error {
  override name = 'BlockFileError';
}

export interface BlockFileOptions {
  readOnly?: boolean;
  /** Up to 20 characters for VIRTIO_BLK_T_GET_ID; defaults to the name. */
  serial?: string;
  io?: BlockIo;
  /** Where host errors are reported. */
  onError?: (message: string) => void;
}

export class BlockFile implements BlockBackend {
  readonly readOnly: boolean;
  readonly serial: string;
  readonly sizeBytes: number;
  private fd: number;
  private readonly io: BlockIo;
  private readonly onError: (message: string) => void;
  reads = 0;
  writes = 0;
  flushes = 0;

  constructor(readonly name: string, readonly path: string, opts: BlockFileOptions = {}) {
    this.io = opts.io ?? (fs as unknown as BlockIo);
    this.readOnly = opts.readOnly ?? false;
    this.serial = (opts.serial ?? name).slice(0, 20);
    this.onError = opts.onError ?? (() => {});
    try {
      this.fd = this.io.openSync(path, this.readOnly ? 'r' : 'r+');
    } catch (e) {
      throw new BlockFileError(`${path}: cannot open disk image: ${(e as Error).message}`);
    }
    const st = this.io.fstatSync(this.fd);
    if (!st.isFile()) {
      this.io.closeSync(this.fd);
      throw new BlockFileError(`${path}: not a regular file`);
    }
    if (st.size === 0 || st.size % SECTOR_SIZE !== 0) {
      this.io.closeSync(this.fd);
      throw new BlockFileError(`${path}: size ${st.size} is not a non-zero multiple of ${SECTOR_SIZE} bytes`);
    }
    this.sizeBytes = st.size;
  }

  private inRange(offset: number, len: number): boolean {
    return Number.isSafeInteger(offset) && offset >= 0 && offset + len <= this.sizeBytes;
  }

  read(offset: number, dst: Uint8Array, done: (ok: boolean) => void): void {
    if (this.fd < 0 || !this.inRange(offset, dst.length)) return done(false);
    try {
      let got = 0;
      while (got < dst.length) {
        const n = this.io.readSync(this.fd, dst, got, dst.length - got, offset + got);
        if (n <= 0) break;
        got += n;
      }
      dst.fill(0, got);
      this.reads++;
      done(true);
    } catch (e) {
      this.onError(`${this.path}: read at ${offset}: ${(e as Error).message}`);
      done(false);
    }
  }

  write(offset: number, src: Uint8Array, done: (ok: boolean) => void): void {
    if (this.fd < 0 || this.readOnly || !this.inRange(offset, src.length)) return done(false);
    try {
      let put = 0;
      while (put < src.length) put += this.io.writeSync(this.fd, src, put, src.length - put, offset + put);
      this.writes++;
      done(true);
    } catch (e) {
      this.onError(`${this.path}: write at ${offset}: ${(e as Error).message}`);
      done(false);
    }
  }

  flush(done: (ok: boolean) => void): void {
    if (this.fd < 0) return done(false);
    if (this.readOnly) return done(true);
    try {
      this.io.fsyncSync(this.fd);
      this.flushes++;
      done(true);
    } catch (e) {
      this.onError(`${this.path}: fsync: ${(e as Error).message}`);
      done(false);
    }
  }

  /** Syncs and closes; later requests fail. */
  close(): void {
    if (this.fd < 0) return;
    try {
      if (!this.readOnly) this.io.fsyncSync(this.fd);
    } finally {
      this.io.closeSync(this.fd);
      this.fd = -1;
    }
  }
}
