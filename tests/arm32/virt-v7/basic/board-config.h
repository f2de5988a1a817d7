/* Virt-v7 start code parameters: secondaries stay off until PSCI CPU_ON. */
#define BOARD_PARK_SYSFLAGS 0
