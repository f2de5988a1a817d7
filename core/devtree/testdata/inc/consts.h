#ifndef CONSTS_H
#define CONSTS_H
#define IRQ_LEVEL 4
#define SPI 0
#define PPI 1
#define BASE 0x1c000000
#define OFF(n) ((n) * 0x10000)
#define REG(n, size) (BASE + OFF(n)) size
#define CAT(a, b) a ## b
#define STR(x) #x
#define XSTR(x) STR(x)
#define LIST(first, ...) first, __VA_ARGS__
#if IRQ_LEVEL == 4 && defined(SPI) && !defined(NOPE)
#define CHECK_OK 1
#elif IRQ_LEVEL > 4
#define CHECK_OK 2
#else
#define CHECK_OK 3
#endif
#endif
