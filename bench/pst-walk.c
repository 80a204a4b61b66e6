/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench/pst-walk.c: the lower bound for any PST reader built on libpff.
 * Opens a PST, walks every folder, and for every message (and FAI item)
 * reads each property of each record set once, the plain, HTML and RTF
 * bodies, the recipients' properties and every attachment's bytes. With
 * --recover it then runs libpff's deleted-item recovery and reads the
 * recovered and orphan items' properties too (as mailcase does).
 * Prints items, properties, attachment bytes. Not part of mailcase.
 *
 * Build: cc -O2 -o pst-walk bench/pst-walk.c -lpff
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
/* libpff-dev promises libbfio in features.h but ships no libbfio.h. */
#include <libpff/features.h>
#undef LIBPFF_HAVE_BFIO
#include <libpff.h>

struct totals {
	unsigned long long items, props, prop_bytes, body_bytes, attachments, attachment_bytes;
};

static uint8_t *buf;
static size_t buf_size;

static uint8_t *room(size_t n)
{
	if (n > buf_size) {
		free(buf);
		buf_size = n * 2;
		buf = malloc(buf_size);
		if (!buf) {
			perror("malloc");
			exit(1);
		}
	}
	return buf;
}

/* Reads every entry of every record set of item. */
static void read_props(libpff_item_t *item, struct totals *t)
{
	int sets = 0;
	if (libpff_item_get_number_of_record_sets(item, &sets, NULL) != 1)
		return;
	for (int s = 0; s < sets; s++) {
		libpff_record_set_t *rs = NULL;
		if (libpff_item_get_record_set_by_index(item, s, &rs, NULL) != 1)
			continue;
		int n = 0;
		libpff_record_set_get_number_of_entries(rs, &n, NULL);
		for (int e = 0; e < n; e++) {
			libpff_record_entry_t *re = NULL;
			if (libpff_record_set_get_entry_by_index(rs, e, &re, NULL) != 1)
				continue;
			size_t size = 0;
			if (libpff_record_entry_get_data_size(re, &size, NULL) == 1 && size > 0 &&
			    libpff_record_entry_get_data(re, room(size), size, NULL) == 1)
				t->prop_bytes += size;
			t->props++;
			libpff_record_entry_free(&re, NULL);
		}
		libpff_record_set_free(&rs, NULL);
	}
}

static void read_bodies(libpff_item_t *m, struct totals *t)
{
	size_t size = 0;
	if (libpff_message_get_plain_text_body_size(m, &size, NULL) == 1 && size > 0 &&
	    libpff_message_get_plain_text_body(m, room(size), size, NULL) == 1)
		t->body_bytes += size;
	size = 0;
	if (libpff_message_get_html_body_size(m, &size, NULL) == 1 && size > 0 &&
	    libpff_message_get_html_body(m, room(size), size, NULL) == 1)
		t->body_bytes += size;
	size = 0;
	if (libpff_message_get_rtf_body_size(m, &size, NULL) == 1 && size > 0 &&
	    libpff_message_get_rtf_body(m, room(size), size, NULL) == 1)
		t->body_bytes += size;
}

static void read_message(libpff_item_t *m, struct totals *t);

static void read_attachments(libpff_item_t *m, struct totals *t)
{
	int n = 0;
	if (libpff_message_get_number_of_attachments(m, &n, NULL) != 1)
		return;
	for (int i = 0; i < n; i++) {
		libpff_item_t *a = NULL;
		if (libpff_message_get_attachment(m, i, &a, NULL) != 1)
			continue;
		t->attachments++;
		read_props(a, t);
		int type = 0;
		libpff_attachment_get_type(a, &type, NULL);
		if (type == LIBPFF_ATTACHMENT_TYPE_DATA) {
			ssize_t got;
			while ((got = libpff_attachment_data_read_buffer(a, room(65536), 65536, NULL)) > 0)
				t->attachment_bytes += (unsigned long long)got;
		} else if (type == LIBPFF_ATTACHMENT_TYPE_ITEM) {
			libpff_item_t *inner = NULL;
			if (libpff_attachment_get_item(a, &inner, NULL) == 1) {
				read_message(inner, t);
				libpff_item_free(&inner, NULL);
			}
		}
		libpff_item_free(&a, NULL);
	}
}

static void read_message(libpff_item_t *m, struct totals *t)
{
	t->items++;
	read_props(m, t);
	read_bodies(m, t);
	libpff_item_t *r = NULL;
	if (libpff_message_get_recipients(m, &r, NULL) == 1) {
		read_props(r, t);
		libpff_item_free(&r, NULL);
	}
	read_attachments(m, t);
}

typedef int (*count_fn)(libpff_item_t *, int *, libpff_error_t **);
typedef int (*get_fn)(libpff_item_t *, int, libpff_item_t **, libpff_error_t **);

static void read_list(libpff_item_t *folder, count_fn count, get_fn get, struct totals *t)
{
	int n = 0;
	if (count(folder, &n, NULL) != 1)
		return;
	for (int i = 0; i < n; i++) {
		libpff_item_t *m = NULL;
		if (get(folder, i, &m, NULL) != 1)
			continue;
		read_message(m, t);
		libpff_item_free(&m, NULL);
	}
}

static void read_folder(libpff_item_t *f, int depth, struct totals *t)
{
	if (depth > 64)
		return;
	read_props(f, t);
	read_list(f, libpff_folder_get_number_of_sub_messages, libpff_folder_get_sub_message, t);
	read_list(f, libpff_folder_get_number_of_sub_associated_contents,
	          libpff_folder_get_sub_associated_content, t);
	int n = 0;
	if (libpff_folder_get_number_of_sub_folders(f, &n, NULL) != 1)
		return;
	for (int i = 0; i < n; i++) {
		libpff_item_t *sub = NULL;
		if (libpff_folder_get_sub_folder(f, i, &sub, NULL) != 1)
			continue;
		read_folder(sub, depth + 1, t);
		libpff_item_free(&sub, NULL);
	}
}

typedef int (*file_count_fn)(libpff_file_t *, int *, libpff_error_t **);
typedef int (*file_get_fn)(libpff_file_t *, int, libpff_item_t **, libpff_error_t **);

static void read_loose(libpff_file_t *file, file_count_fn count, file_get_fn get,
                       struct totals *t)
{
	int n = 0;
	if (count(file, &n, NULL) != 1)
		return;
	for (int i = 0; i < n; i++) {
		libpff_item_t *it = NULL;
		if (get(file, i, &it, NULL) != 1)
			continue;
		t->items++;
		read_props(it, t);
		libpff_item_free(&it, NULL);
	}
}

int main(int argc, char **argv)
{
	int recover = argc == 3 && strcmp(argv[1], "--recover") == 0;
	if (argc != 2 + recover) {
		fprintf(stderr, "usage: %s [--recover] FILE.pst\n", argv[0]);
		return 2;
	}
	const char *path = argv[1 + recover];
	libpff_file_t *file = NULL;
	libpff_error_t *err = NULL;
	if (libpff_file_initialize(&file, &err) != 1 ||
	    libpff_file_open(file, path, LIBPFF_OPEN_READ, &err) != 1) {
		char msg[512] = "";
		libpff_error_sprint(err, msg, sizeof msg);
		fprintf(stderr, "%s: cannot open: %s\n", path, msg);
		return 1;
	}
	struct totals t = { 0 };
	libpff_item_t *root = NULL;
	if (libpff_file_get_root_folder(file, &root, NULL) == 1) {
		read_folder(root, 0, &t);
		libpff_item_free(&root, NULL);
	}
	if (recover && libpff_file_recover_items(file, 0, NULL) == 1) {
		read_loose(file, libpff_file_get_number_of_recovered_items,
		           libpff_file_get_recovered_item_by_index, &t);
		read_loose(file, libpff_file_get_number_of_orphan_items,
		           libpff_file_get_orphan_item_by_index, &t);
	}
	libpff_file_close(file, NULL);
	libpff_file_free(&file, NULL);
	free(buf);
	printf("items %llu properties %llu property-bytes %llu body-bytes %llu "
	       "attachments %llu attachment-bytes %llu\n", t.items, t.props, t.prop_bytes,
	       t.body_bytes, t.attachments, t.attachment_bytes);
	return 0;
}
