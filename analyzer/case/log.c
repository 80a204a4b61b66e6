/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * log.c: error and progress output.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "visible.h"
#include "record.h"

int mc_log_quiet;

static int progress_on;
static int progress_dirty;
static uint64_t progress_total;
static struct timespec progress_start;
static struct timespec progress_last;

static void clear_progress_line(void)
{
	if (progress_dirty) {
		fputs("\r\033[K", stderr);
		progress_dirty = 0;
	}
}

static void vreport(const char *kind, const char *fmt, va_list ap)
{
	clear_progress_line();
	fputs("mailcase: ", stderr);
	if (kind)
		fputs(kind, stderr);
	/* The message names files and quotes evidence: shown visibly. */
	char *msg = g_strdup_vprintf(fmt, ap);
	mc_visible_fputs(msg, MC_VISIBLE_LINE, stderr);
	g_free(msg);
	fputc('\n', stderr);
}

void mc_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(NULL, fmt, ap);
	va_end(ap);
}

void mc_warn(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport("warning: ", fmt, ap);
	va_end(ap);
}

void mc_note(const char *fmt, ...)
{
	va_list ap;
	if (mc_log_quiet)
		return;
	va_start(ap, fmt);
	vreport(NULL, fmt, ap);
	va_end(ap);
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t0->tv_sec) + (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

void mc_progress_begin(uint64_t total_items)
{
	progress_on = !mc_log_quiet && isatty(STDERR_FILENO) && !getenv("CI");
	progress_total = total_items;
	clock_gettime(CLOCK_MONOTONIC, &progress_start);
	progress_last = progress_start;
}

void mc_progress_update(uint64_t done_items, uint64_t messages, const char *current)
{
	if (!progress_on || seconds_since(&progress_last) < 0.2)
		return;
	clock_gettime(CLOCK_MONOTONIC, &progress_last);
	double elapsed = seconds_since(&progress_start);
	double rate = elapsed > 0 ? (double)messages / elapsed : 0;
	char eta[32] = "";
	if (done_items > 0 && progress_total > done_items) {
		double left = elapsed / (double)done_items * (double)(progress_total - done_items);
		snprintf(eta, sizeof eta, ", ETA %.0fs", left);
	}
	const char *base = current ? strrchr(current, '/') : NULL;
	base = base ? base + 1 : (current ? current : "");
	char *name = mc_visible_dup(base, MC_VISIBLE_LINE);
	/* at most 40 bytes of the name, not cutting a character */
	if (strlen(name) > 40)
		*g_utf8_find_prev_char(name, name + 41) = '\0';
	fprintf(stderr, "\r\033[K[%llu/%llu] %llu messages, %.0f msg/s%s  %s",
	        (unsigned long long)done_items, (unsigned long long)progress_total,
	        (unsigned long long)messages, rate, eta, name);
	g_free(name);
	progress_dirty = 1;
}

void mc_progress_end(void)
{
	clear_progress_line();
	progress_on = 0;
}

void mc_now_utc(char out[21])
{
	mc_format_utc((int64_t)time(NULL), out);
}
