/* mbox.c: placeholder until the reader lands. */
#include "config.h"
#include "parser.h"
static int mbox_bid(const struct mc_probe *p) { (void)p; return 0; }
static enum mc_result mbox_read(struct mc_reader *r) { return mc_reader_fail(r, MC_FATAL, "mbox reader not implemented"); }
const struct mc_format mc_format_mbox = { "mbox", mbox_bid, mbox_read };
