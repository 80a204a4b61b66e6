/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
/*
 * report-html.c: escaping and the page skeleton of the HTML report
 * (report-html.h). The style sheet is inline; fonts are the system's.
 */

#include <stdarg.h>
#include <string.h>

#include "report-html.h"
#include "visible.h"

/* s holds valid UTF-8 with no control but newline and tab (visible.h). */
static void esc_visible(GString *out, const char *s, gsize len)
{
	for (gsize i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '&': g_string_append(out, "&amp;"); break;
		case '<': g_string_append(out, "&lt;"); break;
		case '>': g_string_append(out, "&gt;"); break;
		case '"': g_string_append(out, "&quot;"); break;
		case '\'': g_string_append(out, "&#39;"); break;
		default: g_string_append_c(out, (char)c);
		}
	}
}

/* Controls, bidi overrides and bytes that are not UTF-8 are shown as the
 * text output shows them (\x1b, \u202e: visible.h), then escaped. */
static void esc_len(GString *out, const char *s, gssize len)
{
	if (!s)
		return;
	GString *visible = g_string_new(NULL);
	mc_visible_append(visible, s, len, MC_VISIBLE_LINES);
	esc_visible(out, visible->str, visible->len);
	g_string_free(visible, TRUE);
}

void mc_html_esc(GString *out, const char *s)
{
	esc_len(out, s, -1);
}

void mc_html_esc_max(GString *out, const char *s, gsize len)
{
	if (!s)
		return;
	gsize n = strlen(s);
	if (n <= len) {
		esc_len(out, s, (gssize)n);
		return;
	}
	/* Back up to the start of a UTF-8 character. */
	while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
		len--;
	esc_len(out, s, (gssize)len);
	g_string_append(out, "\xE2\x80\xA6");
}

void mc_html_escf(GString *out, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	mc_html_esc(out, s);
	g_free(s);
}

static const char STYLE[] =
":root{--ink:#1d232b;--muted:#5b6673;--line:#dde1e6;--bg:#f3f4f6;--card:#fff;"
"--crit:#b3261e;--high:#d9480f;--med:#b7791f;--low:#2f855a;--info:#4a6fa5}\n"
"*{box-sizing:border-box}\n"
"body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.45 system-ui,"
"-apple-system,'Segoe UI','Noto Sans','DejaVu Sans','Noto Sans CJK SC',"
"'WenQuanYi Micro Hei','WenQuanYi Zen Hei',sans-serif}\n"
"main{max-width:1200px;margin:0 auto;padding:0 20px 40px}\n"
"header.top{background:#1f2a37;color:#fff;padding:18px 0 14px}\n"
"header.top .in{max-width:1200px;margin:0 auto;padding:0 20px}\n"
"header.top h1{margin:0;font-size:24px}\n"
"header.top p{margin:4px 0 0;color:#c9d2dc}\n"
"nav{margin-top:8px;font-size:14px}nav a{color:#9cc3ff;margin-right:16px}\n"
"section{background:var(--card);border:1px solid var(--line);border-radius:8px;"
"padding:16px 20px;margin:18px 0}\n"
"h2{margin:0 0 8px;font-size:20px}h3{margin:14px 0 6px;font-size:16px}\n"
"p.lead{color:var(--muted);margin:0 0 12px}\n"
".verdicts{list-style:none;margin:0;padding:0}\n"
".verdict{border-left:6px solid var(--info);background:#f7f9fb;margin:10px 0;"
"padding:10px 14px;border-radius:4px}\n"
".verdict b.tag{display:inline-block;min-width:92px;font-size:12px;"
"text-transform:uppercase;letter-spacing:.04em}\n"
".verdict.alarm{border-color:var(--crit);background:#fdf1f0}.verdict.alarm b.tag{color:var(--crit)}\n"
".verdict.warn{border-color:var(--med);background:#fdf7ec}.verdict.warn b.tag{color:var(--med)}\n"
".verdict.benign{border-color:var(--low);background:#eef8f2}.verdict.benign b.tag{color:var(--low)}\n"
".verdict.ok{border-color:#8a99a8}.verdict.ok b.tag{color:var(--muted)}\n"
".verdict .more{color:var(--muted);font-size:13px;margin-top:3px}\n"
".facts{display:flex;flex-wrap:wrap;gap:10px;margin:12px 0 0;padding:0;list-style:none}\n"
".facts li{background:#eef1f4;border-radius:6px;padding:6px 12px;font-size:14px}\n"
".facts b{font-size:18px;margin-right:4px}\n"
".sev{display:inline-block;border-radius:4px;padding:1px 8px;color:#fff;font-size:12px;"
"font-weight:600;text-transform:uppercase;letter-spacing:.04em}\n"
".sev.critical{background:var(--crit)}.sev.high{background:var(--high)}"
".sev.medium{background:var(--med)}.sev.low{background:var(--low)}.sev.info{background:var(--info)}\n"
".finding{border:1px solid var(--line);border-radius:6px;margin:12px 0;padding:10px 14px}\n"
".finding h3{margin:0 0 4px}.finding .meta{color:var(--muted);font-size:13px}\n"
".finding .summary{margin:6px 0}\n"
"table{border-collapse:collapse;width:100%;font-size:13px;margin:6px 0}\n"
".msgs td:nth-child(3){white-space:nowrap}\n"
"th,td{text-align:left;padding:4px 6px;border-bottom:1px solid var(--line);vertical-align:top}\n"
"th{background:#f0f2f5;font-weight:600}\n"
"td.num,th.num{text-align:right}\n"
"code,.mono{font-family:ui-monospace,'DejaVu Sans Mono',monospace;font-size:12px}\n"
"td.hash{font-family:ui-monospace,'DejaVu Sans Mono',monospace;font-size:11px;word-break:break-all}\n"
".st{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px}\n"
".st.ok{background:#dff3e6;color:#1e6b3c}.st.partial{background:#fdf0d5;color:#8a5a00}"
".st.failed{background:#fbe0de;color:#9b1c14}.st.skipped{background:#eceff2;color:#5b6673}\n"
".role{font-size:12px;border-radius:3px;padding:0 5px;background:#eceff2}\n"
".role.after{background:#fbe0de;color:#9b1c14}.role.before{background:#e3ecfa;color:#24487d}\n"
"details summary{cursor:pointer;color:#24487d;margin:4px 0}\n"
".chart{overflow-x:auto}.chart svg{display:block;max-width:100%;height:auto}\n"
".legend{display:flex;flex-wrap:wrap;gap:6px 18px;font-size:13px;margin:8px 0 0;padding:0;list-style:none}\n"
".legend li{display:flex;align-items:center;gap:6px}\n"
".sw{display:inline-block;width:12px;height:12px;border-radius:50%}\n"
".sw.sq{border-radius:2px}\n"
".sw.line{width:18px;height:0;border-top:2px dashed var(--crit);border-radius:0}\n"
".heat{display:grid;grid-template-columns:repeat(auto-fill,minmax(500px,1fr));gap:14px}\n"
".heat .box{border:1px solid var(--line);border-radius:6px;padding:8px 10px}\n"
".heat .box h3{margin:0;font-size:15px}.heat .box p{margin:2px 0 4px;color:var(--muted);font-size:13px}\n"
".heat .box.flag{border-color:#e9a19b}.heat svg{width:100%;height:auto}\n"
"dl.gloss dt{font-weight:600;margin-top:10px}dl.gloss dd{margin:2px 0 0 0;color:#333}\n"
"footer{color:var(--muted);font-size:12px;text-align:center;margin:20px 0}\n"
"svg text{font-family:system-ui,'DejaVu Sans','Noto Sans',sans-serif}\n"
"@media print{body{background:#fff}section{break-inside:avoid}}\n";

void mc_html_page_begin(GString *out, const char *title)
{
	g_string_append(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
	                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
	                "<meta name=\"generator\" content=\"mailcase " PACKAGE_VERSION "\"/>\n<title>");
	mc_html_esc(out, title);
	g_string_append(out, "</title>\n<style>\n");
	g_string_append(out, STYLE);
	g_string_append(out, "</style>\n</head>\n<body>\n");
}

void mc_html_page_end(GString *out)
{
	g_string_append(out, "</body>\n</html>\n");
}
