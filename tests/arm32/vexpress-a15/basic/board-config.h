/* Vexpress-A15 start code parameters: secondaries wait on SYS_FLAGS + SGI. */
#define BOARD_PARK_SYSFLAGS 1
#define BOARD_SYS_FLAGS 0x1c010030
#define BOARD_GICD 0x2c001000
#define BOARD_GICC 0x2c002000
