/*
 * maildir.c: the Maildir / Maildir++ evidence reader, and the folder role
 * guess from a folder name that the mbox reader shares
 * (mc_guess_folder_role).
 *
 * The root is folder "INBOX"; every ".Name.Sub" directory with cur/ and new/
 * is the folder "Name/Sub" (parents made as needed). Messages are the
 * regular files of cur/ and new/, in name order; files in tmp/ are reported,
 * not ingested. Everything below the root is opened O_RDONLY|O_NOFOLLOW and
 * symbolic links are reported and skipped.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <glib.h>

#include "mbox.h"
#include "parser.h"
#include "record.h"

/* ------------------------------------------------------------------ */
/* Folder roles from names                                             */

struct role_name { const char *name; const char *role; };

static const struct role_name role_names[] = {
	{ "inbox", MC_ROLE_INBOX }, { "posteingang", MC_ROLE_INBOX },
	{ "boîte de réception", MC_ROLE_INBOX }, { "bandeja de entrada", MC_ROLE_INBOX },
	{ "caixa de entrada", MC_ROLE_INBOX }, { "posta in arrivo", MC_ROLE_INBOX },
	{ "postvak in", MC_ROLE_INBOX }, { "inkorgen", MC_ROLE_INBOX },
	{ "odebrane", MC_ROLE_INBOX }, { "входящие", MC_ROLE_INBOX },
	{ "sent", MC_ROLE_SENT }, { "sent items", MC_ROLE_SENT },
	{ "sent mail", MC_ROLE_SENT }, { "sent messages", MC_ROLE_SENT },
	{ "sent-mail", MC_ROLE_SENT }, { "gesendet", MC_ROLE_SENT },
	{ "gesendete objekte", MC_ROLE_SENT }, { "gesendete elemente", MC_ROLE_SENT },
	{ "envoyés", MC_ROLE_SENT }, { "éléments envoyés", MC_ROLE_SENT },
	{ "messages envoyés", MC_ROLE_SENT }, { "enviados", MC_ROLE_SENT },
	{ "elementos enviados", MC_ROLE_SENT }, { "itens enviados", MC_ROLE_SENT },
	{ "posta inviata", MC_ROLE_SENT }, { "verzonden", MC_ROLE_SENT },
	{ "verzonden items", MC_ROLE_SENT }, { "skickat", MC_ROLE_SENT },
	{ "skickade objekt", MC_ROLE_SENT }, { "sendt", MC_ROLE_SENT },
	{ "wysłane", MC_ROLE_SENT }, { "отправленные", MC_ROLE_SENT },
	{ "drafts", MC_ROLE_DRAFTS }, { "draft", MC_ROLE_DRAFTS },
	{ "entwürfe", MC_ROLE_DRAFTS }, { "brouillons", MC_ROLE_DRAFTS },
	{ "borradores", MC_ROLE_DRAFTS }, { "rascunhos", MC_ROLE_DRAFTS },
	{ "bozze", MC_ROLE_DRAFTS }, { "concepten", MC_ROLE_DRAFTS },
	{ "utkast", MC_ROLE_DRAFTS }, { "kladder", MC_ROLE_DRAFTS },
	{ "черновики", MC_ROLE_DRAFTS },
	{ "trash", MC_ROLE_DELETED }, { "deleted", MC_ROLE_DELETED },
	{ "deleted items", MC_ROLE_DELETED }, { "deleted messages", MC_ROLE_DELETED },
	{ "bin", MC_ROLE_DELETED }, { "papierkorb", MC_ROLE_DELETED },
	{ "gelöschte objekte", MC_ROLE_DELETED }, { "gelöschte elemente", MC_ROLE_DELETED },
	{ "corbeille", MC_ROLE_DELETED }, { "éléments supprimés", MC_ROLE_DELETED },
	{ "papelera", MC_ROLE_DELETED }, { "elementos eliminados", MC_ROLE_DELETED },
	{ "lixeira", MC_ROLE_DELETED }, { "itens excluídos", MC_ROLE_DELETED },
	{ "cestino", MC_ROLE_DELETED }, { "posta eliminata", MC_ROLE_DELETED },
	{ "prullenbak", MC_ROLE_DELETED }, { "verwijderde items", MC_ROLE_DELETED },
	{ "papperskorgen", MC_ROLE_DELETED }, { "borttagna objekt", MC_ROLE_DELETED },
	{ "kosz", MC_ROLE_DELETED }, { "корзина", MC_ROLE_DELETED },
	{ "удаленные", MC_ROLE_DELETED },
	{ "junk", MC_ROLE_JUNK }, { "spam", MC_ROLE_JUNK },
	{ "junk e-mail", MC_ROLE_JUNK }, { "junk email", MC_ROLE_JUNK },
	{ "junk mail", MC_ROLE_JUNK }, { "bulk mail", MC_ROLE_JUNK },
	{ "junk-e-mail", MC_ROLE_JUNK }, { "spamverdacht", MC_ROLE_JUNK },
	{ "courrier indésirable", MC_ROLE_JUNK }, { "indésirables", MC_ROLE_JUNK },
	{ "correo no deseado", MC_ROLE_JUNK }, { "lixo eletrônico", MC_ROLE_JUNK },
	{ "posta indesiderata", MC_ROLE_JUNK }, { "ongewenste e-mail", MC_ROLE_JUNK },
	{ "skräppost", MC_ROLE_JUNK }, { "спам", MC_ROLE_JUNK },
	{ "outbox", MC_ROLE_OUTBOX }, { "postausgang", MC_ROLE_OUTBOX },
	{ "boîte d'envoi", MC_ROLE_OUTBOX }, { "bandeja de salida", MC_ROLE_OUTBOX },
	{ "caixa de saída", MC_ROLE_OUTBOX }, { "posta in uscita", MC_ROLE_OUTBOX },
	{ "postvak uit", MC_ROLE_OUTBOX }, { "utkorgen", MC_ROLE_OUTBOX },
	{ "исходящие", MC_ROLE_OUTBOX },
};

/*
 * Exact match on the lower-cased name without an mbox file extension, else
 * the longest table name the name starts with, followed by a non-letter
 * ("Sent-2011", "trash_old", "sent-mail-jan-2012").
 */
const char *mc_guess_folder_role(const char *name)
{
	static const char *const exts[] = { ".mbox", ".mbx", ".mbs", NULL };
	const char *role = MC_ROLE_OTHER;
	size_t best = 0;

	if (!name)
		return role;
	char *valid = g_utf8_make_valid(name, -1);
	char *low = g_utf8_strdown(valid, -1);
	size_t n = strlen(low);
	for (size_t i = 0; exts[i]; i++)
		if (n > strlen(exts[i]) && g_str_has_suffix(low, exts[i]))
			low[n -= strlen(exts[i])] = '\0';
	for (size_t i = 0; i < G_N_ELEMENTS(role_names); i++) {
		size_t k = strlen(role_names[i].name);
		if (k <= best || strncmp(low, role_names[i].name, k) != 0)
			continue;
		unsigned char next = (unsigned char)low[k];
		if (next == '\0' || (next < 0x80 && !g_ascii_isalpha(next))) {
			best = k;
			role = role_names[i].role;
		}
	}
	g_free(low);
	g_free(valid);
	return role;
}

/* ------------------------------------------------------------------ */
/* Walking the Maildir                                                 */

struct maildir_read {
	struct mc_reader *r;
	int root;                /* fd of the root directory */
	GHashTable *folders;     /* folder path -> id (GINT_TO_POINTER) */
	int64_t next_folder_id;
	int warn;                /* something could not be read */
	int fatal;               /* the sink failed */
};

static int is_dir_at(int dirfd, const char *rel)
{
	struct stat sb;
	return fstatat(dirfd, rel, &sb, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(sb.st_mode);
}

static int has_cur_new(int dirfd, const char *rel)
{
	char cur[4096], new_[4096];
	snprintf(cur, sizeof cur, "%s/cur", rel);
	snprintf(new_, sizeof new_, "%s/new", rel);
	return is_dir_at(dirfd, cur) && is_dir_at(dirfd, new_);
}

static void problem(struct maildir_read *c, const char *severity,
                    const char *loc, const char *fmt, ...) G_GNUC_PRINTF(4, 5);

static void problem(struct maildir_read *c, const char *severity,
                    const char *loc, const char *fmt, ...)
{
	char text[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	if (strcmp(severity, "error") == 0) {
		if (!c->warn)
			mc_reader_fail(c->r, MC_WARN, "%s: %s", loc, text);
		c->warn = 1;
	}
	if (mc_reader_problem(c->r, severity, loc, "%s", text) != 0)
		c->fatal = 1;
}

static gint cmp_names(gconstpointer a, gconstpointer b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The entries of dirfd/rel (no "." and ".."), sorted; NULL with errno. */
static GPtrArray *list_dir(int dirfd, const char *rel)
{
	int fd = openat(dirfd, rel, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	if (!d) {
		int e = errno;
		if (fd >= 0)
			close(fd);
		errno = e;
		return NULL;
	}
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	const struct dirent *de;
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			g_ptr_array_add(names, g_strdup(de->d_name));
	closedir(d);
	g_ptr_array_sort(names, cmp_names);
	return names;
}

static char *make_locator(const char *rel, const char *name)
{
	char *raw = name ? g_strdup_printf("maildir:%s/%s", rel, name)
	                 : g_strdup_printf("maildir:%s", rel);
	char *loc = g_utf8_make_valid(raw, -1);
	g_free(raw);
	return loc;
}

static void add_flags(struct mc_message *m, const char *name, const char *sub)
{
	const char *info = strstr(name, ":2,");
	if (!info)
		info = strstr(name, "!2,");     /* where ':' is not allowed */
	mc_message_add_prop(m, "maildir_subdir", sub);
	if (info)
		mc_message_add_prop(m, "maildir_flags", info + 3);
}

/* Checks, opens and reads one message file; NULL (problem recorded) if it
 * cannot be ingested. */
static char *read_message_file(struct maildir_read *c, int dfd, const char *name,
                               const char *loc, size_t *len)
{
	struct stat sb;
	char *buf = NULL;
	int64_t at;

	if (fstatat(dfd, name, &sb, AT_SYMLINK_NOFOLLOW) != 0) {
		problem(c, "error", loc, "cannot stat: %s; not ingested", g_strerror(errno));
		return NULL;
	}
	if (S_ISLNK(sb.st_mode)) {
		problem(c, "warning", loc, "symbolic link not followed; not ingested");
		return NULL;
	}
	if (!S_ISREG(sb.st_mode)) {
		problem(c, "warning", loc, "not a regular file; not ingested");
		return NULL;
	}
	int fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		problem(c, "error", loc, "cannot open: %s; not ingested", g_strerror(errno));
		return NULL;
	}
	if (mc_read_whole(fd, MC_RFC822_MAX_BYTES, &buf, len, &at) != 0) {
		if (errno == EFBIG)
			problem(c, "error", loc, "larger than %" PRId64 " bytes; not ingested",
			        MC_RFC822_MAX_BYTES);
		else
			problem(c, "error", loc, "read error at offset %" PRId64 ": %s; not ingested",
			        at, g_strerror(errno));
	}
	close(fd);
	return buf;
}

static void read_message(struct maildir_read *c, int dfd, const char *rel,
                         const char *name, const char *sub, int64_t folder_id)
{
	char *loc = make_locator(rel, name);
	size_t len = 0;
	char *buf = read_message_file(c, dfd, name, loc, &len);
	if (buf) {
		struct mc_message *m = mc_message_new();
		m->locator = loc;
		loc = NULL;
		m->folder_local_id = folder_id;
		m->origin = MC_ORIGIN_FOLDER;
		add_flags(m, name, sub);
		if (mc_rfc822_emit(c->r, m, buf, len, buf, len) != 0)
			c->fatal = 1;
		mc_message_free(m);
		g_free(buf);
	}
	g_free(loc);
}

static void read_subdir(struct maildir_read *c, const char *dir, const char *sub,
                        int64_t folder_id)
{
	char *rel = *dir ? g_strdup_printf("%s/%s", dir, sub) : g_strdup(sub);
	int dfd = openat(c->root, rel, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	GPtrArray *names = dfd >= 0 ? list_dir(dfd, ".") : NULL;
	if (!names) {
		char *loc = make_locator(rel, NULL);
		problem(c, "error", loc, "cannot read the directory: %s", g_strerror(errno));
		g_free(loc);
	}
	for (guint i = 0; names && i < names->len && !c->fatal; i++)
		read_message(c, dfd, rel, g_ptr_array_index(names, i), sub, folder_id);
	if (names)
		g_ptr_array_free(names, TRUE);
	if (dfd >= 0)
		close(dfd);
	g_free(rel);
}

static void report_tmp(struct maildir_read *c, const char *dir)
{
	char *rel = *dir ? g_strdup_printf("%s/tmp", dir) : g_strdup("tmp");
	GPtrArray *names = list_dir(c->root, rel);
	for (guint i = 0; names && i < names->len && !c->fatal; i++) {
		char *loc = make_locator(rel, g_ptr_array_index(names, i));
		problem(c, "warning", loc, "message in tmp/ (delivery not completed) not ingested");
		g_free(loc);
	}
	if (names)
		g_ptr_array_free(names, TRUE);
	g_free(rel);
}

static void read_folder(struct maildir_read *c, const char *dir, int64_t folder_id)
{
	read_subdir(c, dir, "cur", folder_id);
	if (!c->fatal)
		read_subdir(c, dir, "new", folder_id);
	if (!c->fatal)
		report_tmp(c, dir);
}

static int64_t add_folder(struct maildir_read *c, const char *name, const char *path,
                          int64_t parent, const char *role, char *locator)
{
	struct mc_folder *f = mc_folder_new();
	int64_t id = c->next_folder_id++;
	f->local_id = id;
	f->parent_local_id = parent;
	f->name = g_utf8_make_valid(name, -1);
	f->path = g_utf8_make_valid(path, -1);
	f->role = role ? role : mc_guess_folder_role(name);
	f->locator = locator;
	if (mc_reader_folder(c->r, f) != 0)
		c->fatal = 1;
	g_hash_table_insert(c->folders, g_strdup(path), GINT_TO_POINTER((int)id));
	mc_folder_free(f);
	return id;
}

/* ".Archive.2011" -> folder "Archive/2011", making "Archive" if needed. */
static void read_plus_folder(struct maildir_read *c, const char *dirname)
{
	gchar **parts = g_strsplit(dirname + 1, ".", -1);
	GString *path = g_string_new(NULL);
	int64_t parent = 0;
	guint n = g_strv_length(parts);
	for (guint i = 0; i < n && !c->fatal; i++) {
		if (!*parts[i])
			continue;
		if (path->len)
			g_string_append_c(path, '/');
		g_string_append(path, parts[i]);
		gpointer id = g_hash_table_lookup(c->folders, path->str);
		if (i + 1 < n)
			parent = id ? GPOINTER_TO_INT(id)
			            : add_folder(c, parts[i], path->str, parent, NULL, NULL);
		else
			parent = add_folder(c, parts[i], path->str, parent, NULL,
			                    make_locator(dirname, NULL));
	}
	if (!c->fatal && path->len)
		read_folder(c, dirname, parent);
	g_string_free(path, TRUE);
	g_strfreev(parts);
}

static void read_plus_folders(struct maildir_read *c)
{
	GPtrArray *names = list_dir(c->root, ".");
	if (!names) {
		problem(c, "error", "maildir:.", "cannot list the root: %s", g_strerror(errno));
		return;
	}
	for (guint i = 0; i < names->len && !c->fatal; i++) {
		const char *name = g_ptr_array_index(names, i);
		struct stat sb;
		if (name[0] != '.' || fstatat(c->root, name, &sb, AT_SYMLINK_NOFOLLOW) != 0)
			continue;
		if (S_ISLNK(sb.st_mode)) {
			char *loc = make_locator(name, NULL);
			problem(c, "warning", loc, "symbolic link not followed");
			g_free(loc);
		} else if (S_ISDIR(sb.st_mode) && has_cur_new(c->root, name)) {
			read_plus_folder(c, name);
		}
	}
	g_ptr_array_free(names, TRUE);
}

static int maildir_bid(const struct mc_probe *p)
{
	if (!p->is_dir || !p->path)
		return 0;
	return has_cur_new(AT_FDCWD, p->path) ? 100 : 0;
}

static enum mc_result maildir_read(struct mc_reader *r)
{
	struct maildir_read c = { .r = r, .next_folder_id = 1 };

	/* The root is what the user named: it may itself be a link. */
	c.root = open(r->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (c.root < 0)
		return mc_reader_fail(r, MC_FATAL, "%s: cannot open: %s", r->path,
		                      g_strerror(errno));
	c.folders = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	int64_t inbox = add_folder(&c, "INBOX", "INBOX", 0, MC_ROLE_INBOX,
	                           g_strdup("maildir:."));
	if (!c.fatal)
		read_folder(&c, "", inbox);
	if (!c.fatal)
		read_plus_folders(&c);
	close(c.root);
	g_hash_table_destroy(c.folders);
	if (c.fatal)
		return mc_reader_fail(r, MC_FATAL, "%s: the case could not store what was read",
		                      r->path);
	return c.warn ? MC_WARN : MC_OK;
}

const struct mc_format mc_format_maildir = { "maildir", maildir_bid, maildir_read };
