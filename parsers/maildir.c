/* maildir.c: placeholder until the reader lands. */
#include "config.h"
#include "parser.h"
static int maildir_bid(const struct mc_probe *p) { (void)p; return 0; }
static enum mc_result maildir_read(struct mc_reader *r) { return mc_reader_fail(r, MC_FATAL, "maildir reader not implemented"); }
const struct mc_format mc_format_maildir = { "maildir", maildir_bid, maildir_read };
