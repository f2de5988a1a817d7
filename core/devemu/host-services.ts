// The host services devices (virtio, CFI flash) reach through ctx.service(): block
// devices (drivers/block) and network switches (drivers/net). Defined here so
// that emulators stay free of Node; the host drivers implement them.
// Completions may arrive synchronously or later; either way the device
// completes the guest's request only when `done` runs.

/** A disk, looked up as ctx.service('block', <blkdev attribute>). */
export interface BlockBackend {
  readonly name: string;
  readonly sizeBytes: number;
  readonly readOnly: boolean;
  /** Up to 20 bytes of serial for VIRTIO_BLK_T_GET_ID. */
  readonly serial: string;
  read(offset: number, dst: Uint8Array, done: (ok: boolean) => void): void;
  write(offset: number, src: Uint8Array, done: (ok: boolean) => void): void;
  /** Completes only after the data reached the host's storage (fsync). */
  flush(done: (ok: boolean) => void): void;
}

/** One port of a virtual switch. */
export interface NetPort {
  /** A frame from this port into the switch. */
  send(frame: Uint8Array): void;
  /** Frames the switch delivers to this port. */
  setReceiver(rx: (frame: Uint8Array) => void): void;
  close(): void;
}

/** A virtual switch, looked up as ctx.service('net-switch', <switch attribute>). */
export interface NetSwitch {
  readonly name: string;
  connect(portName: string): NetPort;
}

export const BLOCK_SERVICE = 'block';
export const NET_SWITCH_SERVICE = 'net-switch';

/** A switch the management commands create and list (drivers/net's VirtualSwitch). */
export interface ManagedNetSwitch extends NetSwitch {
  readonly name: string;
  portNames(): string[];
  readonly forwarded: number;
  readonly dropped: number;
}
