/* pst.c: placeholder until the reader lands. */
#include "config.h"
#include "parser.h"
static int pst_bid(const struct mc_probe *p) { (void)p; return 0; }
static enum mc_result pst_read(struct mc_reader *r) { return mc_reader_fail(r, MC_FATAL, "pst reader not implemented"); }
const struct mc_format mc_format_pst = { "pst", pst_bid, pst_read };
