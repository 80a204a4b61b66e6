# SPDX-License-Identifier: GPL-3.0-or-later
# mbox-count.awk: counts the messages of an mbox, independently of mailcase's
# C splitter, for the corpus test. Rules: a separator is a line starting
# "From " that is followed by a header field line ("Name: value"), blank
# line before it or not (real files have both), or that carries a ctime-like
# date ("hh:mm" and a 4-digit year) at the start of the file or after an
# empty line (messages without headers exist); when a message's headers carry
# Content-Length, its body is skipped by that many bytes (mboxcl/mboxcl2).
# Run with LC_ALL=C so lengths are bytes.
function header_line(s) { return s ~ /^[!-9;-~]+:/ }
function dated(s) { return s ~ /[0-9]?[0-9]:[0-9][0-9].*[12][0-9][0-9][0-9]/ }
{
	line = $0
	sub(/\r$/, "", line)
	nbytes = length($0) + 1
	if (skip > 0) {
		skip -= nbytes
		if (skip <= 0)
			prev_blank = 1
		next
	}
	if (candidate) {
		candidate = 0
		if (header_line(line)) {
			count++
			in_headers = 1
			clen = -1
		}
	}
	if (line ~ /^From / && (NR == 1 || prev_blank) && dated(line)) {
		count++
		in_headers = 1
		clen = -1
		prev_blank = 0
		next
	}
	if (line ~ /^From /) {
		candidate = 1
		prev_blank = 0
		next
	}
	if (in_headers) {
		if (tolower(line) ~ /^content-length: *[0-9]+ *$/) {
			v = line
			sub(/^[^:]*: */, "", v)
			clen = v + 0
		}
		if (line == "") {
			in_headers = 0
			if (clen > 0)
				skip = clen
		}
	}
	prev_blank = (line == "")
}
END { print count + 0 }
