/*
 * textid-driver.c: runs mc_cmd_textid() as a program of its own, for the
 * benchmark when the mailcase binary at hand has no textid subcommand.
 */
#include <stdarg.h>
#include <stdio.h>

int mc_cmd_textid(int argc, char **argv);
int mc_usage_error(const char *cmd, const char *fmt, ...);

int mc_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "textid-driver: %s: ", cmd ? cmd : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 2;
}

int main(int argc, char **argv)
{
	return mc_cmd_textid(argc, argv);
}
