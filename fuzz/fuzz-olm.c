/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz-olm.c: the Outlook for Mac .olm reader (mc_format_olm, parsers/olm.c
 * and olm-item.c). The first byte chooses what the rest is:
 *
 *   even  one message item (XML): parsed by mc_olm_item_parse, then put in
 *         an archive built here with libzip (stored, so the fuzzer's bytes
 *         reach the reader as written) beside an attachment entry and an
 *         attached message the item may name, and the archive read through
 *         a checking null sink (fuzz-reader.h);
 *   odd   a whole .olm file, read the same way (libzip's ZIP parsing, the
 *         OLM layout, folders, accounting).
 */
#include "config.h"
#include <zip.h>
#include "fuzz-reader.h"
#include "olm-item.h"

#define ACC "Accounts/a@example.org/"

/* An in-memory ZIP of the given entries, stored; NULL when libzip says no. */
static unsigned char *make_zip(const char *const *names, const uint8_t *const *data,
                               const size_t *lens, size_t n, size_t *out_len)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
	if (!src)
		return NULL;
	zip_source_keep(src);
	zip_t *z = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	unsigned char *buf = NULL;
	if (z) {
		for (size_t i = 0; i < n; i++) {
			zip_source_t *s = zip_source_buffer(z, data[i], lens[i], 0);
			zip_int64_t idx = s ? zip_file_add(z, names[i], s, ZIP_FL_ENC_UTF_8) : -1;
			if (idx < 0) {
				if (s)
					zip_source_free(s);
				continue;
			}
			zip_set_file_compression(z, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
		}
		if (zip_close(z) != 0)
			zip_discard(z);
		else if (zip_source_open(src) == 0) {
			zip_source_seek(src, 0, SEEK_END);
			zip_int64_t size = zip_source_tell(src);
			zip_source_seek(src, 0, SEEK_SET);
			if (size > 0 && (buf = malloc((size_t)size)) != NULL &&
			    zip_source_read(src, buf, (zip_uint64_t)size) != size) {
				free(buf);
				buf = NULL;
			}
			*out_len = (size_t)size;
			zip_source_close(src);
		}
	}
	zip_source_free(src);
	zip_error_fini(&ze);
	return buf;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	const uint8_t *in = data + 1;
	size_t n = size - 1;
	if (data[0] & 1) {
		fuzz_run_reader(&mc_format_olm, "archive.olm", in, n);
		return 0;
	}
	mc_mime_init();
	struct mc_olm_item item;
	char err[256];
	if (mc_olm_item_parse((const char *)in, n, &item, err, sizeof err) == 0) {
		FUZZ_CHECK(item.messages->len > 0 && item.messages->len == item.refs->len,
		           "one list of references per message");
		for (guint i = 0; i < item.messages->len; i++) {
			const struct mc_message *m = g_ptr_array_index(item.messages, i);
			const GPtrArray *refs = g_ptr_array_index(item.refs, i);
			FUZZ_CHECK(refs->len == m->attachments->len, "one reference per attachment");
			fuzz_check_message(m);
		}
	} else {
		FUZZ_CHECK(item.messages->len == 0 && g_utf8_validate(err, -1, NULL),
		           "a refused item gives nothing and says why in UTF-8");
	}
	mc_olm_item_clear(&item);

	static const char att[] = "hello";
	static const char inner[] = "From: a@example.org\r\nSubject: inner\r\n\r\nbody\r\n";
	const char *names[] = {
		ACC "com.microsoft.__Messages/Inbox/Sub/message_00001.xml",
		ACC "com.microsoft.__Attachments/1/a.txt",
		ACC "com.microsoft.__Attachments/2/m.eml",
		ACC "com.microsoft.__Contacts/contact_00001.xml",
	};
	const uint8_t *bytes[] = { in, (const uint8_t *)att, (const uint8_t *)inner,
	                           (const uint8_t *)"<contacts/>" };
	size_t lens[] = { n, sizeof att - 1, sizeof inner - 1, 11 };
	size_t zlen = 0;
	unsigned char *zip = make_zip(names, bytes, lens, G_N_ELEMENTS(names), &zlen);
	if (zip) {
		fuzz_run_reader(&mc_format_olm, "item.olm", zip, zlen);
		free(zip);
	}
	return 0;
}
