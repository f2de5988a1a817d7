/*
 * Basic firmware: an integer benchmark with the shape of Dhrystone 2.1
 * (R. P. Weicker, "Dhrystone Benchmark: Rationale for Version 2 and
 * Measurement Rules", SIGPLAN Notices 23(8), 1988): a record type with a
 * pointer, an enumeration, an integer and a 31-character string; two global
 * records linked by pointer; a one- and a two-dimensional array of 50
 * integers; eight procedures and three functions doing assignments,
 * control flow, string compare and copy in the published proportions.
 * Written for this firmware; the DMIPS figure is loops per second / 1757
 * (the VAX 11/780 score).
 */
#include "basic.h"

typedef enum { ident_1, ident_2, ident_3, ident_4, ident_5 } enumeration;
typedef int one_thirty;
typedef int one_fifty;
typedef char capital_letter;
typedef char str_30[31];
typedef int arr_1_dim[50];
typedef int arr_2_dim[50][50];

typedef struct record {
	struct record *ptr_comp;
	enumeration discr;
	union {
		struct {
			enumeration enum_comp;
			int int_comp;
			char str_comp[31];
		} var_1;
		struct {
			enumeration e_comp_2;
			char str_2_comp[31];
		} var_2;
		struct {
			char ch_1_comp;
			char ch_2_comp;
		} var_3;
	} variant;
} rec_type, *rec_pointer;

static rec_pointer ptr_glob, next_ptr_glob;
static int int_glob;
static int bool_glob;
static char ch_1_glob, ch_2_glob;
static arr_1_dim arr_1_glob;
static arr_2_dim arr_2_glob;
static rec_type rec_a, rec_b;

/* Kept out of line as in the original's separate compilation units. */
#define NOINLINE __attribute__((noinline))

static NOINLINE void str_copy(char *d, const char *s)
{
	while ((*d++ = *s++))
		;
}

static NOINLINE enumeration func_1(capital_letter ch_1_par_val, capital_letter ch_2_par_val)
{
	capital_letter ch_1_loc = ch_1_par_val;
	capital_letter ch_2_loc = ch_1_loc;
	if (ch_2_loc != ch_2_par_val)
		return ident_1;
	ch_1_glob = ch_1_loc;
	return ident_2;
}

static NOINLINE int func_2(const char *str_1_par_ref, const char *str_2_par_ref)
{
	one_thirty int_loc = 2;
	capital_letter ch_loc = 'A';
	while (int_loc <= 2) {
		if (func_1(str_1_par_ref[int_loc], str_2_par_ref[int_loc + 1]) == ident_1) {
			ch_loc = 'A';
			int_loc += 1;
		}
	}
	if (ch_loc >= 'W' && ch_loc < 'Z')
		int_loc = 7;
	if (ch_loc == 'R')
		return 1;
	if (strcmp(str_1_par_ref, str_2_par_ref) > 0) {
		int_loc += 7;
		int_glob = int_loc;
		return 1;
	}
	return 0;
}

static NOINLINE int func_3(enumeration enum_par_val)
{
	enumeration enum_loc = enum_par_val;
	return enum_loc == ident_3;
}

static NOINLINE void proc_7(one_fifty int_1_par_val, one_fifty int_2_par_val,
			    one_fifty *int_par_ref)
{
	one_fifty int_loc = int_1_par_val + 2;
	*int_par_ref = int_2_par_val + int_loc;
}

static NOINLINE void proc_6(enumeration enum_val_par, enumeration *enum_ref_par)
{
	*enum_ref_par = enum_val_par;
	if (!func_3(enum_val_par))
		*enum_ref_par = ident_4;
	switch (enum_val_par) {
	case ident_1:
		*enum_ref_par = ident_1;
		break;
	case ident_2:
		*enum_ref_par = int_glob > 100 ? ident_1 : ident_4;
		break;
	case ident_3:
		*enum_ref_par = ident_2;
		break;
	case ident_4:
		break;
	case ident_5:
		*enum_ref_par = ident_3;
		break;
	}
}

static NOINLINE void proc_8(arr_1_dim arr_1_par_ref, arr_2_dim arr_2_par_ref,
			    int int_1_par_val, int int_2_par_val)
{
	one_fifty int_index, int_loc = int_1_par_val + 5;
	arr_1_par_ref[int_loc] = int_2_par_val;
	arr_1_par_ref[int_loc + 1] = arr_1_par_ref[int_loc];
	arr_1_par_ref[int_loc + 30] = int_loc;
	for (int_index = int_loc; int_index <= int_loc + 1; ++int_index)
		arr_2_par_ref[int_loc][int_index] = int_loc;
	arr_2_par_ref[int_loc][int_loc - 1] += 1;
	arr_2_par_ref[int_loc + 20][int_loc] = arr_1_par_ref[int_loc];
	int_glob = 5;
}

static NOINLINE void proc_3(rec_pointer *ptr_ref_par)
{
	if (ptr_glob)
		*ptr_ref_par = ptr_glob->ptr_comp;
	proc_7(10, int_glob, &ptr_glob->variant.var_1.int_comp);
}

static NOINLINE void proc_1(rec_pointer ptr_val_par)
{
	rec_pointer next_record = ptr_val_par->ptr_comp;
	*next_record = *ptr_glob;
	ptr_val_par->variant.var_1.int_comp = 5;
	next_record->variant.var_1.int_comp = ptr_val_par->variant.var_1.int_comp;
	next_record->ptr_comp = ptr_val_par->ptr_comp;
	proc_3(&next_record->ptr_comp);
	if (next_record->discr == ident_1) {
		next_record->variant.var_1.int_comp = 6;
		proc_6(ptr_val_par->variant.var_1.enum_comp, &next_record->variant.var_1.enum_comp);
		next_record->ptr_comp = ptr_glob->ptr_comp;
		proc_7(next_record->variant.var_1.int_comp, 10, &next_record->variant.var_1.int_comp);
	} else {
		*ptr_val_par = *ptr_val_par->ptr_comp;
	}
}

static NOINLINE void proc_2(one_fifty *int_par_ref)
{
	one_fifty int_loc = *int_par_ref + 10;
	enumeration enum_loc = ident_2;
	for (;;) {
		if (ch_1_glob == 'A') {
			int_loc -= 1;
			*int_par_ref = int_loc - int_glob;
			enum_loc = ident_1;
		}
		if (enum_loc == ident_1)
			break;
	}
}

static NOINLINE void proc_4(void)
{
	int bool_loc = ch_1_glob == 'A';
	bool_glob = bool_loc | bool_glob;
	ch_2_glob = 'B';
}

static NOINLINE void proc_5(void)
{
	ch_1_glob = 'A';
	bool_glob = 0;
}

void dhrystone_run(u32 runs)
{
	one_fifty int_1_loc = 0, int_2_loc = 0, int_3_loc = 0;
	char ch_index;
	enumeration enum_loc = ident_1;
	str_30 str_1_loc, str_2_loc;
	u32 run_index;
	u64 t0, us, per_sec, dmips_x100;

	next_ptr_glob = &rec_b;
	ptr_glob = &rec_a;
	ptr_glob->ptr_comp = next_ptr_glob;
	ptr_glob->discr = ident_1;
	ptr_glob->variant.var_1.enum_comp = ident_3;
	ptr_glob->variant.var_1.int_comp = 40;
	str_copy(ptr_glob->variant.var_1.str_comp, "DHRYSTONE PROGRAM, SOME STRING");
	str_copy(str_1_loc, "DHRYSTONE PROGRAM, 1'ST STRING");
	arr_2_glob[8][7] = 10;

	printf("Dhrystone 2.1 style benchmark, %u runs\n", runs);
	t0 = clock_us();
	for (run_index = 1; run_index <= runs; ++run_index) {
		proc_5();
		proc_4();
		int_1_loc = 2;
		int_2_loc = 3;
		str_copy(str_2_loc, "DHRYSTONE PROGRAM, 2'ND STRING");
		enum_loc = ident_2;
		bool_glob = !func_2(str_1_loc, str_2_loc);
		while (int_1_loc < int_2_loc) {
			int_3_loc = 5 * int_1_loc - int_2_loc;
			proc_7(int_1_loc, int_2_loc, &int_3_loc);
			int_1_loc += 1;
		}
		proc_8(arr_1_glob, arr_2_glob, int_1_loc, int_3_loc);
		proc_1(ptr_glob);
		for (ch_index = 'A'; ch_index <= ch_2_glob; ++ch_index) {
			if (enum_loc == func_1(ch_index, 'C')) {
				proc_6(ident_1, &enum_loc);
				str_copy(str_2_loc, "DHRYSTONE PROGRAM, 3'RD STRING");
				int_2_loc = (int)run_index;
				int_glob = (int)run_index;
			}
		}
		int_2_loc = int_2_loc * int_1_loc;
		int_1_loc = int_2_loc / int_3_loc;
		int_2_loc = 7 * (int_2_loc - int_3_loc) - int_1_loc;
		proc_2(&int_1_loc);
	}
	us = clock_us() - t0;

	/* The published end values: a run that computes wrongly says so. */
	if (int_glob != 5 || bool_glob != 1 || ch_1_glob != 'A' || ch_2_glob != 'B' ||
	    arr_1_glob[8] != 7 || arr_2_glob[8][7] != (int)runs + 10 || int_1_loc != 5 ||
	    int_2_loc != 13 || int_3_loc != 7 || enum_loc != ident_2 ||
	    ptr_glob->variant.var_1.int_comp != 17 || next_ptr_glob->variant.var_1.int_comp != 18 ||
	    strcmp(str_1_loc, "DHRYSTONE PROGRAM, 1'ST STRING") ||
	    strcmp(str_2_loc, "DHRYSTONE PROGRAM, 2'ND STRING")) {
		puts("Dhrystone: results are WRONG\n");
		return;
	}
	puts("Dhrystone: results are correct\n");
	if (!us)
		us = 1;
	per_sec = udiv64((u64)runs * 1000000, us);
	dmips_x100 = udiv64(per_sec * 100, 1757);
	printf("Microseconds for %u runs: %lu\n", runs, (unsigned long)us);
	printf("Dhrystones per second: %lu\n", (unsigned long)per_sec);
	printf("DMIPS: %lu.%02lu\n", (unsigned long)udiv64(dmips_x100, 100),
	       (unsigned long)(dmips_x100 - udiv64(dmips_x100, 100) * 100));
}
