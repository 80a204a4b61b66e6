/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz-store-headers.c: mc_store_headers_apply() (parsers/store-headers.h),
 * the reader of the headers a client's store writes, on the input as three
 * header values: its first line is X-Mozilla-Status, its second
 * X-Mozilla-Status2, the rest X-Gmail-Labels and X-GM-THRID. (The mbox and
 * EML harnesses reach it too, through every message they parse.)
 *
 * Checks store-headers.h's promises: mozilla.status is "0x" and 8 hex
 * digits, mozilla.flags names the flags that value has, the message is
 * recovered exactly when the Expunged flag is set, every label is non-empty
 * without surrounding blanks and has a documented role.
 */
#include "config.h"
#include "fuzz.h"
#include "record.h"
#include "store-headers.h"

static const char *prop(const struct mc_message *m, const char *name)
{
	for (guint i = 0; i < m->props->len; i++) {
		const struct mc_prop *p = g_ptr_array_index(m->props, i);
		if (strcmp(p->name, name) == 0)
			return p->value;
	}
	return NULL;
}

static int documented_role(const char *r)
{
	static const char *const roles[] = {
		"inbox", "sent", "deleted", "outbox", "drafts", "junk", "important", "starred",
		"chat", "opened", "unread", "archived", "category", "user", NULL
	};
	for (int i = 0; roles[i]; i++)
		if (strcmp(r, roles[i]) == 0)
			return 1;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = g_strndup((const char *)data, size);   /* stops at a NUL */
	char **lines = g_strsplit(text, "\n", 3);
	struct mc_message *m = mc_message_new();
	if (lines[0])
		mc_message_add_header(m, "X-Mozilla-Status", lines[0], NULL);
	if (lines[0] && lines[1])
		mc_message_add_header(m, "X-Mozilla-Status2", lines[1], NULL);
	if (lines[0] && lines[1] && lines[2]) {
		mc_message_add_header(m, "X-Gmail-Labels", lines[2], NULL);
		mc_message_add_header(m, "X-GM-THRID", lines[2], NULL);
	}
	mc_store_headers_apply(m);

	const char *status = prop(m, "mozilla.status"), *flags = prop(m, "mozilla.flags");
	FUZZ_CHECK((status == NULL) == (flags == NULL), "status and flags come together");
	if (status) {
		FUZZ_CHECK(strlen(status) == 10 && strncmp(status, "0x", 2) == 0,
		           "mozilla.status is 0x and 8 digits");
		for (int i = 2; i < 10; i++)
			FUZZ_CHECK(g_ascii_isxdigit(status[i]), "mozilla.status is hex");
		uint32_t v = (uint32_t)strtoul(status + 2, NULL, 16);
		char *names = mc_mozilla_flag_names(v);
		FUZZ_CHECK(strcmp(names, flags) == 0, "mozilla.flags names the status's flags");
		g_free(names);
		FUZZ_CHECK((strcmp(m->origin, MC_ORIGIN_RECOVERED) == 0) ==
		           ((v & MC_MOZ_EXPUNGED) != 0), "recovered exactly when expunged");
	} else {
		FUZZ_CHECK(strcmp(m->origin, MC_ORIGIN_FOLDER) == 0, "no status: origin unchanged");
	}
	for (guint i = 0; i < m->labels->len; i++) {
		const struct mc_label *l = g_ptr_array_index(m->labels, i);
		size_t n = strlen(l->name);
		FUZZ_CHECK(n > 0, "a label is not empty");
		FUZZ_CHECK(!g_ascii_isspace(l->name[0]) && !g_ascii_isspace(l->name[n - 1]),
		           "a label has no surrounding blanks");
		FUZZ_CHECK(documented_role(l->role), "a label has a documented role");
	}
	if (lines[0] && lines[1] && lines[2]) {
		size_t commas = 0;
		for (const char *p = lines[2]; *p; p++)
			commas += *p == ',';
		FUZZ_CHECK(m->labels->len <= commas + 1, "at most one label per comma and one");
	}
	mc_message_free(m);
	g_strfreev(lines);
	g_free(text);
	return 0;
}
