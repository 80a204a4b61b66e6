/* eml.c: placeholder until the reader lands. */
#include "config.h"
#include "parser.h"
static int eml_bid(const struct mc_probe *p) { (void)p; return 0; }
static enum mc_result eml_read(struct mc_reader *r) { return mc_reader_fail(r, MC_FATAL, "eml reader not implemented"); }
const struct mc_format mc_format_eml = { "eml", eml_bid, eml_read };
