/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * check_pst_ndb.c: unit tests of our own PST NDB reader (parsers/pst-ndb.h)
 * against libpff as the independent reader, on PSTs written by mkevidence
 * (Unicode and ANSI, each re-encoded in the three encodings) and on the
 * PST/OST files of the shared corpus (skipped when it is absent); and on
 * hostile input: truncated files, a flipped data byte (CRC recorded, data
 * still read), a B-tree page pointing to itself, a header of a later format.
 * The 4K-page OST (mkevidence --format ost4k) is compared with libpff the
 * same way; its own structures are tested in check_pst_4k.c.
 *
 * What is compared with libpff: every item of libpff's item tree (and its
 * orphans) is a node of our NBT with the same parent; for every item with
 * a property context, the number of properties libpff reads equals the
 * number of records in the PC's BTH found in the node data we read; for
 * every attachment by value, the bytes libpff gives equal the node data of
 * the subnode its PidTagAttachDataBinary names, read through our subnode
 * tree and data tree. The small heap-on-node and BTH walk below is test
 * code (the LTP layer is another file's job).
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>
#include <libpff.h>

#include "../unit-util.h"
#include "pst-crypt.h"
#include "pst-ndb.h"

const uint8_t *mc_pst_crypt_table(int t);

static char *corpus_dir;
static GPtrArray *corpus_files;
static char *gen_dir; /* PSTs written by mkevidence once for the whole run */

#define DATA_CAP ((size_t)64 << 20)

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}
static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}
static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* ---- a node's data as its blocks (for the heap-on-node walk) ---- */

static GPtrArray *node_blocks(mc_ndb *db, uint64_t bid, uint32_t nid)
{
	mc_ndb_data *d = mc_ndb_data_open(db, bid, nid);
	ck_assert_msg(d != NULL, "nid 0x%x: %s", nid, mc_ndb_last_error(db)->what);
	GPtrArray *bl = g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);
	const uint8_t *p;
	size_t n;
	int rc;
	while ((rc = mc_ndb_data_next(d, &p, &n)) > 0)
		g_ptr_array_add(bl, g_bytes_new(p, n));
	ck_assert_msg(rc == 0, "nid 0x%x: %s", nid, mc_ndb_last_error(db)->what);
	mc_ndb_data_free(d);
	return bl;
}

/* The allocation hid of a heap-on-node ([MS-PST] 2.3.1), or 0. */
static int hn_alloc(GPtrArray *bl, uint32_t hid, const uint8_t **p, size_t *n)
{
	unsigned idx = (hid >> 5) & 0x7FFu, blk = hid >> 16;
	if ((hid & 0x1Fu) != 0 || idx == 0 || blk >= bl->len)
		return 0;
	size_t len;
	const uint8_t *b = g_bytes_get_data(g_ptr_array_index(bl, blk), &len);
	if (len < 4)
		return 0;
	size_t map = le16(b);
	if (map + 4 > len)
		return 0;
	unsigned nalloc = le16(b + map);
	if (idx > nalloc || map + 4 + 2 * ((size_t)nalloc + 1) > len)
		return 0;
	size_t start = le16(b + map + 4 + 2 * (idx - 1)), end = le16(b + map + 4 + 2 * idx);
	if (start > end || end > len)
		return 0;
	*p = b + start;
	*n = end - start;
	return 1;
}

/* The records of a BTH below hid: counted, and the 4-byte value of key
 * `want` (a PC's dwValueHnid) found. */
static long bth_walk(GPtrArray *bl, uint32_t hid, unsigned levels, unsigned cbkey, unsigned cbent, uint32_t want,
		     uint32_t *value, int depth)
{
	const uint8_t *p;
	size_t n;
	if (hid == 0)
		return 0;
	if (depth > 8 || !hn_alloc(bl, hid, &p, &n))
		return -1;
	long count = 0;
	if (levels == 0) {
		for (size_t off = 0; off + cbkey + cbent <= n; off += cbkey + cbent) {
			if (cbkey == 2 && cbent == 6 && le16(p + off) == want && value)
				*value = le32(p + off + 4);
			count++;
		}
		return count;
	}
	for (size_t off = 0; off + cbkey + 4 <= n; off += cbkey + 4) {
		long c = bth_walk(bl, le32(p + off + cbkey), levels - 1, cbkey, cbent, want, value, depth + 1);
		if (c < 0)
			return -1;
		count += c;
	}
	return count;
}

/* Number of properties of the property context in these blocks, or -1
 * when the node is not a PC. */
static long pc_count(GPtrArray *bl, uint16_t want, uint32_t *value)
{
	if (bl->len == 0)
		return -1;
	size_t len;
	const uint8_t *b = g_bytes_get_data(g_ptr_array_index(bl, 0), &len);
	if (len < 12 || b[2] != 0xEC || b[3] != 0xBC)
		return -1;
	const uint8_t *h;
	size_t hn;
	if (!hn_alloc(bl, le32(b + 4), &h, &hn) || hn < 8 || h[0] != 0xB5)
		return -1;
	return bth_walk(bl, le32(h + 4), h[3], h[1], h[2], want, value, 0);
}

/* ---- the comparison with libpff ---- */

struct cmp {
	mc_ndb *db;
	long items, pcs, attachments, attach_bytes, parents;
};

static uint32_t pff_id(libpff_item_t *item)
{
	uint32_t id = 0;
	ck_assert_int_eq(libpff_item_get_identifier(item, &id, NULL), 1);
	return id;
}

static long pff_entries(libpff_item_t *item)
{
	libpff_record_set_t *rs = NULL;
	int n = -1;
	if (libpff_item_get_record_set_by_index(item, 0, &rs, NULL) != 1)
		return -1;
	if (libpff_record_set_get_number_of_entries(rs, &n, NULL) != 1)
		n = -1;
	libpff_record_set_free(&rs, NULL);
	return n;
}

static void compare_pc(struct cmp *c, libpff_item_t *item, uint64_t bid, uint32_t nid, GPtrArray **keep)
{
	GPtrArray *bl = node_blocks(c->db, bid, nid);
	long ours = pc_count(bl, 0, NULL);
	if (ours >= 0) {
		long theirs = pff_entries(item);
		ck_assert_msg(theirs == ours, "nid 0x%x: libpff reads %ld properties, our node data holds %ld", nid,
			      theirs, ours);
		c->pcs++;
	}
	if (keep)
		*keep = bl;
	else
		g_ptr_array_free(bl, TRUE);
}

static void compare_attachment(struct cmp *c, libpff_item_t *att, const mc_ndb_node *msg)
{
	uint32_t id = pff_id(att);
	mc_ndb_node a;
	int rc = mc_ndb_subnode_lookup(c->db, msg->bid_sub, id, &a);
	ck_assert_msg(rc == MC_NDB_OK, "attachment 0x%x of 0x%x not in the subnode tree (%d)", id, msg->nid, rc);
	GPtrArray *bl = NULL;
	compare_pc(c, att, a.bid_data, a.nid, &bl);
	c->attachments++;
	int type = 0;
	size64_t size = 0;
	uint32_t hnid = 0;
	if (libpff_attachment_get_type(att, &type, NULL) == 1 && type == LIBPFF_ATTACHMENT_TYPE_DATA &&
	    libpff_attachment_get_data_size(att, &size, NULL) == 1 && pc_count(bl, 0x3701, &hnid) >= 0 &&
	    (hnid & 0x1Fu) != 0) {
		/* the value lives in a subnode of the attachment */
		mc_ndb_node v;
		ck_assert_int_eq(mc_ndb_subnode_lookup(c->db, a.bid_sub, hnid, &v), MC_NDB_OK);
		uint8_t *ours = NULL;
		size_t n = 0;
		ck_assert_int_eq(mc_ndb_node_data(c->db, v.bid_data, v.nid, DATA_CAP, &ours, &n), MC_NDB_OK);
		ck_assert_uint_eq(n, size);
		uint8_t *theirs = g_malloc(n ? n : 1);
		ck_assert_int_eq(libpff_attachment_data_read_buffer(att, theirs, n, NULL), (ssize_t)n);
		ck_assert_msg(memcmp(ours, theirs, n) == 0, "attachment 0x%x: bytes differ from libpff's", id);
		c->attach_bytes += (long)n;
		g_free(theirs);
		free(ours);
	}
	g_ptr_array_free(bl, TRUE);
}

static void compare_item(struct cmp *c, libpff_item_t *item, uint32_t parent, int depth)
{
	ck_assert_int_lt(depth, 64);
	uint32_t id = pff_id(item);
	mc_ndb_node n;
	int have = 0;
	if (id != 0) {
		int rc = mc_ndb_node_lookup(c->db, id, &n);
		ck_assert_msg(rc == MC_NDB_OK, "libpff item 0x%x is not in our node B-tree (%d)", id, rc);
		have = 1;
		c->items++;
		if (parent != 0 && (id & 0x1Fu) != 0x04 && (id & 0x1Fu) != 0x08) {
			ck_assert_msg(n.parent == parent, "nid 0x%x: parent 0x%x, libpff 0x%x", id, n.parent, parent);
			c->parents++;
		}
		compare_pc(c, item, n.bid_data, n.nid, NULL);
		uint8_t type = 0;
		int natt = 0;
		if (libpff_item_get_type(item, &type, NULL) == 1 && type == LIBPFF_ITEM_TYPE_EMAIL &&
		    libpff_message_get_number_of_attachments(item, &natt, NULL) == 1) {
			for (int i = 0; i < natt; i++) {
				libpff_item_t *att = NULL;
				if (libpff_message_get_attachment(item, i, &att, NULL) != 1)
					continue;
				compare_attachment(c, att, &n);
				libpff_item_free(&att, NULL);
			}
		}
	}
	int nsub = 0;
	if (libpff_item_get_number_of_sub_items(item, &nsub, NULL) != 1)
		return;
	for (int i = 0; i < nsub; i++) {
		libpff_item_t *sub = NULL;
		if (libpff_item_get_sub_item(item, i, &sub, NULL) != 1)
			continue;
		compare_item(c, sub, have ? id : 0, depth + 1);
		libpff_item_free(&sub, NULL);
	}
}

static void compare_with_libpff(const char *path, mc_ndb *db, struct cmp *c)
{
	libpff_file_t *f = NULL;
	ck_assert_int_eq(libpff_file_initialize(&f, NULL), 1);
	ck_assert_msg(libpff_file_open(f, path, LIBPFF_OPEN_READ, NULL) == 1, "libpff cannot open %s", path);
	memset(c, 0, sizeof *c);
	c->db = db;
	libpff_item_t *root = NULL;
	ck_assert_int_eq(libpff_file_get_root_item(f, &root, NULL), 1);
	compare_item(c, root, 0, 0);
	libpff_item_free(&root, NULL);
	int norph = 0;
	if (libpff_file_get_number_of_orphan_items(f, &norph, NULL) == 1)
		for (int i = 0; i < norph; i++) {
			libpff_item_t *o = NULL;
			if (libpff_file_get_orphan_item_by_index(f, i, &o, NULL) == 1) {
				compare_item(c, o, 0, 0);
				libpff_item_free(&o, NULL);
			}
		}
	libpff_file_close(f, NULL);
	libpff_file_free(&f, NULL);
}

/* ---- our own walk ---- */

struct walk {
	long nodes, subnodes, bytes, max_blocks;
};

/* Streams a node's data block by block, checks it against the whole-data
 * call and the declared size; counts blocks and bytes. */
static void stream_node(mc_ndb *db, uint64_t bid, uint32_t nid, struct walk *w)
{
	mc_ndb_data *d = mc_ndb_data_open(db, bid, nid);
	ck_assert_msg(d != NULL, "nid 0x%x: %s", nid, mc_ndb_last_error(db)->what);
	const uint8_t *p;
	size_t len;
	long blocks = 0, total = 0;
	int rc;
	while ((rc = mc_ndb_data_next(d, &p, &len)) > 0) {
		blocks++;
		total += (long)len;
	}
	ck_assert_msg(rc == 0, "nid 0x%x: %s", nid, mc_ndb_last_error(db)->what);
	ck_assert_uint_eq((uint64_t)total, mc_ndb_data_declared_size(d));
	mc_ndb_data_free(d);
	if (blocks > w->max_blocks)
		w->max_blocks = blocks;
	uint8_t *whole;
	ck_assert_int_eq(mc_ndb_node_data(db, bid, nid, DATA_CAP, &whole, &len), MC_NDB_OK);
	ck_assert_int_eq((long)len, total);
	free(whole);
	w->bytes += total;
}

static void walk_subnodes(mc_ndb *db, uint64_t bid_sub, uint32_t owner, struct walk *w, int depth)
{
	ck_assert_int_lt(depth, 8);
	mc_ndb_sub_iter *it = mc_ndb_sub_iter_new(db, bid_sub, owner);
	mc_ndb_node s;
	int rc;
	while ((rc = mc_ndb_sub_iter_next(it, &s)) > 0) {
		mc_ndb_node again;
		ck_assert_int_eq(mc_ndb_subnode_lookup(db, bid_sub, s.nid, &again), MC_NDB_OK);
		ck_assert_uint_eq(again.bid_data, s.bid_data);
		w->subnodes++;
		stream_node(db, s.bid_data, s.nid, w);
		if (s.bid_sub)
			walk_subnodes(db, s.bid_sub, s.nid, w, depth + 1);
	}
	ck_assert_msg(rc == 0, "subnodes of 0x%x: %s", owner, mc_ndb_last_error(db)->what);
	mc_ndb_sub_iter_free(it);
}

/* Walks every node, its data (block by block and whole) and subnodes;
 * nothing may fail. */
static void walk_all(mc_ndb *db, struct walk *w)
{
	memset(w, 0, sizeof *w);
	mc_ndb_nbt_iter *it = mc_ndb_nbt_iter_new(db);
	mc_ndb_node n;
	int rc;
	while ((rc = mc_ndb_nbt_iter_next(it, &n)) > 0) {
		w->nodes++;
		mc_ndb_node again;
		ck_assert_int_eq(mc_ndb_node_lookup(db, n.nid, &again), MC_NDB_OK);
		ck_assert_uint_eq(again.bid_data, n.bid_data);
		ck_assert_uint_eq(again.bid_sub, n.bid_sub);
		stream_node(db, n.bid_data, n.nid, w);
		if (n.bid_sub)
			walk_subnodes(db, n.bid_sub, n.nid, w, 0);
	}
	ck_assert_msg(rc == 0, "node B-tree walk: %s", mc_ndb_last_error(db)->what);
	mc_ndb_nbt_iter_free(it);
}

static mc_ndb *open_path(const char *path, int *fd)
{
	*fd = open(path, O_RDONLY);
	ck_assert_int_ge(*fd, 0);
	mc_ndb_issue e;
	mc_ndb *db = mc_ndb_open(*fd, &e);
	ck_assert_msg(db != NULL, "%s: %s at %llu", path, e.what, (unsigned long long)e.offset);
	return db;
}

/* Walk, then compare with libpff; returns the walk. */
static struct walk check_file(const char *path, int expect_no_warnings)
{
	int fd;
	mc_ndb *db = open_path(path, &fd);
	struct walk w;
	walk_all(db, &w);
	struct cmp c;
	compare_with_libpff(path, db, &c);
	const mc_ndb_header *h = mc_ndb_get_header(db);
	printf("%s: %s crypt %u: %ld nodes, %ld subnodes, %ld bytes, at most %ld blocks per node; libpff: %ld "
	       "items (%ld parents) and %ld property contexts equal, %ld attachments (%ld bytes) equal; %zu "
	       "warnings\n",
	       path, h->format == MC_NDB_ANSI ? "ANSI" : h->format == MC_NDB_UNICODE_4K ? "4K" : "Unicode", h->crypt, w.nodes, w.subnodes, w.bytes,
	       w.max_blocks, c.items, c.parents, c.pcs, c.attachments, c.attach_bytes, mc_ndb_warning_count(db));
	ck_assert_int_gt(w.nodes, 0);
	ck_assert_int_gt(c.items, 0);
	ck_assert_int_gt(c.pcs, 0);
	/* libpff makes an item of every node of the node B-tree */
	ck_assert_int_eq(c.items, w.nodes);
	if (expect_no_warnings)
		ck_assert_uint_eq(mc_ndb_warning_count(db), 0);
	ck_assert_ptr_null(mc_ndb_last_error(db));
	mc_ndb_close(db);
	close(fd);
	return w;
}

/* ---- generated files ---- */

static char *gen_file(const char *format, const char *name)
{
	return g_build_filename(gen_dir, format, name, NULL);
}

/* Runs the built mkevidence with args (already quoted) writing into out;
 * its exit status. */
static int mkevidence(const char *args, const char *out)
{
	const char *top = getenv("top_builddir");
	char *mk = g_build_filename(top ? top : ".", "mkevidence", NULL);
	char *cmd = g_strdup_printf("'%s' %s -o '%s' >/dev/null", mk, args, out);
	int rc = system(cmd);
	if (rc != 0)
		fprintf(stderr, "%s: exit status %d\n", cmd, rc);
	g_free(cmd);
	g_free(mk);
	return rc;
}

static void generate(void)
{
	/* outside any test: no ck_assert here (Check reports to a test) */
	gen_dir = g_build_filename(g_get_tmp_dir(), "mailcase-ndb.XXXXXX", NULL);
	if (!g_mkdtemp(gen_dir)) {
		perror(gen_dir);
		exit(99);
	}
	static const char *const formats[] = { "pst", "pst-ansi", "ost4k" };
	for (size_t i = 0; i < G_N_ELEMENTS(formats); i++) {
		char *out = g_build_filename(gen_dir, formats[i], NULL);
		g_mkdir_with_parents(out, 0700);
		/* one 9 MB attachment: an XXBLOCK in Unicode, an XBLOCK in ANSI */
		char *args = g_strdup_printf("-s eu2011 -S 5 -m 2 -w 1 -n 2 -a 9000000 -f %s", formats[i]);
		if (mkevidence(args, out) != 0)
			exit(99); /* automake: hard error */
		g_free(args);
		g_free(out);
	}
}

/* Rewrites a copy of src in encoding `crypt`: every external block's data
 * encoded, its CRC and the header's recomputed. */
static char *reencode(const char *src, int crypt)
{
	gchar *bytes;
	gsize size;
	ck_assert(g_file_get_contents(src, &bytes, &size, NULL));
	char *dst = g_strdup_printf("%s.crypt%d", src, crypt);
	ck_assert(g_file_set_contents(dst, bytes, (gssize)size, NULL));
	g_free(bytes);
	int fd = open(dst, O_RDWR);
	ck_assert_int_ge(fd, 0);
	mc_ndb_issue e;
	mc_ndb *db = mc_ndb_open(fd, &e);
	ck_assert_ptr_nonnull(db);
	ck_assert_int_eq(mc_ndb_get_header(db)->crypt, MC_NDB_CRYPT_NONE);
	int ansi = mc_ndb_get_header(db)->format == MC_NDB_ANSI;
	unsigned tr = ansi ? 12 : 16;
	mc_ndb_bbt_iter *it = mc_ndb_bbt_iter_new(db);
	mc_ndb_block_ref r;
	int rc;
	long n = 0;
	uint8_t buf[8192];
	while ((rc = mc_ndb_bbt_iter_next(it, &r)) > 0) {
		if (r.bid & 2u)
			continue;
		size_t total = ((size_t)r.cb + tr + 63) / 64 * 64;
		ck_assert_int_eq(pread(fd, buf, total, (off_t)r.ib), (ssize_t)total);
		if (crypt == MC_NDB_CRYPT_PERMUTE)
			mc_pst_permute(buf, r.cb, 1);
		else
			mc_pst_cyclic(buf, r.cb, (uint32_t)r.bid);
		put32(buf + total - tr + (ansi ? 8 : 4), mc_pst_crc32(0, buf, r.cb));
		ck_assert_int_eq(pwrite(fd, buf, total, (off_t)r.ib), (ssize_t)total);
		n++;
	}
	ck_assert_int_eq(rc, 0);
	ck_assert_int_gt(n, 0);
	mc_ndb_bbt_iter_free(it);
	mc_ndb_close(db);
	uint8_t h[564];
	size_t hl = ansi ? 512 : 564;
	ck_assert_int_eq(pread(fd, h, hl, 0), (ssize_t)hl);
	h[ansi ? 461 : 513] = (uint8_t)crypt;
	put32(h + 4, mc_pst_crc32(0, h + 8, 471));
	if (!ansi)
		put32(h + 524, mc_pst_crc32(0, h + 8, 516));
	ck_assert_int_eq(pwrite(fd, h, hl, 0), (ssize_t)hl);
	close(fd);
	return dst;
}

/* Every node's data equal in two files. */
static void same_data(const char *a, const char *b)
{
	int fa, fb;
	mc_ndb *da = open_path(a, &fa), *db = open_path(b, &fb);
	mc_ndb_nbt_iter *it = mc_ndb_nbt_iter_new(da);
	mc_ndb_node n;
	long count = 0;
	while (mc_ndb_nbt_iter_next(it, &n) > 0) {
		uint8_t *x, *y;
		size_t nx, ny;
		ck_assert_int_eq(mc_ndb_node_data(da, n.bid_data, n.nid, DATA_CAP, &x, &nx), MC_NDB_OK);
		ck_assert_int_eq(mc_ndb_node_data(db, n.bid_data, n.nid, DATA_CAP, &y, &ny), MC_NDB_OK);
		ck_assert_uint_eq(nx, ny);
		ck_assert_msg(memcmp(x, y, nx) == 0, "nid 0x%x differs", n.nid);
		free(x);
		free(y);
		count++;
	}
	ck_assert_int_gt(count, 10);
	ck_assert_ptr_null(mc_ndb_last_error(da));
	ck_assert_ptr_null(mc_ndb_last_error(db));
	mc_ndb_nbt_iter_free(it);
	mc_ndb_close(da);
	mc_ndb_close(db);
	close(fa);
	close(fb);
}

START_TEST(test_crypt_tables)
{
	const uint8_t *r = mc_pst_crypt_table(0), *s = mc_pst_crypt_table(1), *i = mc_pst_crypt_table(2);
	for (int x = 0; x < 256; x++) {
		ck_assert_uint_eq(i[r[x]], x); /* I undoes R */
		ck_assert_uint_eq(s[s[x]], x); /* S is its own inverse */
	}
	uint8_t buf[300], orig[300];
	for (size_t k = 0; k < sizeof buf; k++)
		buf[k] = orig[k] = (uint8_t)(k * 7 + 3);
	mc_pst_cyclic(buf, sizeof buf, 0x12345678u);
	ck_assert(memcmp(buf, orig, sizeof buf) != 0);
	mc_pst_cyclic(buf, sizeof buf, 0x12345678u);
	ck_assert(memcmp(buf, orig, sizeof buf) == 0);
	mc_pst_permute(buf, sizeof buf, 1);
	mc_pst_permute(buf, sizeof buf, 0);
	ck_assert(memcmp(buf, orig, sizeof buf) == 0);
	/* the reflected CRC-32 without its initial and final complements */
	ck_assert_uint_eq(mc_pst_crc32(0, "123456789", 9), 0x2DFD2D88u);
	/* eight bytes at a time, the same as one bit at a time: every length
	 * up to 40, from every alignment, and a running CRC carried on */
	uint8_t data[48];
	for (size_t k = 0; k < sizeof data; k++)
		data[k] = (uint8_t)(k * 37 + 11);
	for (size_t at = 0; at < 8; at++)
		for (size_t len = 0; at + len <= 40; len++) {
			uint32_t want = 0x5A5A1234u;
			for (size_t k = at; k < at + len; k++) {
				want ^= data[k];
				for (int b = 0; b < 8; b++)
					want = (want & 1u) ? 0xEDB88320u ^ (want >> 1) : want >> 1;
			}
			ck_assert_uint_eq(mc_pst_crc32(0x5A5A1234u, data + at, len), want);
		}
}
END_TEST

START_TEST(test_generated)
{
	static const char *const formats[] = { "pst", "pst-ansi", "ost4k" };
	const char *fmt = formats[_i];
	const char *ext = _i == 2 ? "ost" : "pst";
	char *big = g_strdup_printf("%s/%s/oliver.grant.%s", gen_dir, fmt, ext);
	char *small = g_strdup_printf("%s/%s/camille.marchand.%s", gen_dir, fmt, ext);
	struct walk w = check_file(big, 1);
	/* the 9 MB attachments: more blocks than one XBLOCK holds in Unicode
	 * and 4K (1021 BIDs: an XXBLOCK), an XBLOCK in ANSI (2043 BIDs) */
	ck_assert_int_gt(w.max_blocks, _i != 1 ? 1021 : 1);
	check_file(small, 1);
	/* 4K: encoding after compression is not written by mkevidence */
	for (int crypt = MC_NDB_CRYPT_PERMUTE; crypt <= MC_NDB_CRYPT_CYCLIC && _i != 2; crypt++) {
		char *enc = reencode(big, crypt);
		check_file(enc, 1); /* libpff reads our re-encoding the same */
		same_data(big, enc);
		unlink(enc);
		g_free(enc);
	}
	g_free(big);
	g_free(small);
}
END_TEST

/* The largest BID of the block B-tree. */
static uint64_t largest_bid(const char *path)
{
	int fd;
	mc_ndb *db = open_path(path, &fd);
	mc_ndb_bbt_iter *it = mc_ndb_bbt_iter_new(db);
	mc_ndb_block_ref r;
	uint64_t max = 0;
	while (mc_ndb_bbt_iter_next(it, &r) > 0)
		if (r.bid > max)
			max = r.bid;
	mc_ndb_bbt_iter_free(it);
	mc_ndb_close(db);
	close(fd);
	return max;
}

/* The cyclic encoding's key is the BID's low 32 bits folded to 16
 * (key ^ key >> 16): below BID 0x10000 its high half is zero, and the
 * generated files of test_generated stay there. A file of more blocks,
 * both encodings, each read as libpff reads it and to the same data. */
START_TEST(test_high_bids)
{
	char *out = g_build_filename(gen_dir, "many", NULL);
	ck_assert_int_eq(mkevidence("--scenario baseline --seed 1 --mailboxes 1 --weeks 1 --messages 12000 "
	                            "--attachment-bytes 0 --format pst", out), 0);
	char *path = g_build_filename(out, "oliver.grant.pst", NULL);
	uint64_t max = largest_bid(path);
	ck_assert_msg(max > 0x20000, "largest BID 0x%" G_GINT64_MODIFIER "x", max);
	for (int crypt = MC_NDB_CRYPT_PERMUTE; crypt <= MC_NDB_CRYPT_CYCLIC; crypt++) {
		char *enc = reencode(path, crypt);
		check_file(enc, 1);
		same_data(path, enc);
		unlink(enc);
		g_free(enc);
	}
	g_free(path);
	g_free(out);
}
END_TEST

/* The data tree with the largest lcbTotal of a file (the 9 MB attachment's:
 * an XXBLOCK in Unicode and 4K, an XBLOCK in ANSI). */
static uint64_t largest_tree(mc_ndb *db)
{
	mc_ndb_bbt_iter *it = mc_ndb_bbt_iter_new(db);
	mc_ndb_block_ref r;
	uint64_t best = 0, best_total = 0;
	static uint8_t buf[MC_NDB_BLOCK_MAX];
	size_t len;
	while (mc_ndb_bbt_iter_next(it, &r) > 0) {
		if (!(r.bid & 2u) || mc_ndb_block_read(db, r.bid, buf, &len) != MC_NDB_OK || len < 8 ||
		    buf[0] != 1)
			continue;
		uint64_t total = (uint64_t)buf[4] | (uint64_t)buf[5] << 8 | (uint64_t)buf[6] << 16 |
		                 (uint64_t)buf[7] << 24;
		if (total > best_total) {
			best_total = total;
			best = r.bid;
		}
	}
	mc_ndb_bbt_iter_free(it);
	return best;
}

/* mc_ndb_data_seek: a stream moved to block i gives block i as read in
 * order (forwards, backwards, across XBLOCKs, past the end), reading no
 * data block on the way. */
START_TEST(test_data_seek)
{
	static const char *const formats[] = { "pst", "pst-ansi", "ost4k" };
	char *path = g_strdup_printf("%s/%s/oliver.grant.%s", gen_dir, formats[_i], _i == 2 ? "ost" : "pst");
	int fd;
	mc_ndb *db = open_path(path, &fd);
	uint64_t bid = largest_tree(db);
	ck_assert_uint_ne(bid, 0);
	mc_ndb_data *d = mc_ndb_data_open(db, bid, 0);
	ck_assert_ptr_nonnull(d);
	GArray *sums = g_array_new(FALSE, FALSE, sizeof(uint64_t));
	const uint8_t *p;
	size_t len;
	while (mc_ndb_data_next(d, &p, &len) == 1) {
		uint64_t sum = (uint64_t)len << 32 | mc_pst_crc32(0, p, len);
		g_array_append_val(sums, sum);
	}
	mc_ndb_data_free(d);
	const uint64_t n = sums->len;
	ck_assert_uint_gt(n, _i == 1 ? 1000 : 1021); /* more than one XBLOCK in Unicode, 4K */
	const uint64_t at[] = { n - 1, 0, n / 2, n / 2 + 1, 1021, 1020, 1022, 3, n - 1, 2, n, n - 2 };
	d = mc_ndb_data_open(db, bid, 0);
	for (size_t k = 0; k < G_N_ELEMENTS(at); k++) {
		uint64_t before = mc_ndb_blocks_read(db);
		ck_assert_int_eq(mc_ndb_data_seek(d, at[k]), MC_NDB_OK);
		int rc = mc_ndb_data_next(d, &p, &len);
		if (at[k] >= n) {
			ck_assert_int_eq(rc, 0);
			continue;
		}
		ck_assert_int_eq(rc, 1);
		uint64_t sum = (uint64_t)len << 32 | mc_pst_crc32(0, p, len);
		ck_assert_msg(sum == g_array_index(sums, uint64_t, at[k]), "block %" G_GUINT64_FORMAT, at[k]);
		/* the block itself and at most the XBLOCKs counted through (one
		 * per 1021 blocks in Unicode and 4K), never the data blocks */
		ck_assert_uint_le(mc_ndb_blocks_read(db) - before, 1 + (n + 1020) / 1021);
		/* and the stream goes on in order from there */
		if (at[k] + 1 < n) {
			ck_assert_int_eq(mc_ndb_data_next(d, &p, &len), 1);
			sum = (uint64_t)len << 32 | mc_pst_crc32(0, p, len);
			ck_assert(sum == g_array_index(sums, uint64_t, at[k] + 1));
		}
	}
	ck_assert_ptr_null(mc_ndb_last_error(db));
	mc_ndb_data_free(d);
	g_array_free(sums, TRUE);
	mc_ndb_close(db);
	close(fd);
	g_free(path);
}
END_TEST

START_TEST(test_corpus)
{
	char *path = g_build_filename(corpus_dir, g_ptr_array_index(corpus_files, _i), NULL);
	check_file(path, 1);
	g_free(path);
}
END_TEST

/* ---- hostile input ---- */

/* A generated file's bytes, to damage and write to a copy. */
struct damaged {
	char *src, *dst;
	gchar *bytes;
	gsize size;
};

static void damaged_load(struct damaged *d, const char *format, const char *name, const char *copy)
{
	d->src = gen_file(format, name);
	ck_assert(g_file_get_contents(d->src, &d->bytes, &d->size, NULL));
	d->dst = tmp_path(copy);
}

/* Writes the first len bytes to the copy and opens it. */
static mc_ndb *damaged_open(struct damaged *d, gsize len, int *fd, mc_ndb_issue *err)
{
	ck_assert(g_file_set_contents(d->dst, d->bytes, (gssize)len, NULL));
	*fd = open(d->dst, O_RDONLY);
	ck_assert_int_ge(*fd, 0);
	return mc_ndb_open(*fd, err);
}

static void damaged_free(struct damaged *d)
{
	g_free(d->bytes);
	g_free(d->dst);
	g_free(d->src);
}

static void close_db(mc_ndb *db, int fd)
{
	mc_ndb_close(db);
	close(fd);
}

START_TEST(test_truncated)
{
	struct damaged dm;
	damaged_load(&dm, "pst", "camille.marchand.pst", "t.pst");
	int fd0;
	mc_ndb *db0 = open_path(dm.src, &fd0);
	mc_ndb_node store;
	mc_ndb_block_ref r;
	ck_assert_int_eq(mc_ndb_node_lookup(db0, 0x21, &store), MC_NDB_OK);
	ck_assert_int_eq(mc_ndb_block_lookup(db0, store.bid_data, &r), MC_NDB_OK);
	const gsize nbt = mc_ndb_get_header(db0)->nbt_ib, bbt = mc_ndb_get_header(db0)->bbt_ib;
	mc_ndb_close(db0);
	close(fd0);
	/* in the header; in a data block; in the first root page written
	 * (the node B-tree complete or not), in the last one */
	const gsize cuts[] = { 0, 3, 520, 0x4400, r.ib + 10, MIN(nbt, bbt) + 100, MAX(nbt, bbt) + 100 };
	for (size_t k = 0; k < G_N_ELEMENTS(cuts); k++) {
		int fd;
		mc_ndb_issue e;
		mc_ndb *db = damaged_open(&dm, cuts[k], &fd, &e);
		if (cuts[k] < 564) {
			ck_assert_ptr_null(db);
			ck_assert_int_lt(e.status, 0);
			close(fd);
			continue;
		}
		ck_assert_ptr_nonnull(db);
		/* the root says where the file ends */
		ck_assert_uint_ge(mc_ndb_warning_count(db), 1);
		mc_ndb_nbt_iter *it = mc_ndb_nbt_iter_new(db);
		mc_ndb_node n;
		int rc;
		long errors = 0, nodes = 0;
		while ((rc = mc_ndb_nbt_iter_next(it, &n)) > 0) {
			nodes++;
			uint8_t *d;
			size_t len;
			if (mc_ndb_node_data(db, n.bid_data, n.nid, DATA_CAP, &d, &len) == MC_NDB_OK)
				free(d);
			else
				errors++;
		}
		if (rc < 0)
			errors++;
		mc_ndb_nbt_iter_free(it);
		/* everything past the cut is missing and said so, with where */
		ck_assert_int_gt(errors, 0);
		const mc_ndb_issue *last = mc_ndb_last_error(db);
		ck_assert_ptr_nonnull(last);
		ck_assert_int_eq(last->status, MC_NDB_IO);
		ck_assert_uint_gt(last->offset + 8192, cuts[k]); /* the structure the cut went through */
		close_db(db, fd);
	}
	damaged_free(&dm);
}
END_TEST

START_TEST(test_bad_crc)
{
	struct damaged dm;
	damaged_load(&dm, "pst", "camille.marchand.pst", "crc.pst");
	int fd;
	mc_ndb_issue e;
	mc_ndb *db = damaged_open(&dm, dm.size, &fd, &e);
	ck_assert_ptr_nonnull(db);
	mc_ndb_node store;
	ck_assert_int_eq(mc_ndb_node_lookup(db, 0x21, &store), MC_NDB_OK);
	mc_ndb_block_ref r;
	ck_assert_int_eq(mc_ndb_block_lookup(db, store.bid_data, &r), MC_NDB_OK);
	uint8_t *before;
	size_t nb;
	ck_assert_int_eq(mc_ndb_node_data(db, store.bid_data, 0x21, DATA_CAP, &before, &nb), MC_NDB_OK);
	ck_assert_uint_eq(mc_ndb_warning_count(db), 0);
	close_db(db, fd);

	dm.bytes[r.ib + 20] ^= 0x40; /* one bit of the message store's data */
	db = damaged_open(&dm, dm.size, &fd, &e);
	ck_assert_ptr_nonnull(db);
	uint8_t *after;
	size_t na;
	ck_assert_int_eq(mc_ndb_node_data(db, store.bid_data, 0x21, DATA_CAP, &after, &na), MC_NDB_OK);
	ck_assert_uint_eq(na, nb);
	ck_assert_uint_eq(after[20], before[20] ^ 0x40);
	ck_assert_uint_eq(mc_ndb_warning_count(db), 1);
	const mc_ndb_issue *w = mc_ndb_warning(db, 0);
	ck_assert_str_eq(w->what, "block CRC mismatch");
	ck_assert_uint_eq(w->bid, store.bid_data);
	ck_assert_uint_eq(w->offset, r.ib);
	ck_assert_uint_eq(w->nid, 0x21);
	ck_assert_ptr_null(mc_ndb_last_error(db));
	free(before);
	free(after);
	close_db(db, fd);
	damaged_free(&dm);
}
END_TEST

START_TEST(test_page_points_to_itself)
{
	struct damaged dm;
	damaged_load(&dm, "pst", "oliver.grant.pst", "loop.pst");
	int fd;
	mc_ndb *db = open_path(dm.src, &fd);
	const mc_ndb_header *h = mc_ndb_get_header(db);
	uint64_t root_ib = h->nbt_ib, root_bid = h->nbt_bid;
	close_db(db, fd);
	uint8_t *page = (uint8_t *)dm.bytes + root_ib;
	ck_assert_uint_ge(page[491], 1); /* the root is an intermediate page */
	/* its last BTENTRY now names the root page itself; the page CRC is
	 * made right, so only the structure gives it away */
	uint8_t *last = page + 24 * (page[488] - 1u);
	for (int i = 0; i < 8; i++) {
		last[8 + i] = (uint8_t)(root_bid >> (8 * i));
		last[16 + i] = (uint8_t)(root_ib >> (8 * i));
	}
	put32(page + 496 + 4, mc_pst_crc32(0, page, 496));
	uint32_t last_key = le32(last);

	mc_ndb_issue e;
	db = damaged_open(&dm, dm.size, &fd, &e);
	ck_assert_ptr_nonnull(db);
	mc_ndb_nbt_iter *it = mc_ndb_nbt_iter_new(db);
	mc_ndb_node n;
	int rc;
	long nodes = 0;
	while ((rc = mc_ndb_nbt_iter_next(it, &n)) > 0)
		nodes++;
	ck_assert_int_eq(rc, MC_NDB_CORRUPT);
	ck_assert_str_eq(mc_ndb_last_error(db)->what, "B-tree page at the wrong level (loop or bad pointer)");
	ck_assert_uint_eq(mc_ndb_last_error(db)->offset, root_ib);
	ck_assert_int_gt(nodes, 0); /* what came before the bad pointer was read */
	ck_assert_int_eq(mc_ndb_nbt_iter_next(it, &n), MC_NDB_CORRUPT); /* and the walk stays ended */
	mc_ndb_nbt_iter_free(it);
	ck_assert_int_eq(mc_ndb_node_lookup(db, last_key, &n), MC_NDB_CORRUPT);
	ck_assert_int_eq(mc_ndb_node_lookup(db, 0x21, &n), MC_NDB_OK); /* other subtrees still read */
	ck_assert_uint_eq(mc_ndb_warning_count(db), 0);
	close_db(db, fd);
	damaged_free(&dm);
}
END_TEST

/* The B-tree pages are read from the file once while cached, and a
 * damaged page's warning is still recorded on every lookup through it. */
START_TEST(test_page_cache)
{
	struct damaged dm;
	damaged_load(&dm, "pst", "camille.marchand.pst", "cache.pst");
	int fd;
	mc_ndb *db = open_path(dm.src, &fd);
	mc_ndb_node n, again;
	ck_assert_int_eq(mc_ndb_node_lookup(db, 0x21, &n), MC_NDB_OK);
	uint64_t first = mc_ndb_pages_read(db);
	ck_assert_uint_ge(first, 1);
	ck_assert_int_eq(mc_ndb_node_lookup(db, 0x21, &again), MC_NDB_OK);
	ck_assert_uint_eq(again.bid_data, n.bid_data);
	ck_assert_uint_eq(mc_ndb_pages_read(db), first); /* no page read again */
	uint64_t nbt_ib = mc_ndb_get_header(db)->nbt_ib;
	close_db(db, fd);

	dm.bytes[nbt_ib + 493] ^= 1; /* the root page's padding: its CRC only */
	mc_ndb_issue e;
	db = damaged_open(&dm, dm.size, &fd, &e);
	ck_assert_ptr_nonnull(db);
	ck_assert_int_eq(mc_ndb_node_lookup(db, 0x21, &n), MC_NDB_OK);
	ck_assert_uint_eq(mc_ndb_warning_count(db), 1);
	ck_assert_int_eq(mc_ndb_node_lookup(db, 0x21, &n), MC_NDB_OK);
	ck_assert_uint_eq(mc_ndb_warning_count(db), 2);
	ck_assert_str_eq(mc_ndb_warning(db, 1)->what, "B-tree page CRC mismatch");
	ck_assert_uint_eq(mc_ndb_warning(db, 1)->offset, nbt_ib);
	close_db(db, fd);
	damaged_free(&dm);
}
END_TEST

START_TEST(test_header)
{
	struct damaged dm;
	damaged_load(&dm, "pst", "camille.marchand.pst", "h.pst");
	mc_ndb_issue e;
	int fd;

	dm.bytes[600] ^= 1; /* outside the header: nothing to say */
	dm.bytes[30] ^= 1;  /* inside both CRCs (a next-BID field): two warnings */
	mc_ndb *db = damaged_open(&dm, dm.size, &fd, &e);
	ck_assert_ptr_nonnull(db);
	ck_assert_uint_eq(mc_ndb_warning_count(db), 2);
	ck_assert_str_eq(mc_ndb_warning(db, 0)->what, "header dwCRCPartial mismatch");
	ck_assert_str_eq(mc_ndb_warning(db, 1)->what, "header dwCRCFull mismatch");
	close_db(db, fd);

	dm.bytes[10] = 37; /* after the 4K-page OST's 36: a format we do not know */
	ck_assert_ptr_null(damaged_open(&dm, dm.size, &fd, &e));
	ck_assert_int_eq(e.status, MC_NDB_UNSUPPORTED);
	close(fd);

	dm.bytes[10] = 23;
	dm.bytes[513] = 0x10; /* an encoding we do not know */
	ck_assert_ptr_null(damaged_open(&dm, dm.size, &fd, &e));
	ck_assert_int_eq(e.status, MC_NDB_UNSUPPORTED);
	ck_assert_uint_eq(e.offset, 513);
	close(fd);

	dm.bytes[0] = 'X';
	ck_assert_ptr_null(damaged_open(&dm, dm.size, &fd, &e));
	ck_assert_int_eq(e.status, MC_NDB_CORRUPT);
	close(fd);
	damaged_free(&dm);
}
END_TEST

int main(void)
{
	generate();
	corpus_files = corpus_pst_files(&corpus_dir);
	if (!corpus_files)
		corpus_files = g_ptr_array_new();
	Suite *s = suite_create("pst_ndb");
	TCase *tc = tcase_create("ndb");
	tcase_set_timeout(tc, 300);
	tcase_add_checked_fixture(tc, unit_tmp_setup, unit_tmp_teardown);
	tcase_add_test(tc, test_crypt_tables);
	tcase_add_loop_test(tc, test_generated, 0, 3);
	tcase_add_loop_test(tc, test_data_seek, 0, 3);
	tcase_add_test(tc, test_high_bids);
	tcase_add_test(tc, test_truncated);
	tcase_add_test(tc, test_bad_crc);
	tcase_add_test(tc, test_page_points_to_itself);
	tcase_add_test(tc, test_header);
	tcase_add_test(tc, test_page_cache);
	if (corpus_files->len)
		tcase_add_loop_test(tc, test_corpus, 0, (int)corpus_files->len);
	else
		printf("no corpus: the corpus files are not compared\n");
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	char *rm = g_strdup_printf("rm -rf '%s'", gen_dir);
	if (system(rm) != 0)
		failed++;
	g_free(rm);
	g_free(gen_dir);
	return failed ? 1 : 0;
}
