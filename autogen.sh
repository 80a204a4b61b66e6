#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# autogen.sh: regenerate the build system from configure.ac and Makefile.am.
set -e
cd "$(dirname "$0")"
mkdir -p build-aux m4
# AM_ICONV (gettext's iconv.m4) needs config.rpath; gettext ships it.
if [ ! -f build-aux/config.rpath ]; then
    for f in /usr/share/gettext/config.rpath /usr/share/gettext/build-aux/config.rpath; do
        [ -f "$f" ] && cp "$f" build-aux/config.rpath && break
    done
fi
autoreconf -fi
