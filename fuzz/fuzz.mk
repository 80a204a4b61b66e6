# SPDX-License-Identifier: GPL-3.0-or-later
# fuzz/fuzz.mk: building the libFuzzer harnesses with clang (GNU make).
#
# Not an automake file: `make fuzz` (fuzz/fuzz.am) runs it as a sub-make,
# passing what configure found, so it may use pattern rules. Every
# fuzz/fuzz-<name>.c in the source tree becomes fuzz/build/fuzz-<name>; the
# project's library sources (LIB_SRCS, every layer's sources) are
# compiled again with clang and coverage instrumentation into
# fuzz/build/libmailcase-fuzz.a (one archive: the
# layers' order matters only to the normal build), since gcc's objects cannot link with
# libFuzzer. Variables set by fuzz.am: top_srcdir, top_builddir, LIB_SRCS,
# DEP_CFLAGS (AM_CFLAGS), DEP_LIBS (MAILCASE_LIBS without the library),
# DATADIR; -Werror is dropped.

FUZZ_CC ?= clang
FUZZ_SAN ?= address,undefined
FUZZ_OPT ?= -O1 -g -fno-omit-frame-pointer
B := fuzz/build
# the layers' folders (docs/architecture.md)
MC_FOLDERS = analyzer/report analyzer/detect analyzer/ingest analyzer/case \
	analyzer/text parsers

FUZZ_CPPFLAGS = -DHAVE_CONFIG_H -I$(top_builddir) \
	$(addprefix -I$(top_srcdir)/,$(MC_FOLDERS)) -I$(top_srcdir)/fuzz -DMAILCASE_DATADIR='"$(DATADIR)"'
FUZZ_CFLAGS = $(filter-out -Werror,$(WARN_CFLAGS) $(DEP_CFLAGS)) $(FUZZ_OPT) \
	-fno-sanitize-recover=all
# the library is other people's code: only the warnings that matter here
LIB_NOWARN = -Wno-format-nonliteral

HARNESSES := $(sort $(patsubst $(top_srcdir)/fuzz/fuzz-%.c,%,$(wildcard $(top_srcdir)/fuzz/fuzz-*.c)))
TOOLS := mkseeds-wire
LIB_OBJS := $(patsubst %.c,$(B)/lib/%.o,$(LIB_SRCS))

all: $(addprefix $(B)/fuzz-,$(HARNESSES)) $(addprefix $(B)/,$(TOOLS))
	@echo "fuzz: built $(words $(HARNESSES)) harnesses in $(B): $(HARNESSES)"

# The library, instrumented for coverage and the sanitizers, no main().
$(B)/lib/%.o: $(top_srcdir)/%.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CPPFLAGS) $(FUZZ_CFLAGS) $(LIB_NOWARN) -fsanitize=fuzzer-no-link,$(FUZZ_SAN) \
		-MMD -MP -c -o $@ $<

# sources generated in the build directory
$(B)/lib/%.o: %.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CPPFLAGS) $(FUZZ_CFLAGS) $(LIB_NOWARN) -fsanitize=fuzzer-no-link,$(FUZZ_SAN) \
		-MMD -MP -c -o $@ $<

$(B)/libmailcase-fuzz.a: $(LIB_OBJS)
	@rm -f $@
	ar cr $@ $^
	ranlib $@

$(B)/h/%.o: $(top_srcdir)/fuzz/%.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link,$(FUZZ_SAN) \
		-MMD -MP -c -o $@ $<

$(B)/fuzz-%: $(B)/h/fuzz-%.o $(B)/libmailcase-fuzz.a
	$(FUZZ_CC) $(FUZZ_OPT) -fsanitize=fuzzer,$(FUZZ_SAN) -o $@ $^ $(DEP_LIBS)

# Seed generators: ordinary programs (no libFuzzer main), same library.
$(B)/mkseeds-%: $(B)/h/mkseeds-%.o $(B)/libmailcase-fuzz.a
	$(FUZZ_CC) $(FUZZ_OPT) -fsanitize=fuzzer-no-link,$(FUZZ_SAN) -o $@ $^ $(DEP_LIBS)

.PHONY: all
.SECONDARY:
-include $(LIB_OBJS:.o=.d) $(wildcard $(B)/h/*.d)
