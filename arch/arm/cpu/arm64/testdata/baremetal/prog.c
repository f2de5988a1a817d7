/*
 * Bare-metal AArch64 test program for QEMU's virt board: integer work a C
 * compiler emits (formatting with 64-bit division, a sort, a CRC, a hash
 * table, recursion) printed through the PL011 data register. Its output on
 * QEMU is the fixture the backend must reproduce byte for byte.
 * Built with: aarch64-linux-gnu-gcc -O2 -ffreestanding -nostdlib
 *             -mgeneral-regs-only -s -T link.ld start.S prog.c (symbols
 *             stripped: gcc names a temporary object file in them)
 */
#include <stdarg.h>
#include <stdint.h>

#define UART_DR ((volatile uint32_t *)0x09000000)

static void putc_(char c) { *UART_DR = (uint32_t)(unsigned char)c; }
static void puts_(const char *s) { while (*s) putc_(*s++); }

static void put_unsigned(uint64_t v, unsigned base, int width, char pad, int upper) {
	char buf[32];
	int n = 0;
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	do { buf[n++] = digits[v % base]; v /= base; } while (v);
	while (n < width) buf[n++] = pad;
	while (n) putc_(buf[--n]);
}

static void print(const char *fmt, ...) {
	va_list ap;
	va_start(ap, fmt);
	for (; *fmt; fmt++) {
		if (*fmt != '%') { putc_(*fmt); continue; }
		fmt++;
		char pad = ' ';
		int width = 0, longarg = 0;
		if (*fmt == '0') { pad = '0'; fmt++; }
		while (*fmt >= '0' && *fmt <= '9') width = width * 10 + (*fmt++ - '0');
		while (*fmt == 'l') { longarg = 1; fmt++; }
		switch (*fmt) {
		case 'd': {
			int64_t v = longarg ? va_arg(ap, int64_t) : va_arg(ap, int);
			if (v < 0) { putc_('-'); put_unsigned((uint64_t)-v, 10, width ? width - 1 : 0, pad, 0); }
			else put_unsigned((uint64_t)v, 10, width, pad, 0);
			break;
		}
		case 'u': put_unsigned(longarg ? va_arg(ap, uint64_t) : va_arg(ap, unsigned), 10, width, pad, 0); break;
		case 'x': put_unsigned(longarg ? va_arg(ap, uint64_t) : va_arg(ap, unsigned), 16, width, pad, 0); break;
		case 'X': put_unsigned(longarg ? va_arg(ap, uint64_t) : va_arg(ap, unsigned), 16, width, pad, 1); break;
		case 'o': put_unsigned(longarg ? va_arg(ap, uint64_t) : va_arg(ap, unsigned), 8, width, pad, 0); break;
		case 's': puts_(va_arg(ap, const char *)); break;
		case 'c': putc_((char)va_arg(ap, int)); break;
		case '%': putc_('%'); break;
		default: putc_('?'); break;
		}
	}
	va_end(ap);
}

static uint32_t crc32(const uint8_t *p, unsigned n) {
	uint32_t c = 0xffffffffu;
	while (n--) {
		c ^= *p++;
		for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0xedb88320u & -(c & 1));
	}
	return ~c;
}

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint64_t next(void) {
	rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17;
	return rng;
}

static int64_t data[256];

static void sort(int64_t *a, int n) {
	for (int i = 1; i < n; i++) {
		int64_t v = a[i];
		int j = i - 1;
		while (j >= 0 && a[j] > v) { a[j + 1] = a[j]; j--; }
		a[j + 1] = v;
	}
}

static unsigned fib(unsigned n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

struct entry { uint32_t key; uint32_t value; };
static struct entry table[512];

static void put(uint32_t key, uint32_t value) {
	uint32_t h = (key * 2654435761u) & 511;
	while (table[h].key && table[h].key != key) h = (h + 1) & 511;
	table[h].key = key;
	table[h].value = value;
}

static uint32_t get(uint32_t key) {
	uint32_t h = (key * 2654435761u) & 511;
	while (table[h].key) { if (table[h].key == key) return table[h].value; h = (h + 1) & 511; }
	return 0;
}

int main(void) {
	print("bare-metal arm64 test\n");
	print("dec %d %d %u %ld\n", 0, -12345, 4000000000u, (int64_t)-9000000000000000000ll);
	print("hex %x %08x %lX %o\n", 0xbeef, 0x1234, 0xfedcba9876543210ull, 0777);
	print("str [%s] chr [%c] pct [%%] pad [%5d] [%-]\n", "hello", 'Z', 42);
	for (int i = 0; i < 256; i++) data[i] = (int64_t)next();
	sort(data, 256);
	int sorted = 1;
	for (int i = 1; i < 256; i++) if (data[i - 1] > data[i]) sorted = 0;
	print("sorted %d min %lx max %lx\n", sorted, (uint64_t)data[0], (uint64_t)data[255]);
	uint64_t q = 0, r = 0;
	for (int i = 0; i < 100; i++) {
		uint64_t a = next(), b = (next() >> (i % 60)) | 1;
		q += a / b; r ^= a % b;
		int64_t sa = (int64_t)a, sb = (int64_t)(b | 0x8000000000000000ull) >> (i % 63);
		q += (uint64_t)(sa / (sb ? sb : 1));
	}
	print("div %lx %lx\n", q, r);
	uint32_t crc = crc32((const uint8_t *)data, sizeof data);
	print("crc %08x\n", crc);
	print("fib(20) %u\n", fib(20));
	for (uint32_t k = 1; k < 300; k++) put(k * 7919u, k * k);
	uint64_t s = 0;
	for (uint32_t k = 1; k < 300; k++) s += get(k * 7919u);
	print("hash %lu missing %u\n", s, get(12345u));
	uint64_t mix = crc;
	for (int i = 0; i < 1000; i++) mix = (mix * 6364136223846793005ull + 1442695040888963407ull) ^ (mix >> 29);
	print("checksum %016lx\n", mix);
	return (int)(mix & 0xff);
}
