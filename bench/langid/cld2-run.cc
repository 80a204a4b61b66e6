/* SPDX-License-Identifier: GPL-3.0-or-later */
// cld2-run.cc: CLD2 (Debian's libcld2) on the benchmark's "id<TAB>text"
// lines (textid escapes); prints "id<TAB>language-code".
#include <cstdio>
#include <cstring>
#include <string>

#include <cld2/public/compact_lang_det.h>

int main()
{
	char *line = nullptr;
	size_t cap = 0;
	ssize_t n;
	while ((n = getline(&line, &cap, stdin)) > 0) {
		std::string s(line, (size_t)n);
		while (!s.empty() && (s.back() == '\n' || s.back() == '\r'))
			s.pop_back();
		size_t tab = s.find('\t');
		if (tab == std::string::npos)
			continue;
		std::string id = s.substr(0, tab), text;
		for (size_t i = tab + 1; i < s.size(); i++) {
			char c = s[i];
			if (c == '\\' && i + 1 < s.size()) {
				char d = s[i + 1];
				char r = d == 't' ? '\t' : d == 'n' ? '\n' : d == 'r' ? '\r' : d == '\\' ? '\\' : 0;
				if (r) {
					text += r;
					i++;
					continue;
				}
			}
			text += c;
		}
		bool reliable = false;
		// CLD2 reads a little past the end of its buffer: pad it.
		int len = (int)text.size();
		text.append(32, '\0');
		CLD2::Language lang = CLD2::DetectLanguage(text.data(), len, true, &reliable);
		printf("%s\t%s\n", id.c_str(), CLD2::LanguageCode(lang));
	}
	return 0;
}
