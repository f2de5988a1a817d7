/*
 * Flattened device tree (Devicetree Specification v0.4, chapter 5). The
 * header fields are big-endian u32s: magic, totalsize, off_dt_struct,
 * off_dt_strings, off_mem_rsvmap, version, last_comp_version,
 * boot_cpuid_phys, size_dt_strings, size_dt_struct. Node offsets used here
 * are offsets of FDT_BEGIN_NODE tokens inside the structure block.
 */
#include "basic.h"

#define FDT_BEGIN_NODE 1
#define FDT_END_NODE 2
#define FDT_PROP 3
#define FDT_NOP 4
#define FDT_END 9

#define H_TOTALSIZE 4
#define H_OFF_STRUCT 8
#define H_OFF_STRINGS 12
#define H_SIZE_STRINGS 32
#define H_SIZE_STRUCT 36

u32 be32(const void *p)
{
	const u8 *b = p;
	return ((u32)b[0] << 24) | ((u32)b[1] << 16) | ((u32)b[2] << 8) | b[3];
}

static void put_be32(void *p, u32 v)
{
	u8 *b = p;
	b[0] = (u8)(v >> 24);
	b[1] = (u8)(v >> 16);
	b[2] = (u8)(v >> 8);
	b[3] = (u8)v;
}

static u32 hdr(const void *fdt, u32 off) { return be32((const u8 *)fdt + off); }
static const u8 *sblk(const void *fdt) { return (const u8 *)fdt + hdr(fdt, H_OFF_STRUCT); }
static const char *strs(const void *fdt) { return (const char *)fdt + hdr(fdt, H_OFF_STRINGS); }
static u32 align4(u32 v) { return (v + 3) & ~3u; }

int fdt_valid(const void *fdt)
{
	if (!fdt || ((uptr)fdt & 3))
		return 0;
	if (be32(fdt) != FDT_MAGIC)
		return 0;
	return hdr(fdt, H_TOTALSIZE) >= 40 && hdr(fdt, H_TOTALSIZE) < 0x1000000 &&
	       hdr(fdt, 20) >= 16;
}

u32 fdt_totalsize(const void *fdt) { return hdr(fdt, H_TOTALSIZE); }

/* Offset of the token after the one at off (skipping a whole property). */
static int next_token(const void *fdt, int off, u32 *tok)
{
	const u8 *s = sblk(fdt);
	u32 limit = hdr(fdt, H_SIZE_STRUCT);
	*tok = be32(s + off);
	switch (*tok) {
	case FDT_BEGIN_NODE:
		return (int)align4((u32)off + 4 + (u32)strlen((const char *)s + off + 4) + 1);
	case FDT_PROP:
		return (int)align4((u32)off + 12 + be32(s + off + 4));
	case FDT_END_NODE:
	case FDT_NOP:
		return off + 4;
	default:
		(void)limit;
		return -1;
	}
}

static const char *node_name(const void *fdt, int node)
{
	return (const char *)sblk(fdt) + node + 4;
}

/* Offset just after a node's end token (its next sibling or parent's end). */
static int skip_node(const void *fdt, int node)
{
	int depth = 0, off = node;
	u32 tok;
	do {
		off = next_token(fdt, off, &tok);
		if (off < 0)
			return -1;
		if (tok == FDT_BEGIN_NODE)
			depth++;
		else if (tok == FDT_END_NODE)
			depth--;
	} while (depth > 0);
	return off;
}

/* First child of node, or -1; children follow the node's properties. */
static int first_child(const void *fdt, int node)
{
	u32 tok;
	int off = next_token(fdt, node, &tok);
	while (off >= 0) {
		u32 t = be32(sblk(fdt) + off);
		if (t == FDT_BEGIN_NODE)
			return off;
		if (t != FDT_PROP && t != FDT_NOP)
			return -1;
		off = next_token(fdt, off, &tok);
	}
	return -1;
}

static int next_sibling(const void *fdt, int node)
{
	int off = skip_node(fdt, node);
	while (off >= 0 && be32(sblk(fdt) + off) == FDT_NOP)
		off += 4;
	if (off < 0 || be32(sblk(fdt) + off) != FDT_BEGIN_NODE)
		return -1;
	return off;
}

static int name_matches(const char *name, const char *want, size_t n)
{
	/* "memory" matches "memory@40000000" when no unit address is given. */
	if (strncmp(name, want, n))
		return 0;
	return name[n] == 0 || (name[n] == '@' && !strchr(want, '@'));
}

int fdt_path_offset(const void *fdt, const char *path)
{
	int node = 0;
	if (*path != '/')
		return -1;
	while (*path) {
		const char *end;
		size_t n;
		while (*path == '/')
			path++;
		if (!*path)
			break;
		end = path;
		while (*end && *end != '/')
			end++;
		n = (size_t)(end - path);
		node = first_child(fdt, node);
		while (node >= 0 && !name_matches(node_name(fdt, node), path, n))
			node = next_sibling(fdt, node);
		if (node < 0)
			return -1;
		path = end;
	}
	return node;
}

const void *fdt_getprop(const void *fdt, int node, const char *name, int *len)
{
	u32 tok;
	int off = next_token(fdt, node, &tok);
	const u8 *s = sblk(fdt);
	while (off >= 0) {
		u32 t = be32(s + off);
		if (t == FDT_PROP) {
			if (!strcmp(strs(fdt) + be32(s + off + 8), name)) {
				if (len)
					*len = (int)be32(s + off + 4);
				return s + off + 12;
			}
		} else if (t != FDT_NOP) {
			return NULL;
		}
		off = next_token(fdt, off, &tok);
	}
	return NULL;
}

static int has_compatible(const void *fdt, int node, const char *compat)
{
	int len, i = 0;
	const char *c = fdt_getprop(fdt, node, "compatible", &len);
	if (!c)
		return 0;
	while (i < len) {
		if (!strcmp(c + i, compat))
			return 1;
		i += (int)strlen(c + i) + 1;
	}
	return 0;
}

int fdt_next_compatible(const void *fdt, int after, const char *compat)
{
	u32 tok;
	int off = after < 0 ? 0 : next_token(fdt, after, &tok);
	while (off >= 0) {
		u32 t = be32(sblk(fdt) + off);
		if (t == FDT_END)
			return -1;
		if (t == FDT_BEGIN_NODE && has_compatible(fdt, off, compat))
			return off;
		off = next_token(fdt, off, &tok);
	}
	return -1;
}

/* The parent is found by walking from the root; trees here are small. */
static int parent_of(const void *fdt, int target)
{
	int stack[16], depth = -1, off = 0;
	u32 tok;
	while (off >= 0) {
		u32 t = be32(sblk(fdt) + off);
		if (t == FDT_END)
			return -1;
		if (t == FDT_BEGIN_NODE) {
			if (off == target)
				return depth >= 0 ? stack[depth] : -1;
			if (depth < 15)
				stack[++depth] = off;
		} else if (t == FDT_END_NODE) {
			depth--;
		}
		off = next_token(fdt, off, &tok);
	}
	return -1;
}

int fdt_parent_cells(const void *fdt, int node, u32 *ac, u32 *sc)
{
	int p = parent_of(fdt, node);
	const void *v;
	*ac = 2;
	*sc = 1;
	if (p < 0)
		return -1;
	if ((v = fdt_getprop(fdt, p, "#address-cells", NULL)))
		*ac = be32(v);
	if ((v = fdt_getprop(fdt, p, "#size-cells", NULL)))
		*sc = be32(v);
	return 0;
}

int fdt_reg(const void *fdt, int node, u64 *addr, u64 *size)
{
	u32 ac, sc, i;
	int len;
	const u8 *r = fdt_getprop(fdt, node, "reg", &len);
	if (!r || fdt_parent_cells(fdt, node, &ac, &sc) < 0 || ac > 2 || sc > 2 ||
	    len < (int)(4 * (ac + sc)))
		return -1;
	*addr = 0;
	*size = 0;
	for (i = 0; i < ac; i++)
		*addr = (*addr << 32) | be32(r + 4 * i);
	for (i = 0; i < sc; i++)
		*size = (*size << 32) | be32(r + 4 * (ac + i));
	return 0;
}

int fdt_count_cpus(const void *fdt)
{
	int n = 0, cpus = fdt_path_offset(fdt, "/cpus"), c;
	if (cpus < 0)
		return 0;
	for (c = first_child(fdt, cpus); c >= 0; c = next_sibling(fdt, c)) {
		const char *t = fdt_getprop(fdt, c, "device_type", NULL);
		if (t && !strcmp(t, "cpu"))
			n++;
	}
	return n;
}

static int printable_string(const u8 *v, int len)
{
	int i;
	if (len < 1 || v[len - 1] || !v[0])
		return 0;
	for (i = 0; i < len - 1; i++)
		if (v[i] && (v[i] < 32 || v[i] > 126))
			return 0;
		else if (!v[i] && !v[i + 1])
			return 0;
	return 1;
}

static void indent(int depth)
{
	while (depth-- > 0)
		puts("    ");
}

void fdt_print_tree(const void *fdt)
{
	const u8 *s = sblk(fdt);
	int depth = 0, off = 0;
	u32 tok;
	while (off >= 0) {
		u32 t = be32(s + off);
		if (t == FDT_END)
			break;
		if (t == FDT_BEGIN_NODE) {
			const char *n = node_name(fdt, off);
			indent(depth++);
			printf("%s {\n", *n ? n : "/");
		} else if (t == FDT_END_NODE) {
			indent(--depth);
			puts("};\n");
		} else if (t == FDT_PROP) {
			int len = (int)be32(s + off + 4), i;
			const u8 *v = s + off + 12;
			indent(depth);
			puts(strs(fdt) + be32(s + off + 8));
			if (!len) {
				puts(";\n");
			} else if (printable_string(v, len)) {
				puts(" = \"");
				for (i = 0; i < len - 1; i++)
					if (v[i])
						putc((char)v[i]);
					else
						puts("\", \"");
				puts("\";\n");
			} else if (!(len & 3)) {
				puts(" = <");
				for (i = 0; i < len; i += 4)
					printf(i ? " 0x%08x" : "0x%08x", be32(v + i));
				puts(">;\n");
			} else {
				puts(" = [");
				for (i = 0; i < len; i++)
					printf(i ? " %02x" : "%02x", v[i]);
				puts("];\n");
			}
		}
		off = next_token(fdt, off, &tok);
	}
}

/* Opens a gap of n bytes at offset pos of the structure block. */
static int grow_struct(void *fdt, u32 pos, u32 n, u32 room)
{
	u8 *b = fdt;
	u32 total = hdr(fdt, H_TOTALSIZE), so = hdr(fdt, H_OFF_STRUCT);
	u32 st = hdr(fdt, H_OFF_STRINGS);
	u32 at = so + pos;
	if (n > room)
		return -1;
	memmove(b + at + n, b + at, total - at);
	put_be32(b + H_SIZE_STRUCT, hdr(fdt, H_SIZE_STRUCT) + n);
	if (st >= at)
		put_be32(b + H_OFF_STRINGS, st + n);
	put_be32(b + H_TOTALSIZE, total + n);
	return 0;
}

/* Offset of name in the strings block, appending it when absent. */
static int string_offset(void *fdt, const char *name, u32 *room)
{
	u32 size = hdr(fdt, H_SIZE_STRINGS), i = 0, n = (u32)strlen(name) + 1;
	u8 *b = fdt;
	const char *t = strs(fdt);
	u32 end;
	while (i < size) {
		if (!strcmp(t + i, name))
			return (int)i;
		i += (u32)strlen(t + i) + 1;
	}
	end = hdr(fdt, H_OFF_STRINGS) + size;
	if (n > *room)
		return -1;
	memmove(b + end + n, b + end, hdr(fdt, H_TOTALSIZE) - end);
	memcpy(b + end, name, n);
	put_be32(b + H_SIZE_STRINGS, size + n);
	put_be32(b + H_TOTALSIZE, hdr(fdt, H_TOTALSIZE) + n);
	*room -= n;
	return (int)size;
}

int fdt_setprop(void *fdt, int node, const char *name, const void *val, int len, u32 room)
{
	u8 *s;
	const u8 *old;
	int oldlen, soff;
	u32 pos;
	old = fdt_getprop(fdt, node, name, &oldlen);
	if (old) {
		u32 need = align4((u32)len), have = align4((u32)oldlen);
		s = (u8 *)sblk(fdt);
		pos = (u32)(old - s) - 12;
		if (need > have) {
			if (grow_struct(fdt, pos + 12 + have, need - have, room) < 0)
				return -1;
		} else if (need < have) {
			/* Shrink in place and pad the rest with NOP tokens. */
			u32 k;
			for (k = need; k < have; k += 4)
				put_be32(s + pos + 12 + k, FDT_NOP);
		}
		s = (u8 *)sblk(fdt);
		put_be32(s + pos + 4, (u32)len);
		memset(s + pos + 12, 0, align4((u32)len));
		memcpy(s + pos + 12, val, (size_t)len);
		return 0;
	}
	soff = string_offset(fdt, name, &room);
	if (soff < 0)
		return -1;
	s = (u8 *)sblk(fdt);
	{
		u32 tok;
		pos = (u32)next_token(fdt, node, &tok);
	}
	if (grow_struct(fdt, pos, 12 + align4((u32)len), room) < 0)
		return -1;
	s = (u8 *)sblk(fdt);
	put_be32(s + pos, FDT_PROP);
	put_be32(s + pos + 4, (u32)len);
	put_be32(s + pos + 8, (u32)soff);
	memset(s + pos + 12, 0, align4((u32)len));
	memcpy(s + pos + 12, val, (size_t)len);
	return 0;
}

int fdt_add_subnode(void *fdt, int parent, const char *name, u32 room)
{
	u32 n = align4(4 + (u32)strlen(name) + 1) + 4, pos;
	int child = first_child(fdt, parent);
	u8 *s;
	if (child >= 0) {
		pos = (u32)child;
	} else {
		/* After the parent's properties: its END_NODE. */
		pos = (u32)skip_node(fdt, parent) - 4;
	}
	if (grow_struct(fdt, pos, n, room) < 0)
		return -1;
	s = (u8 *)sblk(fdt);
	memset(s + pos, 0, n);
	put_be32(s + pos, FDT_BEGIN_NODE);
	memcpy(s + pos + 4, name, strlen(name));
	put_be32(s + pos + n - 4, FDT_END_NODE);
	return (int)pos;
}
