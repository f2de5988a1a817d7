// virtio over MMIO: register layout and bits, per Virtual I/O Device
// (VIRTIO) Version 1.2, OASIS Committee Specification 01, 4.2.2 "MMIO Device
// Register Layout" (and 4.2.4 "Legacy interface"), 2.1 "Device Status
// Field", 6 "Reserved Feature Bits".

export const enum Reg {
  MagicValue = 0x000,
  Version = 0x004,
  DeviceID = 0x008,
  VendorID = 0x00c,
  DeviceFeatures = 0x010,
  DeviceFeaturesSel = 0x014,
  DriverFeatures = 0x020,
  DriverFeaturesSel = 0x024,
  GuestPageSize = 0x028, // legacy
  QueueSel = 0x030,
  QueueNumMax = 0x034,
  QueueNum = 0x038,
  QueueAlign = 0x03c, // legacy
  QueuePFN = 0x040, // legacy
  QueueReady = 0x044,
  QueueNotify = 0x050,
  InterruptStatus = 0x060,
  InterruptACK = 0x064,
  Status = 0x070,
  QueueDescLow = 0x080,
  QueueDescHigh = 0x084,
  QueueDriverLow = 0x090,
  QueueDriverHigh = 0x094,
  QueueDeviceLow = 0x0a0,
  QueueDeviceHigh = 0x0a4,
  SHMSel = 0x0ac,
  ConfigGeneration = 0x0fc,
  Config = 0x100,
}

export const MAGIC = 0x74726976; // "virt"
export const VENDOR_QEMU = 0x554d4551; // "QEMU", what guests see on QEMU's board

export const STATUS_ACKNOWLEDGE = 1;
export const STATUS_DRIVER = 2;
export const STATUS_DRIVER_OK = 4;
export const STATUS_FEATURES_OK = 8;
export const STATUS_DEVICE_NEEDS_RESET = 64;
export const STATUS_FAILED = 128;

export const INT_USED_BUFFER = 1;
export const INT_CONFIG_CHANGE = 2;

/** VIRTIO_F_VERSION_1 is feature bit 32: bit 0 of the high word. */
export const F_HI_VERSION_1 = 1 << 0;

export const VIRTQ_DESC_F_NEXT = 1;
export const VIRTQ_DESC_F_WRITE = 2;
export const VIRTQ_DESC_F_INDIRECT = 4;
export const VIRTQ_AVAIL_F_NO_INTERRUPT = 1;

export const enum DeviceId {
  None = 0,
  Net = 1,
  Block = 2,
  Console = 3,
  Entropy = 4,
  Rpmsg = 7,
  Input = 18,
}
