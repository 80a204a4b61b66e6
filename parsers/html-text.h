/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * html-text.h: reducing an HTML body to the text a reader would see.
 *
 * Drops tags, comments, <script>, <style> and <head>; turns block elements
 * and <br> into line breaks; decodes character references (named, decimal,
 * hex); collapses runs of white space. Input and output are UTF-8.
 */
#ifndef MAILCASE_HTML_TEXT_H
#define MAILCASE_HTML_TEXT_H

#include <stddef.h>

/* Returns a g_malloc'd NUL-terminated UTF-8 string, never NULL. */
char *mc_html_to_text(const char *html, size_t len);

#endif
