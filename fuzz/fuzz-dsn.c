/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz-dsn.c: mc_report_parse(), mc_report_get() and
 * mc_report_value_after_type() (analyzer/detect/dsn.h), the reader of RFC 3464
 * delivery status and RFC 8098 disposition notification fields, on the
 * input as a body text (human part, blank line, report fields).
 *
 * Checks dsn.h's promises: a documented type, at most 4096 fields and
 * 64 KiB a value, values without CR, LF or NUL, recipient numbers within
 * the blocks counted (0 for an MDN), the offset inside the text, and that
 * mc_report_clear() leaves a zeroed report.
 */
#include "config.h"
#include "fuzz.h"
#include "dsn.h"

static void check_after_type(const char *value)
{
	static const size_t sizes[] = { 1, 2, 8, 64, 1024 };
	for (size_t i = 0; i < G_N_ELEMENTS(sizes); i++) {
		char out[1024];
		memset(out, 'x', sizeof out);
		mc_report_value_after_type(value, out, sizes[i]);
		FUZZ_CHECK(memchr(out, 0, sizes[i]) != NULL, "value_after_type NUL-terminates");
		FUZZ_CHECK(strlen(out) < sizes[i], "value_after_type stays in its buffer");
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mc_dsn_report r;
	enum mc_report_type t = mc_report_parse((const char *)data, size, &r);
	FUZZ_CHECK(t == r.type, "the type returned is the report's");
	FUZZ_CHECK(t == MC_REPORT_NONE || t == MC_REPORT_DSN || t == MC_REPORT_MDN,
	           "a documented report type");
	FUZZ_CHECK(t != MC_REPORT_NONE || r.n_fields == 0, "no fields without a report");
	FUZZ_CHECK(r.n_fields <= 4096, "at most 4096 fields");
	FUZZ_CHECK(r.n_fields == 0 || r.fields != NULL, "fields exist when counted");
	FUZZ_CHECK(r.n_fields == 0 || r.offset < size, "the report starts inside the text");
	FUZZ_CHECK(r.n_recipients >= 0, "recipient count >= 0");
	for (size_t i = 0; i < r.n_fields; i++) {
		const struct mc_report_field *f = &r.fields[i];
		FUZZ_CHECK(f->name && f->name[0], "a field has a name");
		FUZZ_CHECK(f->value != NULL, "a field has a value");
		size_t vl = strlen(f->value);
		FUZZ_CHECK(vl <= 64 * 1024, "values are cut at 64 KiB");
		FUZZ_CHECK(!memchr(f->value, '\r', vl) && !memchr(f->value, '\n', vl),
		           "values are unfolded");
		FUZZ_CHECK(f->recipient >= 0 && f->recipient <= r.n_recipients,
		           "recipient number within the blocks counted");
		FUZZ_CHECK(r.type != MC_REPORT_MDN || f->recipient == 0,
		           "MDN fields are per-message");
		const char *got = mc_report_get(&r, f->recipient, f->name);
		FUZZ_CHECK(got != NULL, "mc_report_get finds a field that is there");
		FUZZ_CHECK(mc_report_get(&r, -1, f->name) != NULL, "any recipient: found too");
		if (i < 64)
			check_after_type(f->value);
	}
	FUZZ_CHECK(mc_report_get(&r, 0, "X-Never-A-Report-Field-Name") == NULL ||
	           r.n_fields > 0, "nothing is found in an empty report");
	mc_report_clear(&r);
	FUZZ_CHECK(r.fields == NULL && r.n_fields == 0 && r.type == MC_REPORT_NONE,
	           "mc_report_clear zeroes");

	/* the input as one typed value, too */
	if (size < 2048) {
		char *v = g_strndup((const char *)data, size);
		check_after_type(v);
		g_free(v);
	}
	return 0;
}
