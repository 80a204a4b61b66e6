/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz-tnef.c: the project's TNEF decoder (parsers/tnef-stream.h) on the input as
 * a winmail.dat: mc_tnef_decode() (every value and attachment it returns
 * lies inside the input), mc_tnef_apply_full() on a fresh record (record
 * contracts, fuzz-record.h; attached messages inside the input), then the
 * bare TNEF evidence reader (mc_format_tnef.read, which emits attached
 * messages too) through the checking sink of fuzz-reader.h.
 */
#include "config.h"
#include "fuzz-reader.h"
#include "tnef-stream.h"

static int inside(const uint8_t *base, size_t size, const unsigned char *p, size_t n)
{
	if (!p)
		return n == 0;
	return p >= base && p <= base + size && n <= (size_t)(base + size - p);
}

static void check_props(const struct mc_tnef_props *pl, const uint8_t *data, size_t size)
{
	FUZZ_CHECK(pl->props != NULL, "property lists exist");
	FUZZ_CHECK(pl->props->len <= size / 8, "each property took at least 8 input bytes");
	for (guint i = 0; i < pl->props->len; i++) {
		const struct mc_tnef_prop *p = &g_array_index(pl->props, struct mc_tnef_prop, i);
		FUZZ_CHECK(inside(data, size, p->data, p->size), "a value lies inside the input");
		FUZZ_CHECK(fuzz_utf8_or_null(p->name), "a property name is UTF-8");
	}
}

struct span {
	const uint8_t *base;
	size_t size;
	int calls;
};

static void on_attached(void *ctx, int index, const unsigned char *b, size_t n)
{
	struct span *s = ctx;
	FUZZ_CHECK(index >= 0 && index < MC_TNEF_MAX_ATTACHMENTS, "attachment index in range");
	FUZZ_CHECK(inside(s->base, s->size, b, n) && mc_tnef_is_tnef(b, n),
	           "an attached message is a TNEF stream inside the input");
	s->calls++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mc_tnef t;
	int rc = mc_tnef_decode(data, size, &t);
	FUZZ_CHECK(rc == 0 || rc == -1, "a documented result");
	FUZZ_CHECK(rc == 0 || t.attributes == 0, "nothing read without a signature");
	check_props(&t.props, data, size);
	FUZZ_CHECK(t.attachments->len <= MC_TNEF_MAX_ATTACHMENTS, "attachments capped");
	FUZZ_CHECK(t.recipients->len <= MC_TNEF_MAX_RECIPIENTS, "recipients capped");
	for (guint i = 0; i < t.recipients->len; i++)
		check_props(g_ptr_array_index(t.recipients, i), data, size);
	for (guint i = 0; i < t.attachments->len; i++) {
		const struct mc_tnef_attachment *a = g_ptr_array_index(t.attachments, i);
		check_props(&a->props, data, size);
		FUZZ_CHECK(inside(data, size, a->data, a->data_len), "attachment data inside");
		FUZZ_CHECK(inside(data, size, a->title, a->title_len), "attachment title inside");
	}
	FUZZ_CHECK(inside(data, size, t.subject, t.subject_len) &&
	           inside(data, size, t.body, t.body_len) &&
	           inside(data, size, t.message_class, t.message_class_len),
	           "legacy attributes inside");
	FUZZ_CHECK(t.trailing <= size, "trailing bytes within the input");
	mc_tnef_clear(&t);

	mc_mime_init();
	struct mc_message *m = mc_message_new();
	struct span sp = { data, size, 0 };
	rc = mc_tnef_apply_full(data, size, m, "2", on_attached, &sp);
	FUZZ_CHECK(rc == 0 || (m->attachments->len == 0 && !m->message_class && sp.calls == 0),
	           "nothing applied from a stream that is not TNEF");
	FUZZ_CHECK((guint)sp.calls <= m->attachments->len, "one call per attachment at most");
	fuzz_check_message(m);
	mc_message_free(m);

	fuzz_run_reader(&mc_format_tnef, "fuzz-input.tnef", data, size);
	return 0;
}
