/*
 * Basic firmware: the few C library routines a freestanding image needs
 * (GCC may emit calls to memcpy/memset/memmove/memcmp on its own), number
 * parsing for the shell, and a small printf (%d %u %x %lx %llx %s %c %p,
 * with width, '0' padding and '-').
 */
#include "basic.h"

void *memcpy(void *d, const void *s, size_t n)
{
	u8 *dp = d;
	const u8 *sp = s;
	while (n--)
		*dp++ = *sp++;
	return d;
}

void *memmove(void *d, const void *s, size_t n)
{
	u8 *dp = d;
	const u8 *sp = s;
	if (dp < sp) {
		while (n--)
			*dp++ = *sp++;
	} else {
		while (n--)
			dp[n] = sp[n];
	}
	return d;
}

void *memset(void *d, int c, size_t n)
{
	u8 *dp = d;
	while (n--)
		*dp++ = (u8)c;
	return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const u8 *x = a, *y = b;
	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return (u8)*a - (u8)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (u8)*a - (u8)*b;
		if (!*a)
			return 0;
	}
	return 0;
}

char *strcpy(char *d, const char *s)
{
	char *r = d;
	while ((*d++ = *s++))
		;
	return r;
}

char *strcat(char *d, const char *s)
{
	strcpy(d + strlen(d), s);
	return d;
}

const char *strchr(const char *s, int c)
{
	for (; *s; s++)
		if (*s == (char)c)
			return s;
	return c ? NULL : s;
}

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 99;
}

static u64 parse_base(const char *s, unsigned base, int *ok)
{
	u64 v = 0;
	*ok = 0;
	if (!*s)
		return 0;
	for (; *s; s++) {
		int d = digit_value(*s);
		if (d >= (int)base)
			return 0;
		v = v * base + (u64)d;
	}
	*ok = 1;
	return v;
}

u64 parse_num(const char *s, int *ok)
{
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		return parse_base(s + 2, 16, ok);
	return parse_base(s, 10, ok);
}

u64 parse_hex(const char *s, int *ok)
{
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	return parse_base(s, 16, ok);
}

/* Hardware divide on AArch64; libgcc's __aeabi_uldivmod on AArch32. */
u64 udiv64(u64 n, u64 d)
{
	return d ? n / d : 0;
}

struct out {
	char *buf;
	size_t size, len;
};

static void emit(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void emit_num(struct out *o, u64 v, unsigned base, int width, int zero, int left, int neg)
{
	char tmp[24];
	int n = 0, pad;
	do {
		u64 q = base == 16 ? v >> 4 : udiv64(v, base);
		tmp[n++] = "0123456789abcdef"[v - q * base];
		v = q;
	} while (v);
	if (neg)
		tmp[n++] = '-';
	pad = width - n;
	if (!left)
		while (pad-- > 0)
			emit(o, zero ? '0' : ' ');
	while (n)
		emit(o, tmp[--n]);
	if (left)
		while (pad-- > 0)
			emit(o, ' ');
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };
	for (; *fmt; fmt++) {
		int width = 0, zero = 0, left = 0, lng = 0;
		if (*fmt != '%') {
			emit(&o, *fmt);
			continue;
		}
		fmt++;
		if (*fmt == '-') {
			left = 1;
			fmt++;
		}
		if (*fmt == '0') {
			zero = 1;
			fmt++;
		}
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		while (*fmt == 'l') {
			lng++;
			fmt++;
		}
		switch (*fmt) {
		case 'd': {
			s64 v = lng >= 2 ? va_arg(ap, s64) : lng ? va_arg(ap, long) : va_arg(ap, int);
			emit_num(&o, v < 0 ? (u64)-v : (u64)v, 10, width, zero, left, v < 0);
			break;
		}
		case 'u':
		case 'x': {
			u64 v = lng >= 2 ? va_arg(ap, u64) : lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int);
			emit_num(&o, v, *fmt == 'x' ? 16 : 10, width, zero, left, 0);
			break;
		}
		case 'p':
			emit(&o, '0');
			emit(&o, 'x');
			emit_num(&o, (uptr)va_arg(ap, void *), 16, width, 1, 0, 0);
			break;
		case 's': {
			const char *s = va_arg(ap, const char *);
			int n;
			if (!s)
				s = "(null)";
			n = (int)strlen(s);
			if (!left)
				for (; n < width; width--)
					emit(&o, ' ');
			while (*s)
				emit(&o, *s++);
			if (left)
				for (; n < width; width--)
					emit(&o, ' ');
			break;
		}
		case 'c':
			emit(&o, (char)va_arg(ap, int));
			break;
		case '%':
			emit(&o, '%');
			break;
		default:
			emit(&o, '%');
			emit(&o, *fmt);
			break;
		}
		if (!*fmt)
			break;
	}
	if (size)
		buf[o.len < size ? o.len : size - 1] = 0;
	return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;
	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

void putc(char c)
{
	if (c == '\n')
		pl011_putc('\r');
	pl011_putc(c);
}

void puts(const char *s)
{
	while (*s)
		putc(*s++);
}

int printf(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;
	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	puts(buf);
	return n;
}
