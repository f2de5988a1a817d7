/* VersatilePB start code parameters: a uniprocessor board. */
#define BOARD_PARK_SYSFLAGS 0
