/*
 * Flattened device tree access (Devicetree Specification v0.4, chapter 5:
 * header, structure block tokens FDT_BEGIN_NODE/END_NODE/PROP/NOP/END,
 * strings block). Read access, printing, and in-place property updates
 * that may grow the blob.
 */
#ifndef FDT_H
#define FDT_H

#define FDT_MAGIC 0xd00dfeedu

int fdt_valid(const void *fdt);
u32 fdt_totalsize(const void *fdt);
/* Node offsets are byte offsets into the structure block; < 0 = not found. */
int fdt_path_offset(const void *fdt, const char *path);
int fdt_next_compatible(const void *fdt, int after, const char *compat);
const void *fdt_getprop(const void *fdt, int node, const char *name, int *len);
int fdt_parent_cells(const void *fdt, int node, u32 *addr_cells, u32 *size_cells);
/* First reg entry of a node, using its parent's #address-cells/#size-cells. */
int fdt_reg(const void *fdt, int node, u64 *addr, u64 *size);
int fdt_count_cpus(const void *fdt);
void fdt_print_tree(const void *fdt);
/* Sets (adds or replaces) a property; the blob may grow up to room bytes. */
int fdt_setprop(void *fdt, int node, const char *name, const void *val, int len, u32 room);
int fdt_add_subnode(void *fdt, int parent, const char *name, u32 room);
u32 be32(const void *p);

#endif
