/* Realview-EB-MPCore start code parameters: secondaries wait on SYS_FLAGS + SGI. */
#define BOARD_PARK_SYSFLAGS 1
#define BOARD_SYS_FLAGS 0x10000030
#define BOARD_GICD 0x10101000
#define BOARD_GICC 0x10100100
