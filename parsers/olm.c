/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * olm.c: the Outlook for Mac archive reader (mc_format_olm). An .olm file
 * is a ZIP archive (read with libzip, through our read-only descriptor):
 *
 *   <account>/com.microsoft.__Messages/<folder>[/<sub>...]/message_NNNNN.xml
 *   <account>/com.microsoft.__Attachments/.../<file>
 *
 * where <account> is usually Accounts/<address> (or Local). Each message
 * item is an XML document read by olm-item.c; its attachments name their
 * ZIP entry (OPFAttachmentURL), whose bytes are hashed as a stream. Folders
 * are the directories below com.microsoft.__Messages, under one folder per
 * account; roles from the names (folder-names.c). An attachment of type
 * message/rfc822 is also read as an RFC 822 message of its own (origin
 * embedded, the holder as parent), as attached messages are elsewhere.
 *
 * Accounting: an item that cannot be read (ZIP error, not XML, no <email>)
 * is a problem row (error) and makes the evidence partial; so does an
 * attachment whose entry is missing (a warning naming the item). Attachment
 * entries no message names, and the archive's entries that are not mail
 * (contacts, calendar, tasks, notes: counted per kind), are warnings. One
 * item is in memory at a time, at most MC_LIMIT_OLM_ITEM_BYTES.
 *
 * Locators: "olm:<entry>" for the message of an item (its size and SHA-256
 * are the item's XML bytes), "olm:<entry>#email=<n>" when an item holds
 * several; "olm:<entry>" of its attachment for an attached message (its
 * bytes); folders "olm:<directory>/".
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <glib.h>
#include <zip.h>

#include "digest.h"
#include "eml.h"
#include "evidence-open.h"
#include "folder-names.h"
#include "mime-headers.h"
#include "olm.h"
#include "olm-item.h"
#include "parser.h"
#include "resource-limits.h"

#define MESSAGES_DIR "com.microsoft.__Messages/"
#define ATTACHMENTS_DIR "com.microsoft.__Attachments/"
#define KIND_MARK "com.microsoft.__"

struct olm {
	struct mc_reader *r;
	zip_t *z;
	GHashTable *folders;        /* "<account>\n<path>" -> folder id */
	int64_t next_folder_id;
	GHashTable *referenced;     /* attachment entry indexes a message named */
	GHashTable *not_mail;       /* kind ("Contacts") -> count */
	int64_t bad_items, missing_attachments;
	char first_bad[512];
	int fatal;
};

static const char *entry_name(zip_t *z, zip_uint64_t i)
{
	return zip_get_name(z, i, ZIP_FL_ENC_GUESS);
}

/* The com.microsoft.__ directory an entry lies in ("Messages"), or NULL. */
static char *entry_kind(const char *name)
{
	const char *at = strstr(name, KIND_MARK);
	if (!at || (at != name && at[-1] != '/'))
		return NULL;
	at += strlen(KIND_MARK);
	const char *end = strchr(at, '/');
	return end && end > at ? g_strndup(at, (gsize)(end - at)) : NULL;
}

/* Any entry of the OLM layout (a com.microsoft.__<Kind>/ directory). */
static int zip_is_olm(zip_t *z)
{
	zip_int64_t n = zip_get_num_entries(z, 0);
	for (zip_int64_t i = 0; i < n; i++) {
		const char *name = entry_name(z, (zip_uint64_t)i);
		char *kind = name ? entry_kind(name) : NULL;
		g_free(kind);
		if (kind)
			return 1;
	}
	return 0;
}

static zip_t *open_zip(int fd, char *err, size_t errlen)
{
	int dfd = dup(fd);
	if (dfd < 0) {
		g_snprintf(err, errlen, "%s", g_strerror(errno));
		return NULL;
	}
	int ze = 0;
	zip_t *z = zip_fdopen(dfd, 0, &ze);
	if (!z) {
		zip_error_t e;
		zip_error_init_with_code(&e, ze);
		g_snprintf(err, errlen, "%s", zip_error_strerror(&e));
		zip_error_fini(&e);
		close(dfd);
	}
	return z;
}

static const unsigned char zip_local_magic[4] = { 'P', 'K', 3, 4 };

/* The names of the local file headers in the first bytes: one below
 * com.microsoft.__ (an archive whose directory cannot be read). */
static int head_is_olm(const unsigned char *h, size_t n)
{
	size_t at = 0;
	for (int k = 0; k < 64 && at + 30 <= n && memcmp(h + at, zip_local_magic, 4) == 0; k++) {
		size_t name_len = (size_t)h[at + 26] | (size_t)h[at + 27] << 8;
		size_t extra_len = (size_t)h[at + 28] | (size_t)h[at + 29] << 8;
		uint32_t csize = (uint32_t)h[at + 18] | (uint32_t)h[at + 19] << 8 |
		                 (uint32_t)h[at + 20] << 16 | (uint32_t)h[at + 21] << 24;
		if (at + 30 + name_len > n)
			return 0;
		char *name = g_strndup((const char *)h + at + 30, name_len);
		char *kind = entry_kind(name);
		g_free(name);
		g_free(kind);
		if (kind)
			return 1;
		if (h[at + 6] & 8)
			return 0;           /* sizes after the data: the next header is not found */
		at += 30 + name_len + extra_len + csize;
	}
	return 0;
}

/* ZIP magic, then the archive's names: an entry below com.microsoft.__.
 * An archive libzip cannot open is still taken when its first entries
 * have such names, so that it fails as an .olm with the reason. */
static int olm_bid(const struct mc_probe *p)
{
	if (p->is_dir || !p->head || p->head_len < 30 ||
	    memcmp(p->head, zip_local_magic, 4) != 0)
		return 0;
	int fd = p->path ? mc_evidence_open(p->path, 0) : -1;
	char err[128];
	zip_t *z = fd >= 0 ? open_zip(fd, err, sizeof err) : NULL;
	if (fd >= 0)
		close(fd);
	if (!z)
		return head_is_olm(p->head, p->head_len) ? 90 : 0;
	int bid = zip_is_olm(z) ? 95 : 0;
	zip_discard(z);
	return bid;
}

static void bad_item(struct olm *c, const char *loc, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

static void bad_item(struct olm *c, const char *loc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *text = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	char *valid = g_utf8_make_valid(text, -1);
	if (c->bad_items++ == 0)
		g_strlcpy(c->first_bad, loc, sizeof c->first_bad);
	if (mc_reader_problem(c->r, "error", loc, "%s; message item not read", valid) != 0)
		c->fatal = 1;
	g_free(valid);
	g_free(text);
}

static int64_t add_folder(struct olm *c, const char *key, const char *name, const char *path,
                          int64_t parent, const char *role, const char *locator)
{
	struct mc_folder *f = mc_folder_new();
	int64_t id = c->next_folder_id++;
	f->local_id = id;
	f->parent_local_id = parent;
	/* entry names are not always UTF-8: libzip passes a name without the
	 * UTF-8 flag through as UTF-8 when its bytes look so, overlong forms
	 * included */
	f->name = g_utf8_make_valid(name, -1);
	f->path = g_utf8_make_valid(path, -1);
	f->role = role ? role : mc_guess_folder_role(f->name);
	char *valid_locator = g_utf8_make_valid(locator, -1);
	f->locator = g_strdup_printf("olm:%s", valid_locator);
	g_free(valid_locator);
	if (mc_reader_folder(c->r, f) != 0)
		c->fatal = 1;
	mc_folder_free(f);
	g_hash_table_insert(c->folders, g_strdup(key), g_memdup2(&id, sizeof id));
	return id;
}

/*
 * The folder of a Messages entry (dir: the entry is the directory itself),
 * made with its parents when first met. 0 if it has none.
 */
static int64_t entry_folder(struct olm *c, const char *name, int dir)
{
	const char *at = strstr(name, MESSAGES_DIR);
	if (!at || (at != name && at[-1] != '/'))
		return 0;
	char *account = g_strndup(name, (gsize)(at - name));
	if (*account && account[strlen(account) - 1] == '/')
		account[strlen(account) - 1] = '\0';
	const char *rest = at + strlen(MESSAGES_DIR);
	const char *end = dir ? rest + strlen(rest) : strrchr(rest, '/');
	char *folder = end ? g_strndup(rest, (gsize)(end - rest)) : g_strdup("");
	int64_t parent = 0;
	GString *key = g_string_new(account);
	g_string_append_c(key, '\n');
	GString *path = g_string_new(NULL);
	if (*account) {
		const int64_t *id = g_hash_table_lookup(c->folders, key->str);
		const char *slash = strrchr(account, '/');
		const char *aname = slash ? slash + 1 : account;
		char *loc = g_strdup_printf("%s/", account);
		parent = id ? *id : add_folder(c, key->str, aname, aname, 0, MC_ROLE_OTHER, loc);
		g_free(loc);
		g_string_append(path, aname);
	}
	gchar **parts = g_strsplit(folder, "/", -1);
	GString *rel = g_string_new(NULL);
	for (gchar **p = parts; *p && !c->fatal; p++) {
		if (!**p)
			continue;
		if (rel->len)
			g_string_append_c(rel, '/');
		g_string_append(rel, *p);
		if (path->len)
			g_string_append_c(path, '/');
		g_string_append(path, *p);
		g_string_truncate(key, strlen(account) + 1);
		g_string_append(key, rel->str);
		const int64_t *id = g_hash_table_lookup(c->folders, key->str);
		if (id) {
			parent = *id;
		} else {
			char *loc = g_strdup_printf("%.*s%s/", (int)(at - name + strlen(MESSAGES_DIR)),
			                            name, rel->str);
			parent = add_folder(c, key->str, *p, path->str, parent, NULL, loc);
			g_free(loc);
		}
	}
	g_strfreev(parts);
	g_string_free(rel, TRUE);
	g_string_free(path, TRUE);
	g_string_free(key, TRUE);
	g_free(folder);
	g_free(account);
	return parent;
}

/* Reads a whole entry of at most max bytes; NULL with err set. */
static char *read_entry(zip_t *z, zip_uint64_t i, zip_uint64_t max, size_t *len,
                        char *err, size_t errlen)
{
	zip_file_t *f = zip_fopen_index(z, i, 0);
	if (!f) {
		g_snprintf(err, errlen, "cannot open the ZIP entry: %s", zip_strerror(z));
		return NULL;
	}
	GByteArray *buf = g_byte_array_new();
	char chunk[65536];
	zip_int64_t got;
	while ((got = zip_fread(f, chunk, sizeof chunk)) > 0) {
		if (buf->len + (zip_uint64_t)got > max) {
			g_snprintf(err, errlen, "the entry holds more than %" PRIu64 " bytes",
			           (uint64_t)max);
			got = -2;
			break;
		}
		g_byte_array_append(buf, (const guint8 *)chunk, (guint)got);
	}
	if (got == -1)
		g_snprintf(err, errlen, "cannot read the ZIP entry: %s", zip_file_strerror(f));
	zip_fclose(f);
	if (got < 0) {
		g_byte_array_unref(buf);
		return NULL;
	}
	*len = buf->len;
	g_byte_array_append(buf, (const guint8 *)"", 1);
	return (char *)g_byte_array_free(buf, FALSE);
}

int mc_olm_read_entry(const char *path, const char *entry, size_t max, GByteArray **out,
                      char *err, size_t errlen)
{
	char zerr[256];
	int fd = mc_evidence_open(path, 0);
	if (fd < 0) {
		g_snprintf(err, errlen, "%s: cannot open: %s", path, g_strerror(errno));
		return -1;
	}
	zip_t *z = open_zip(fd, zerr, sizeof zerr);
	close(fd);
	if (!z) {
		g_snprintf(err, errlen, "%s: not a readable ZIP archive: %s", path, zerr);
		return -1;
	}
	int rc = -1;
	zip_int64_t i = zip_name_locate(z, entry, ZIP_FL_ENC_GUESS);
	size_t len = 0;
	char *bytes = i < 0 ? NULL : read_entry(z, (zip_uint64_t)i, max, &len, zerr, sizeof zerr);
	if (i < 0) {
		g_snprintf(err, errlen, "%s: no entry %s in the archive", path, entry);
	} else if (!bytes) {
		g_snprintf(err, errlen, "%s: entry %s: %s", path, entry, zerr);
	} else {
		*out = g_byte_array_new_take((guint8 *)bytes, len);
		rc = 0;
	}
	zip_discard(z);
	return rc;
}

/* Hashes an entry as a stream; 0, or -1 with err set. */
static int hash_entry(zip_t *z, zip_uint64_t i, char sha[65], int64_t *size,
                      char *err, size_t errlen)
{
	zip_file_t *f = zip_fopen_index(z, i, 0);
	if (!f) {
		g_snprintf(err, errlen, "%s", zip_strerror(z));
		return -1;
	}
	struct mc_digest *ck = mc_digest_new(MC_DIGEST_SHA256);
	guchar chunk[65536];
	zip_int64_t got, total = 0;
	while ((got = zip_fread(f, chunk, sizeof chunk)) > 0) {
		mc_digest_update(ck, chunk, (size_t)got);
		total += got;
	}
	if (got < 0)
		g_snprintf(err, errlen, "%s", zip_file_strerror(f));
	else {
		mc_digest_hex(ck, sha, 65);
		*size = total;
	}
	mc_digest_free(ck);
	zip_fclose(f);
	return got < 0 ? -1 : 0;
}

/* Hashes the attachment's entry; its index, or -1 when it has none. */
static zip_int64_t read_attachment_bytes(struct olm *c, struct mc_message *m,
                                         struct mc_attachment *a,
                                         const struct mc_olm_attachment_ref *ref, guint n)
{
	const char *what = a->filename ? a->filename : "(no name)";
	if (!ref->url) {
		mc_message_warn(m, "attachment %u '%s' names no ZIP entry (OPFAttachmentURL);"
		                " no hash", n, what);
		return -1;
	}
	zip_int64_t i = zip_name_locate(c->z, ref->url, ZIP_FL_ENC_GUESS);
	if (i < 0) {
		mc_message_warn(m, "attachment %u '%s': its entry %s is not in the archive; no hash",
		                n, what, ref->url);
		if (c->missing_attachments++ == 0 && c->bad_items == 0)
			g_strlcpy(c->first_bad, m->locator, sizeof c->first_bad);
		char *text = g_strdup_printf("attachment %u '%s': the entry %s it names is not in"
		                             " the archive", n, what, ref->url);
		char *valid = g_utf8_make_valid(text, -1);
		if (mc_reader_problem(c->r, "warning", m->locator, "%s", valid) != 0)
			c->fatal = 1;
		g_free(valid);
		g_free(text);
		return -1;
	}
	g_hash_table_add(c->referenced, GINT_TO_POINTER((gint)i + 1));
	char err[256];
	if (hash_entry(c->z, (zip_uint64_t)i, a->sha256, &a->size, err, sizeof err) != 0) {
		a->sha256[0] = '\0';
		mc_message_warn(m, "attachment %u '%s': entry %s unreadable (%s); no hash",
		                n, what, ref->url, err);
		return -1;
	}
	if (ref->declared_size >= 0 && ref->declared_size != a->size)
		mc_message_warn(m, "attachment %u '%s': the item declares %" PRId64 " bytes, the"
		                " entry holds %" PRId64, n, what, ref->declared_size, a->size);
	return i;
}

/* An attached message (message/rfc822 entry) as its own record, parsed as
 * any RFC 822 message, with the holder as parent. */
static void read_embedded(struct olm *c, const struct mc_message *holder, zip_int64_t i)
{
	const char *name = entry_name(c->z, (zip_uint64_t)i);
	char *valid = g_utf8_make_valid(name ? name : "", -1);
	char *loc = g_strdup_printf("olm:%s", valid);
	char err[512];
	size_t len = 0;
	char *bytes = read_entry(c->z, (zip_uint64_t)i, MC_RFC822_MAX_BYTES, &len, err, sizeof err);
	if (!bytes) {
		char *text = g_strdup_printf("attached message not read: %s", err);
		char *t = g_utf8_make_valid(text, -1);
		if (mc_reader_problem(c->r, "warning", loc, "%s", t) != 0)
			c->fatal = 1;
		g_free(t);
		g_free(text);
	} else {
		struct mc_message *m = mc_message_new();
		m->locator = g_steal_pointer(&loc);
		m->parent_local_id = holder->local_id;
		m->folder_local_id = holder->folder_local_id;
		m->origin = MC_ORIGIN_EMBEDDED;
		if (mc_rfc822_emit(c->r, m, bytes, len, bytes, len) != 0)
			c->fatal = 1;
		mc_message_free(m);
		g_free(bytes);
	}
	g_free(loc);
	g_free(valid);
}

static void read_item(struct olm *c, zip_uint64_t i, const char *name)
{
	char *valid_name = g_utf8_make_valid(name, -1);
	char *loc = g_strdup_printf("olm:%s", valid_name);
	int64_t folder = entry_folder(c, name, 0);
	zip_stat_t st;
	char err[512];
	size_t len = 0;
	char *xml = NULL;
	zip_stat_init(&st);
	if (zip_stat_index(c->z, i, 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE) &&
	    st.size > MC_LIMIT_OLM_ITEM_BYTES) {
		char *text = g_strdup_printf(MC_LIMIT_PREFIX "olm-item-bytes (%d) exceeded: the"
		                             " item holds %" PRIu64 " bytes; not read",
		                             MC_LIMIT_OLM_ITEM_BYTES, (uint64_t)st.size);
		if (mc_reader_limit(c->r, loc, text) != 0)
			c->fatal = 1;
		g_free(text);
	} else if (!(xml = read_entry(c->z, i, MC_LIMIT_OLM_ITEM_BYTES, &len, err, sizeof err))) {
		bad_item(c, loc, "%s", err);
	} else {
		struct mc_olm_item item = { 0 };
		char sha[65];
		mc_sha256_hex(xml, len, sha);
		if (mc_olm_item_parse(xml, len, &item, err, sizeof err) != 0)
			bad_item(c, loc, "%s", err);
		for (guint k = 0; k < item.messages->len && !c->fatal; k++) {
			struct mc_message *m = g_ptr_array_index(item.messages, k);
			GPtrArray *refs = g_ptr_array_index(item.refs, k);
			m->locator = item.messages->len > 1 ? g_strdup_printf("%s#email=%u", loc, k + 1)
			                                   : g_strdup(loc);
			m->folder_local_id = folder;
			m->origin = MC_ORIGIN_FOLDER;
			m->size = (int64_t)len;
			memcpy(m->sha256, sha, sizeof sha);
			GArray *embedded = g_array_new(FALSE, FALSE, sizeof(zip_int64_t));
			for (guint j = 0; j < refs->len && j < m->attachments->len; j++) {
				const struct mc_attachment *a = g_ptr_array_index(m->attachments, j);
				zip_int64_t at = read_attachment_bytes(c, m, g_ptr_array_index(m->attachments, j),
				                                       g_ptr_array_index(refs, j), j + 1);
				if (at >= 0 && a->mime_type && strcmp(a->mime_type, "message/rfc822") == 0)
					g_array_append_val(embedded, at);
			}
			m->local_id = mc_reader_next_id(c->r);
			if (mc_reader_message(c->r, m) != 0)
				c->fatal = 1;
			for (guint j = 0; j < embedded->len && !c->fatal; j++)
				read_embedded(c, m, g_array_index(embedded, zip_int64_t, j));
			g_array_free(embedded, TRUE);
		}
		mc_olm_item_clear(&item);
	}
	g_free(xml);
	g_free(loc);
	g_free(valid_name);
}

/* Attachment entries no message named, and what is not mail, by kind. */
static void report_unread(struct olm *c, zip_int64_t n)
{
	for (zip_int64_t i = 0; i < n && !c->fatal; i++) {
		const char *name = entry_name(c->z, (zip_uint64_t)i);
		if (!name || g_str_has_suffix(name, "/") || !strstr(name, ATTACHMENTS_DIR) ||
		    g_hash_table_contains(c->referenced, GINT_TO_POINTER((gint)i + 1)))
			continue;
		char *valid = g_utf8_make_valid(name, -1);
		char *loc = g_strdup_printf("olm:%s", valid);
		if (mc_reader_problem(c->r, "warning", loc, "attachment entry that no message item"
		                      " names; not read") != 0)
			c->fatal = 1;
		g_free(loc);
		g_free(valid);
	}
	GHashTableIter it;
	gpointer k, v;
	g_hash_table_iter_init(&it, c->not_mail);
	while (g_hash_table_iter_next(&it, &k, &v) && !c->fatal) {
		char *kind = g_utf8_make_valid(k, -1);
		int64_t count = *(int64_t *)v;
		int rc = *kind ? mc_reader_problem(c->r, "warning", "olm:", "%" PRId64 " entr%s below"
		                                   " com.microsoft.__%s: not mail items; not read",
		                                   count, count == 1 ? "y" : "ies", kind)
		               : mc_reader_problem(c->r, "warning", "olm:", "%" PRId64 " entr%s outside"
		                                   " the com.microsoft.__ directories; not read",
		                                   count, count == 1 ? "y" : "ies");
		if (rc != 0)
			c->fatal = 1;
		g_free(kind);
	}
}

static void count_not_mail(struct olm *c, const char *name)
{
	char *kind = entry_kind(name);
	if (!kind)
		kind = g_strdup("");
	int64_t *count = g_hash_table_lookup(c->not_mail, kind);
	if (!count) {
		count = g_new0(int64_t, 1);
		g_hash_table_insert(c->not_mail, g_strdup(kind), count);
	}
	(*count)++;
	g_free(kind);
}

static enum mc_result olm_read(struct mc_reader *r)
{
	struct olm c = { .r = r, .next_folder_id = 1 };
	char err[256];
	r->variant = "olm";
	mc_mime_init();
	c.z = open_zip(r->fd, err, sizeof err);
	if (!c.z)
		return mc_reader_fail(r, MC_FATAL, "%s: not a readable ZIP archive: %s", r->path, err);
	c.folders = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	c.referenced = g_hash_table_new(g_direct_hash, g_direct_equal);
	c.not_mail = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	zip_int64_t n = zip_get_num_entries(c.z, 0);
	for (zip_int64_t i = 0; i < n && !c.fatal; i++) {
		const char *name = entry_name(c.z, (zip_uint64_t)i);
		if (!name)
			continue;
		int dir = g_str_has_suffix(name, "/");
		if (mc_olm_is_message_entry(name)) {
			read_item(&c, (zip_uint64_t)i, name);
		} else if (dir && strstr(name, MESSAGES_DIR)) {
			char *trim = g_strndup(name, strlen(name) - 1);
			entry_folder(&c, trim, 1);
			g_free(trim);
		} else if (!dir && !strstr(name, ATTACHMENTS_DIR)) {
			count_not_mail(&c, name);
		}
	}
	if (!c.fatal)
		report_unread(&c, n);
	zip_discard(c.z);
	g_hash_table_destroy(c.folders);
	g_hash_table_destroy(c.referenced);
	g_hash_table_destroy(c.not_mail);
	if (c.fatal)
		return mc_reader_fail(r, MC_FATAL, "%s: the case could not store what was read",
		                      r->path);
	if (c.bad_items || c.missing_attachments)
		return mc_reader_fail(r, MC_WARN, "%" PRId64 " message item%s could not be read,"
		                      " %" PRId64 " attachment%s missing; first at %s",
		                      c.bad_items, c.bad_items == 1 ? "" : "s",
		                      c.missing_attachments, c.missing_attachments == 1 ? "" : "s",
		                      c.first_bad);
	return MC_OK;
}

const struct mc_format mc_format_olm = { "olm", olm_bid, olm_read, 0 };
