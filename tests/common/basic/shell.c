/*
 * Basic firmware: the shell. Reads a line at "basic# ", splits it into
 * words, and runs the command of that name; anything else prints
 * "Unknown command". autoexec runs a command list (one command per line,
 * or separated by ';') from the DTB's /chosen "xvisor,autoexec" string,
 * else from flash + 0xFF000 as Xvisor's nor_flash.list places it.
 */
#include "basic.h"

#define AUTOEXEC_OFFSET 0xff000
#define AUTOEXEC_MAX 4096
#define MAX_ARGS 16

static int autoexec_busy;

void shell_exec(char *line)
{
	char *argv[MAX_ARGS];
	int argc = 0, i;
	char *p = line;
	while (*p && argc < MAX_ARGS) {
		while (*p == ' ' || *p == '\t')
			*p++ = 0;
		if (!*p)
			break;
		argv[argc++] = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
	}
	if (!argc)
		return;
	for (i = 0; i < command_count; i++) {
		if (!strcmp(commands[i].name, argv[0])) {
			commands[i].fn(argc, argv);
			return;
		}
	}
	puts("Unknown command\n");
}

static const char *flash_list(void)
{
	const u8 *p = (const u8 *)(mach.flash_base + AUTOEXEC_OFFSET);
	return (*p >= 'a' && *p <= 'z') ? (const char *)p : NULL;
}

const char *autoexec_source(void)
{
	if (mach.fdt) {
		int node = fdt_path_offset(mach.fdt, "/chosen");
		if (node >= 0 && fdt_getprop(mach.fdt, node, "xvisor,autoexec", NULL))
			return "DTB /chosen xvisor,autoexec";
	}
	if (flash_list())
		return "flash + 0xff000";
	return NULL;
}

int autoexec_run(void)
{
	static char buf[AUTOEXEC_MAX];
	const char *src = NULL;
	int n = 0, start = 0, i;
	if (autoexec_busy) {
		puts("autoexec: already running\n");
		return -1;
	}
	if (mach.fdt) {
		int node = fdt_path_offset(mach.fdt, "/chosen");
		if (node >= 0)
			src = fdt_getprop(mach.fdt, node, "xvisor,autoexec", NULL);
	}
	if (!src)
		src = flash_list();
	if (!src) {
		puts("autoexec: no command list\n");
		return -1;
	}
	while (n < AUTOEXEC_MAX - 1 && src[n] && (src[n] == '\n' || src[n] == '\r' ||
						    src[n] == '\t' || (src[n] >= 32 && src[n] < 127)))
		n++;
	memcpy(buf, src, (size_t)n);
	buf[n] = 0;
	autoexec_busy = 1;
	for (i = 0; i <= n; i++) {
		if (buf[i] == '\n' || buf[i] == '\r' || buf[i] == ';' || buf[i] == 0) {
			buf[i] = 0;
			if (buf[start]) {
				printf("basic# %s\n", buf + start);
				shell_exec(buf + start);
			}
			start = i + 1;
		}
	}
	autoexec_busy = 0;
	return 0;
}

void shell_run(void)
{
	static char line[256];
	for (;;) {
		puts("basic# ");
		readline(line, sizeof(line));
		shell_exec(line);
	}
}
