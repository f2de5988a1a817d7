// What a CPU backend sees of its guest's physical address space. Implemented
// by core/aspace (GuestAspace); CPU backends and their tests use only this.
// Results come back in fields, not objects, so the hot path never allocates.

export const PAGE_SHIFT = 12;
export const PAGE_SIZE = 1 << PAGE_SHIFT;

export interface GuestBus {
  /**
   * Looks up the RAM/ROM page holding guest physical address `pa`.
   * On success returns true and sets hitView (a DataView over host memory),
   * hitOffset (byte offset in hitView of the start of the 4 KiB page that
   * holds pa) and hitWritable (false for ROM). Returns false when pa is not
   * RAM/ROM (a device region or nothing): use mmioRead/mmioWrite.
   * RAM pages are allocated lazily on first lookup.
   */
  ramLookup(pa: number): boolean;
  hitView: DataView;
  hitOffset: number;
  hitWritable: boolean;

  /**
   * Device (or unmapped) access. `vcpu` is the index of the accessing vcpu in
   * its guest (for banked per-CPU registers). Reads return the low 32 bits
   * and leave the high 32 bits of an 8-byte access in dataHi. Returns
   * false-y status via `fault`: after the call, fault is 0 on success, or
   * BusFault.Unmapped / BusFault.DeviceError: the CPU raises a synchronous
   * external abort in the guest.
   */
  mmioRead(pa: number, size: 1 | 2 | 4 | 8, vcpu: number): number;
  mmioWrite(pa: number, size: 1 | 2 | 4 | 8, value: number, valueHi: number, vcpu: number): void;
  dataHi: number;
  fault: number;

  /**
   * Bumped whenever something other than a CPU's own store path writes guest
   * RAM (loader, DMA, debugger). Decoded-instruction caches compare it to
   * drop stale entries; CPUs also see each other's stores through it when
   * they call noteCodeWrite.
   */
  writeGeneration: number;
  /** A CPU that stored into a page holding decoded code reports it here. */
  noteCodeWrite(pa: number): void;

  /** Exclusive monitor shared by the guest's vcpus (LDREX/LDXR ... STREX/STXR). */
  readonly monitor: ExclusiveMonitor;
}

export const enum BusFault {
  None = 0,
  /** No region covers the address. */
  Unmapped = 1,
  /** The emulator refused the access (width, offset) or threw. */
  DeviceError = 2,
}

/**
 * The global exclusive monitor of one guest. A vcpu marks a granule; any store
 * by any vcpu (or DMA) to a marked granule clears other vcpus' marks.
 */
export interface ExclusiveMonitor {
  mark(vcpu: number, pa: number, size: number): void;
  /** True (and clears the mark) when vcpu still holds the reservation on pa. */
  checkAndClear(vcpu: number, pa: number, size: number): boolean;
  clear(vcpu: number): void;
  /** A store to pa of size bytes by vcpu (or -1 for DMA). */
  noteStore(vcpu: number, pa: number, size: number): void;
  /** Fast check: true when any reservation is outstanding at all. */
  readonly active: boolean;
}
