/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mapi-rules.c: decoding MS-OXORULE rule action buffers (standard and
 * extended) into a readable summary. See mapi-rules.h.
 */
#include "config.h"

#include <string.h>
#include <glib.h>

#include "mapi-rules.h"
#include "mapi-values.h"

struct cursor {
	const unsigned char *p;
	size_t left;
	int ok;
};

static const unsigned char *take(struct cursor *c, size_t n)
{
	if (!c->ok || n > c->left) {
		c->ok = 0;
		return NULL;
	}
	const unsigned char *at = c->p;
	c->p += n;
	c->left -= n;
	return at;
}

static uint32_t take_u(struct cursor *c, int width)
{
	const unsigned char *b = take(c, (size_t)width);
	if (!b)
		return 0;
	return width == 1 ? b[0] : width == 2 ? mc_le16(b) : mc_le32(b);
}

/* A TaggedPropertyValue; string values come back as UTF-8 in *str. */
static int take_prop(struct cursor *c, int count_width, uint32_t *tag, char **str)
{
	*tag = take_u(c, 4);
	*str = NULL;
	if (!c->ok)
		return 0;
	switch (*tag & 0xffff) {
	case 0x0001: return 1;
	case 0x000b: return take(c, 1) != NULL;
	case 0x0002: return take(c, 2) != NULL;
	case 0x0003: case 0x0004: case 0x000a: return take(c, 4) != NULL;
	case 0x0005: case 0x0006: case 0x0007: case 0x0014: case 0x0040:
		return take(c, 8) != NULL;
	case 0x0048: return take(c, 16) != NULL;
	case 0x0102: case 0x00fb: {
		uint32_t n = take_u(c, (*tag & 0xffff) == 0x00fb ? 2 : count_width);
		return take(c, n) != NULL;
	}
	case 0x001f: {
		size_t n = 0;
		while (n + 1 < c->left && (c->p[n] || c->p[n + 1]))
			n += 2;
		if (n + 1 >= c->left) {
			c->ok = 0;
			return 0;
		}
		*str = g_convert((const gchar *)c->p, (gssize)n, "UTF-8", "UTF-16LE",
		                 NULL, NULL, NULL);
		take(c, n + 2);
		return 1;
	}
	case 0x001e: {
		size_t n = 0;
		while (n < c->left && c->p[n])
			n++;
		if (n >= c->left) {
			c->ok = 0;
			return 0;
		}
		*str = g_utf8_make_valid((const gchar *)c->p, (gssize)n);
		take(c, n + 1);
		return 1;
	}
	default:
		c->ok = 0;
		return 0;
	}
}

/* ForwardDelegateActionData: the recipients' addresses, ", "-joined. */
static void recipients(struct cursor *c, int w, GString *out)
{
	uint32_t count = take_u(c, w);
	for (uint32_t i = 0; i < count && c->ok; i++) {
		take(c, 1); /* reserved, 0x01 */
		uint32_t nprops = take_u(c, w);
		char *smtp = NULL, *email = NULL, *name = NULL;
		for (uint32_t k = 0; k < nprops && c->ok; k++) {
			uint32_t tag;
			char *s;
			if (!take_prop(c, w, &tag, &s))
				break;
			char **slot = NULL;
			switch (tag >> 16) {
			case 0x39fe: slot = &smtp; break;
			case 0x3003: slot = &email; break;
			case 0x3001: slot = &name; break;
			}
			if (slot && !*slot && s && *s)
				*slot = s;
			else
				g_free(s);
		}
		const char *best = smtp ? smtp : email ? email : name;
		g_string_append_printf(out, "%s%s", i ? ", " : " ", best ? best : "?");
		g_free(smtp);
		g_free(email);
		g_free(name);
	}
}

static void move_copy(struct cursor *c, int w, GString *out)
{
	if (w == 2)
		take(c, 1); /* FolderInThisStore */
	uint32_t n = take_u(c, w);
	take(c, n);     /* StoreEID */
	n = take_u(c, w);
	const unsigned char *eid = take(c, n);
	if (!c->ok)
		return;
	uint32_t nid = mc_mapi_entryid_node(eid, n);
	if (nid) {
		g_string_append_printf(out, " folder node %u", nid);
	} else {
		char *hex = mc_mapi_hex(eid, n);
		g_string_append_printf(out, " folder entryid %s", hex);
		g_free(hex);
	}
}

static void action(struct cursor *c, int w, GString *out)
{
	uint32_t type = take_u(c, 1);
	uint32_t flavor = take_u(c, 4);
	take_u(c, 4); /* ActionFlags */
	if (!c->ok)
		return;
	switch (type) {
	case MC_OP_MOVE:
	case MC_OP_COPY:
		g_string_append(out, type == MC_OP_MOVE ? "move to" : "copy to");
		move_copy(c, w, out);
		break;
	case MC_OP_REPLY:
		g_string_append(out, "reply with template");
		break;
	case MC_OP_OOF_REPLY:
		g_string_append(out, "out-of-office reply");
		break;
	case MC_OP_DEFER_ACTION:
		g_string_append(out, "client-side action");
		break;
	case MC_OP_BOUNCE: {
		uint32_t code = take_u(c, 4);
		g_string_append_printf(out, "bounce (code %u)", code);
		break;
	}
	case MC_OP_FORWARD:
		if ((flavor & (MC_FWD_PRESERVE_SENDER | MC_FWD_DO_NOT_MUNGE)) ==
		    (MC_FWD_PRESERVE_SENDER | MC_FWD_DO_NOT_MUNGE))
			g_string_append(out, "redirect to");
		else if (flavor & MC_FWD_AS_ATTACHMENT)
			g_string_append(out, "forward as attachment to");
		else if (flavor & MC_FWD_AS_SMS)
			g_string_append(out, "forward as SMS to");
		else
			g_string_append(out, "forward to");
		recipients(c, w, out);
		break;
	case MC_OP_DELEGATE:
		g_string_append(out, "delegate to");
		recipients(c, w, out);
		break;
	case MC_OP_TAG: {
		uint32_t tag;
		char *s;
		take_prop(c, w, &tag, &s);
		g_string_append_printf(out, "set property 0x%08x", tag);
		if (s)
			g_string_append_printf(out, " = %s", s);
		g_free(s);
		break;
	}
	case MC_OP_DELETE:
		g_string_append(out, "delete");
		break;
	case MC_OP_MARK_AS_READ:
		g_string_append(out, "mark as read");
		break;
	default:
		g_string_append_printf(out, "action 0x%02x", type);
		break;
	}
}

static void unparsed(GString *out, const unsigned char *p, size_t n)
{
	size_t shown = n < 256 ? n : 256;
	char *hex = mc_mapi_hex(p, shown);
	g_string_append_printf(out, "unparsed %s%s", hex, shown < n ? "..." : "");
	g_free(hex);
}

char *mc_mapi_rule_actions(const unsigned char *blob, size_t len, int extended)
{
	GString *out = g_string_new(NULL);
	struct cursor c = { blob, blob ? len : 0, 1 };
	int w = extended ? 4 : 2;

	if (extended) {
		/* NamedPropertyInformation (MS-OXORULE 2.2.4.2): with no named
		 * properties it is the two bytes 0x0000 and nothing else. */
		uint32_t nnamed = take_u(&c, 2);
		if (nnamed > 0) {
			take(&c, 2 * (size_t)nnamed);
			uint32_t named_size = take_u(&c, 4);
			take(&c, named_size);
		}
		uint32_t version = take_u(&c, 4);
		if (c.ok && version != 1) {
			unparsed(out, blob, len);
			return g_string_free(out, FALSE);
		}
	}
	uint32_t nactions = take_u(&c, w);
	for (uint32_t i = 0; i < nactions && c.ok; i++) {
		uint32_t alen = take_u(&c, w);
		const unsigned char *ablock = take(&c, alen);
		if (!ablock)
			break;
		struct cursor a = { ablock, alen, 1 };
		if (out->len)
			g_string_append(out, "; ");
		size_t before = out->len;
		action(&a, w, out);
		if (!a.ok) {
			g_string_truncate(out, before);
			unparsed(out, ablock, alen);
		}
	}
	if (!c.ok) {
		if (out->len)
			g_string_append(out, "; ");
		unparsed(out, c.p, c.left);
	}
	return g_string_free(out, FALSE);
}
