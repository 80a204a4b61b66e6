/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * dbx-file.h: the structures of an Outlook Express 5/6 .dbx file that the
 * DBX reader (dbx.c), the Folders.dbx lookup (dbx-folders.c) and the
 * re-reading of a message by its locator (raw-message.c) share: the file
 * kind from the header's class id, the index tree, indexed info objects
 * (message info, folder info) and the chains of message blocks.
 *
 * Layout (all numbers little-endian 32-bit unless said; facts from Arne
 * Schloh's "OE dbx file format" and the Wotsit notes):
 *   header, 0x24bc bytes: 0x00 class id (cf ad 12 fe, then c5 fd 74 6f
 *     messages / c6 fd 74 6f folders, then 66 e3 d1 11 9a 4e 00 c0);
 *     0x1c length of the file info after the header; 0x48 first block of
 *     the deleted-message-block list; 0x7c used length of the file;
 *     0xc4 number of entries in the first index tree; 0xe4 its root node.
 *   tree node, 0x27c bytes: self, -, child (values before entry 0),
 *     parent, id (byte), entry count (byte, at most 0x33), -, values in the
 *     child's subtree; then entries of 12 bytes: value (an indexed info
 *     offset), child node (values after it), values in that child's subtree.
 *   indexed info: self, body length, int2 object length, byte entry count,
 *     byte change count; entries of 4 bytes (bits 0-6 index, bit 7 "value
 *     stored direct", 24-bit value or offset into the data after the
 *     entries); the data.
 *   message block, 0x210 bytes: self, 0x200, bytes of text used, next
 *     block (0 at the end), 0x200 bytes of text. A freed block keeps self
 *     and its old next, has 0x1fc and 0x210 as its second and third words,
 *     and the link of the free list over its first 4 bytes of text.
 */
#ifndef MAILCASE_DBX_FILE_H
#define MAILCASE_DBX_FILE_H

#include <stddef.h>
#include <stdint.h>
#include <glib.h>

#define MC_DBX_HEADER_BYTES   0x24bc
#define MC_DBX_FILEINFO_LEN   0x1c
#define MC_DBX_DELETED_ROOT   0x48
#define MC_DBX_USED_BYTES     0x7c
#define MC_DBX_TREE_COUNT     0xc4
#define MC_DBX_TREE_ROOT      0xe4
#define MC_DBX_NODE_BYTES     0x27c
#define MC_DBX_NODE_ENTRIES   0x33
#define MC_DBX_BLOCK_BYTES    0x210
#define MC_DBX_BLOCK_TEXT     0x200
#define MC_DBX_FREED_BODY     0x1fc

/* The message info indexes the reader uses. */
#define MC_DBX_MI_INDEX     0x00
#define MC_DBX_MI_FLAGS     0x01
#define MC_DBX_MI_SENT      0x02
#define MC_DBX_MI_MESSAGE   0x04
#define MC_DBX_MI_MSGID     0x07
#define MC_DBX_MI_SUBJECT   0x08
#define MC_DBX_MI_RECEIVED  0x12
/* The folder info indexes (Folders.dbx). */
#define MC_DBX_FI_INDEX     0x00
#define MC_DBX_FI_PARENT    0x01
#define MC_DBX_FI_NAME      0x02
#define MC_DBX_FI_FILE      0x03
#define MC_DBX_FI_TYPE      0x09

enum mc_dbx_kind {
	MC_DBX_NOT = 0,       /* no DBX class id */
	MC_DBX_MESSAGES,      /* a folder's messages */
	MC_DBX_FOLDERS,       /* Folders.dbx */
	MC_DBX_OTHER          /* Pop3uidl.dbx, Offline.dbx: no mail */
};

/* The kind of DBX file whose first n bytes are head. */
enum mc_dbx_kind mc_dbx_kind(const unsigned char *head, size_t n);

/* Little-endian 32-bit word at off of the file; 0, or -1 past its end or
 * on a read error. */
int mc_dbx_u32(int fd, uint64_t size, uint64_t off, uint32_t *v);

/* The entries of the first index tree, in order. The walk is bounded: a
 * node at most once, depth at most 64, at most `max` values. Problems
 * (a node whose self word is wrong, a loop, a pointer past the end) stop
 * that branch; the first one is described in why. Returns the values
 * (uint32_t in a GArray), never NULL. */
GArray *mc_dbx_tree_values(int fd, uint64_t size, uint32_t root, uint32_t max,
                           char *why, size_t whylen);

/* One indexed info object read whole (its header and body). */
struct mc_dbx_info {
	uint32_t offset;
	guint8 *body;          /* entries then data */
	uint32_t body_len;
	unsigned entries;
};

/* Reads the indexed info at off; 0, or -1 with why set. */
int mc_dbx_info_read(int fd, uint64_t size, uint32_t off, struct mc_dbx_info *info,
                     char *why, size_t whylen);
void mc_dbx_info_clear(struct mc_dbx_info *info);
/* The integer at index idx (stored direct, or 4 bytes of data); 0 if absent. */
int mc_dbx_info_u32(const struct mc_dbx_info *info, unsigned idx, uint32_t *v);
/* The data at index idx and the bytes up to the end of the body; NULL if
 * absent or direct. */
const guint8 *mc_dbx_info_data(const struct mc_dbx_info *info, unsigned idx, size_t *avail);
/* The NUL-terminated string at index idx as valid UTF-8 (windows-1252
 * when it is not UTF-8), in a new string; NULL if absent. */
char *mc_dbx_info_string(const struct mc_dbx_info *info, unsigned idx);

/* A chain of message blocks read from its first block. */
struct mc_dbx_chain {
	GByteArray *bytes;     /* the text, concatenated */
	uint32_t blocks;       /* blocks read */
	int complete;          /* 1: it ended on a block whose next is 0 */
	uint32_t broken_at;    /* when not complete: the offset that was not a block */
	int too_long;          /* not complete because of max_bytes */
	char why[256];         /* when not complete: what was wrong */
};

/* Reads the chain at first: live blocks, or with `freed` blocks of the
 * deleted-block list (their first 4 bytes of text, overwritten by the
 * list's link, become "----", as undbx writes them; the zero bytes after
 * the text of the last one are dropped). Every block is checked (its self word, the
 * block's words, within the file, not seen before in the chain); reading
 * stops at the first one that fails, or after max_bytes. When `blocks` is
 * not NULL, the offset of every block read is added to it, and a block
 * already in it (another chain's) ends the chain as a break, so that a
 * file whose chains share blocks costs no more than its size to read.
 * Returns 0 (see
 * complete), or -1 if not even the first block is one. */
int mc_dbx_chain_read(int fd, uint64_t size, uint32_t first, int freed, size_t max_bytes,
                      GHashTable *blocks, struct mc_dbx_chain *chain);
void mc_dbx_chain_clear(struct mc_dbx_chain *chain);

/* Whether the 16 bytes at w (the words of a block at offset off in a file
 * of size bytes) are a live block header (1), a freed one (2), or not (0):
 * what the recovery scan takes for a block (its next pointer 0 or a
 * 4-aligned offset inside the file other than its own). */
int mc_dbx_block_kind(const guint8 *w, uint32_t off, uint64_t size);

/* The locator of a message: "dbx:info=<offset>,data=<offset>" for a
 * message of the index tree, "dbx:freed=<offset>" for a chain of freed
 * blocks, "dbx:data=<offset>" for live blocks no message info names. */
char *mc_dbx_locator(uint32_t info, uint32_t data, int freed);
/* Parses one: the first block and whether it is freed; 0 or -1. */
int mc_dbx_locator_parse(const char *locator, uint32_t *data, int *freed);

#endif
