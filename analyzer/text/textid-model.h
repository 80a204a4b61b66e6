/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * textid-model.h: the language model file of textid.c (textid.model, made
 * by bench/langid/train.sh, installed in $(pkgdatadir)), its on-disk layout
 * and its loader. Only analyzer/text/textid.c, the loader and the trainer use it.
 *
 * Layout (all integers little-endian, every section 8-byte aligned):
 *
 *   header, 64 bytes:
 *     0  magic "MCTXTID\n"          8  u32 version (MC_TEXTID_VERSION)
 *    12  u32 header size (64)       16  u64 file size
 *    24  u64 checksum of bytes 64..file size (mc_textid_model_checksum)
 *    32  u32 languages              36  u32 groups
 *    40  u32 scale (MC_TEXTID_SCALE) 44  u32 first Han code point
 *    48  u32 last Han code point    52  u32 offset of the language records
 *    56  u32 offset of the groups   60  u32 offset of the Han table
 *   language record, 32 bytes: tag[16] (BCP 47, NUL-padded), script[8]
 *     (ISO 15924, NUL-padded), i32 floor, u8 group, u8 column, 2 zero bytes
 *   group record, 32 bytes: script[8], u32 languages (its row width, 1 to
 *     MC_TEXTID_GROUP_MAX), u32 slots - 1 (a power of two less one),
 *     u32 offset of the slots, u32 rows, u32 offset of the rows, u32 0
 *   slots: u32 feature hash (0: empty; at least one is), u32 row;
 *     open addressing, linear probing from mc_textid_slot_of(hash)
 *   rows: per row one byte per language of the group, the feature's
 *     log-probability above the language's floor in 1/SCALE nats (0: not
 *     listed), then MC_TEXTID_GROUP_MAX zero bytes
 *   Han table: one byte of MC_TEXTID_HAN_* bits per code point
 *   variant table (version 2), right after the Han table, 8-byte aligned:
 *     u32 slots - 1 (a power of two less one), u32 ideographs of the
 *     training text of zh-Hans, u32 the same of zh-Hant, u32 distinct
 *     ideographs of the two; then the slots: u32 key (0: empty; at least
 *     one is), u16 occurrences in the zh-Hans training text, u16 in the
 *     zh-Hant one (at most 65535); open addressing, linear probing from
 *     mc_textid_slot_of(key). A key is an ideograph's code point, or
 *     MC_TEXTID_PAIR() of two consecutive ones (pairs seen once are left
 *     out), or the code point of a punctuation mark that
 *     mc_textid_variant_mark() accepts: a character bigram model of each
 *     variant, for the words whose characters both orthographies write but
 *     whose use differs (文件 and 檔案, 字段 and 欄位, 字型), and the
 *     marks' rates per ideograph (「」 in Taiwan and Hong Kong, “” on the
 *     mainland).
 *
 * A group is the languages of one script, so that the text of a script is
 * scored against all of its languages with one lookup per feature.
 */
#ifndef MAILCASE_TEXTID_MODEL_H
#define MAILCASE_TEXTID_MODEL_H

#include <stddef.h>
#include <stdint.h>

#define MC_TEXTID_MAGIC "MCTXTID\n"
#define MC_TEXTID_VERSION 2
#define MC_TEXTID_HEADER 64
#define MC_TEXTID_FILE "textid.model"

/* Quantized log-probabilities are in 1/MC_TEXTID_SCALE nats. */
#define MC_TEXTID_SCALE 16
/* Most languages in a group (the width of a row read at once). */
#define MC_TEXTID_GROUP_MAX 32

/* First and last code point of the Han table (CJK Unified Ideographs). */
#define MC_TEXTID_HAN_FIRST 0x4E00
#define MC_TEXTID_HAN_LAST 0x9FFF
/* Bits of the Han table: in which legacy character set the ideograph is,
 * and whether it belongs to one Chinese orthography only (a simplified
 * form that Traditional Chinese does not write, or the reverse). */
#define MC_TEXTID_HAN_GB2312 1
#define MC_TEXTID_HAN_BIG5 2
#define MC_TEXTID_HAN_JIS0208 4
#define MC_TEXTID_HAN_HANS_ONLY 8
#define MC_TEXTID_HAN_HANT_ONLY 16

struct mc_textid_group {
	char script[8];
	unsigned nlang;
	unsigned lang[MC_TEXTID_GROUP_MAX];   /* model language of each column */
	uint32_t mask;
	const unsigned char *slots;           /* (mask + 1) * 8 bytes */
	uint32_t nrows;
	const uint8_t *rows;                  /* nrows * nlang bytes, padded */
};

struct mc_textid_lang {
	char tag[16];
	char script[8];
	int32_t floor;      /* log-probability, in 1/SCALE nats, of a feature
	                     * the language does not list */
	unsigned group, column;
};

/* The variant-table key of two consecutive ideographs. */
#define MC_TEXTID_PAIR(a, b) (0x80000000u | ((uint32_t)((a) - MC_TEXTID_HAN_FIRST) << 15) | \
                              (uint32_t)((b) - MC_TEXTID_HAN_FIRST))

struct mc_textid_model {
	unsigned nlang, ngroup;
	struct mc_textid_lang *lang;
	struct mc_textid_group *group;
	const uint8_t *han;   /* HAN_LAST - HAN_FIRST + 1 bytes of HAN_* bits */
	uint32_t vmask;       /* variant table: slots - 1 */
	const unsigned char *vslots;
	uint32_t vtotal[2];   /* ideographs of the zh-Hans, zh-Hant text */
	uint32_t vtypes;      /* distinct ideographs of the two */
	void *map;            /* the file's bytes */
	size_t size;
	int mapped;           /* 1: map is an mmap, else g_malloc'd */
};

/* Opens and validates the model file at `path`. On failure returns NULL and
 * sets *err (g_malloc'd) to why: missing, unreadable, not a model, wrong
 * version, truncated, checksum mismatch, inconsistent tables. */
struct mc_textid_model *mc_textid_model_open(const char *path, char **err);
void mc_textid_model_close(struct mc_textid_model *m);

/* Where the model is looked for: $MAILCASE_DATADIR/textid.model when the
 * variable is set (and only there), else the installed $(pkgdatadir) one,
 * else the source tree's data/ (a build that is run uninstalled).
 * g_malloc'd. */
char *mc_textid_model_path(void);

/* The checksum of the header: FNV-1a, 64 bits, over 8-byte little-endian
 * words, then the remaining bytes one by one. */
uint64_t mc_textid_model_checksum(const unsigned char *p, size_t len);

static inline uint32_t mc_textid_rd32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* First slot probed for a feature hash. */
static inline uint32_t mc_textid_slot_of(uint32_t key, uint32_t mask)
{
	return (key * 0x9E3779B1u) & mask;
}

/* The row of a feature in a group, or NULL when the group lists it not. */
static inline const uint8_t *mc_textid_row(const struct mc_textid_group *g, uint32_t key)
{
	uint32_t i = mc_textid_slot_of(key, g->mask);
	for (;;) {
		const unsigned char *s = g->slots + (size_t)i * 8;
		uint32_t k = mc_textid_rd32(s);
		if (k == key)
			return g->rows + (size_t)mc_textid_rd32(s + 4) * g->nlang;
		if (k == 0)
			return NULL;
		i = (i + 1) & g->mask;
	}
}

/* Whether a code point is a CJK punctuation mark that the variant table
 * counts: curly quotes, the ellipsis, CJK Symbols and Punctuation, the
 * vertical and fullwidth forms (not fullwidth digits and letters, the
 * ideographic space and the iteration mark). */
static inline int mc_textid_variant_mark(uint32_t c)
{
	if ((c >= 0x2018 && c <= 0x201F) || c == 0x2026 || (c >= 0xFE30 && c <= 0xFE4F))
		return 1;
	if (c >= 0x3001 && c <= 0x303F)
		return c != 0x3005;
	if (c >= 0xFF01 && c <= 0xFF65)
		return !((c >= 0xFF10 && c <= 0xFF19) || (c >= 0xFF21 && c <= 0xFF3A) ||
		         (c >= 0xFF41 && c <= 0xFF5A));
	return 0;
}

/* Occurrences of a variant-table key in the zh-Hans (n[0]) and zh-Hant
 * (n[1]) training text; 0 and 0 when the table lists it not. */
static inline void mc_textid_variant(const struct mc_textid_model *m, uint32_t key, unsigned n[2])
{
	uint32_t i = mc_textid_slot_of(key, m->vmask);
	for (;;) {
		const unsigned char *s = m->vslots + (size_t)i * 8;
		uint32_t k = mc_textid_rd32(s);
		if (k == key || k == 0) {
			n[0] = k ? (unsigned)s[4] | (unsigned)s[5] << 8 : 0;
			n[1] = k ? (unsigned)s[6] | (unsigned)s[7] << 8 : 0;
			return;
		}
		i = (i + 1) & m->vmask;
	}
}

#endif
