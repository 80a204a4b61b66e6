/*
 * textid-model.h: the layout of the language model that
 * bench/langid/train.sh generates as analyzer/textid-model.c. Only
 * analyzer/textid.c and the generated file use it.
 */
#ifndef MAILCASE_TEXTID_MODEL_H
#define MAILCASE_TEXTID_MODEL_H

#include <stdint.h>

/* Quantized log-probabilities are in 1/MC_TEXTID_SCALE nats. */
#define MC_TEXTID_SCALE 16

/* First and last code point of the Han table (CJK Unified Ideographs). */
#define MC_TEXTID_HAN_FIRST 0x4E00
#define MC_TEXTID_HAN_LAST 0x9FFF
/* Bits of the Han table: in which legacy character set the ideograph is. */
#define MC_TEXTID_HAN_GB2312 1
#define MC_TEXTID_HAN_BIG5 2
#define MC_TEXTID_HAN_JIS0208 4

struct mc_textid_model {
	unsigned nlang;
	const char *const *lang;    /* BCP 47 tag of each language */
	const char *const *script;  /* its ISO 15924 script ("Hani" for zh-*,
	                             * "Jpan" for ja, "Hang" for ko) */
	const int32_t *floor;       /* per language: log-probability, in
	                             * 1/SCALE nats, of a feature not listed */
	unsigned nkeys;
	const uint32_t *keys;       /* sorted feature hashes */
	const uint8_t *count;       /* per key: how many entries it has */
	const uint16_t *ent;        /* entries, key by key: language index << 8
	                             * | log-probability above the floor */
	const uint8_t *han;         /* HAN_LAST - HAN_FIRST + 1 bytes of HAN_* bits */
};

extern const struct mc_textid_model mc_textid_model;

#endif
