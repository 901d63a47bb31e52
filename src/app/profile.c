/* profile.c - named register tables (see profile.h): reading the
 * sections, applying one, and `kmpterm profile save|list|show|delete`,
 * which writes the profiles file atomically and never the config file. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/commands.h"
#include "app/profile.h"
#include "feature/journal.h"
#include "kmp/error.h"

/* A profiles file is a few sections: larger is not one. */
#define PROFILES_MAX (256 * 1024)

int app_profiles_path(char *buf, size_t cap)
{
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	if (xdg && *xdg)
		snprintf(buf, cap, "%s/kmpterm/profiles", xdg);
	else if (home && *home)
		snprintf(buf, cap, "%s/.config/kmpterm/profiles", home);
	else
		return -1;
	return 0;
}

static char *trim(char *s)
{
	s += strspn(s, " \t\r");
	char *end = s + strlen(s);
	while (end > s && strchr(" \t\r", end[-1]))
		*--end = '\0';
	return s;
}

void app_cfg_walk_init(app_cfg_walk *w, char *text, size_t len)
{
	memset(w, 0, sizeof *w);
	w->text = text;
	w->len = len;
	w->section = "";
}

int app_cfg_walk_next(app_cfg_walk *w, char **key, char **value)
{
	while (w->pos < w->len) {
		char *line = w->text + w->pos;
		char *nl = memchr(line, '\n', w->len - w->pos);
		size_t n = nl ? (size_t)(nl - line) : w->len - w->pos;
		w->pos += n + (nl ? 1 : 0);
		w->lineno++;
		line[n] = '\0';
		if (memchr(line, '\0', n))
			continue; /* a NUL: config.c says so; no setting here */
		char *hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		char *s = trim(line);
		if (!*s)
			continue;
		if (*s == '[') {
			char *close = strchr(s, ']');
			if (close)
				*close = '\0';
			/* "[profile  x]" and "[profile x]" are the same section */
			char *name = trim(s + 1);
			if (!strncmp(name, "profile", 7) && strchr(" \t", name[7]))
				snprintf(w->section_buf, sizeof w->section_buf, "profile %s",
				         trim(name + 8));
			else
				snprintf(w->section_buf, sizeof w->section_buf, "%s", name);
			w->section = w->section_buf;
			*key = s + strlen(s); /* "" */
			*value = *key;
			return 1;
		}
		size_t klen = strcspn(s, " \t=");
		char *v = s + klen;
		v += strspn(v, " \t");
		if (*v == '=')
			v++;
		s[klen] = '\0';
		*key = s;
		*value = trim(v);
		return 1;
	}
	return 0;
}

/* Read a file for profiles into a malloc'd buffer; NULL when it is not
 * there (or not a regular file: config.c says so for the config). */
static char *read_text(const char *path, size_t *len)
{
	char *text = NULL;
	if (kmp_read_file(path, PROFILES_MAX, &text, len) != KMP_OK)
		return NULL;
	return text;
}

/* The section name of profile `name`. */
static void section_of(const char *name, char *buf, size_t cap)
{
	snprintf(buf, cap, "profile %s", name);
}

/* The name of the profile whose device is dev, from text, into buf. */
static int match_device(char *text, size_t len, const char *dev, char *buf, size_t cap)
{
	app_cfg_walk w;
	char *k, *v;
	app_cfg_walk_init(&w, text, len);
	while (app_cfg_walk_next(&w, &k, &v))
		if (!strncmp(w.section, "profile ", 8) && !strcmp(k, "device") && !strcmp(v, dev)) {
			snprintf(buf, cap, "%s", w.section + 8);
			return 1;
		}
	return 0;
}

/* Apply section `name` of text.  Returns 1 applied, 0 not there, -3 a bad
 * line (said). */
static int apply(app_options *o, const char *file, char *text, size_t len, const char *name)
{
	char want[200], err[300];
	app_cfg_walk w;
	char *k, *v;
	int found = 0, bad = 0;
	section_of(name, want, sizeof want);
	app_cfg_walk_init(&w, text, len);
	while (app_cfg_walk_next(&w, &k, &v)) {
		if (strcmp(w.section, want))
			continue;
		found = 1;
		if (!*k || !strcmp(k, "device"))
			continue;
		if (strcmp(k, "registers") && strcmp(k, "interval")) {
			fprintf(stderr,
			        "kmpterm: %s:%u: a profile holds registers, interval and "
			        "device, not '%s'\n",
			        file, w.lineno, k);
			bad = 1;
		} else if (app_apply_config_key(o, k, v, err, sizeof err) != 0) {
			fprintf(stderr, "kmpterm: %s:%u: %s\n", file, w.lineno, err);
			bad = 1;
		}
	}
	return bad ? -3 : found;
}

int app_profile_load(app_options *o, const char *name)
{
	char ppath[512], cpath[512], matched[160];
	size_t plen = 0, clen = 0;
	char *ptext = app_profiles_path(ppath, sizeof ppath) == 0 ? read_text(ppath, &plen) : NULL;
	char *ctext = app_config_path(cpath, sizeof cpath) == 0 ? read_text(cpath, &clen) : NULL;
	/* the walks cut the text: work on copies */
	char *pc = ptext ? malloc(plen + 1) : NULL, *cc = ctext ? malloc(clen + 1) : NULL;
	if (pc)
		memcpy(pc, ptext, plen + 1);
	if (cc)
		memcpy(cc, ctext, clen + 1);
	int rc = 0;
	if (!name && o->device) {
		if ((pc && match_device(pc, plen, o->device, matched, sizeof matched)) ||
		    (cc && match_device(cc, clen, o->device, matched, sizeof matched)))
			name = matched;
	}
	if (name) {
		rc = ptext ? apply(o, ppath, ptext, plen, name) : 0;
		if (rc == 0 && ctext)
			rc = apply(o, cpath, ctext, clen, name);
		if (rc == 0)
			rc = -2;
	}
	free(ptext);
	free(ctext);
	free(pc);
	free(cc);
	return rc;
}

/* --- kmpterm profile ---------------------------------------------------------- */

static int valid_name(const char *n)
{
	if (!*n || strlen(n) > 64)
		return 0;
	for (const char *p = n; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.'))
			return 0;
	return 1;
}

/* text without section [profile name] (its header and lines), appended to
 * out (malloc'd, *olen). */
static char *without(const char *text, size_t len, const char *name, size_t *olen)
{
	char want[200];
	section_of(name, want, sizeof want);
	char *out = malloc(len + 1);
	size_t o = 0, pos = 0;
	int skipping = 0;
	if (!out)
		return NULL;
	while (pos < len) {
		const char *line = text + pos;
		const char *nl = memchr(line, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - line) + 1 : len - pos;
		pos += n;
		/* is this a section header, and which? */
		char buf[256];
		snprintf(buf, sizeof buf, "%.*s", (int)(n < 255 ? n : 255), line);
		app_cfg_walk w;
		char *k, *v;
		app_cfg_walk_init(&w, buf, strlen(buf));
		if (app_cfg_walk_next(&w, &k, &v) && !*k)
			skipping = !strcmp(w.section, want);
		if (!skipping) {
			memcpy(out + o, line, n);
			o += n;
		}
	}
	out[o] = 0;
	*olen = o;
	return out;
}

static int print_section(const char *path, const char *name)
{
	size_t len;
	char *text = read_text(path, &len), want[200];
	if (!text)
		return 0;
	section_of(name, want, sizeof want);
	app_cfg_walk w;
	char *k, *v;
	int found = 0;
	app_cfg_walk_init(&w, text, len);
	while (app_cfg_walk_next(&w, &k, &v)) {
		if (strcmp(w.section, want))
			continue;
		if (!found)
			printf("[profile %s]   # %s\n", name, path);
		found = 1;
		if (*k)
			printf("%s = %s\n", k, v);
	}
	free(text);
	return found;
}

static void list_sections(const char *path)
{
	size_t len;
	char *text = read_text(path, &len);
	if (!text)
		return;
	app_cfg_walk w;
	char *k, *v;
	app_cfg_walk_init(&w, text, len);
	while (app_cfg_walk_next(&w, &k, &v))
		if (!*k && !strncmp(w.section, "profile ", 8))
			printf("%-20s %s\n", w.section + 8, path);
	free(text);
}

/* Write text as the profiles file: its directory made when missing, the
 * file replaced atomically (a link to it, e.g. from a dotfiles folder,
 * stays a link: its target is replaced). */
static int write_profiles(const char *path, const char *text, size_t len)
{
	char dir[512], real[PATH_MAX], err[4200];
	snprintf(dir, sizeof dir, "%s", path);
	char *slash = strrchr(dir, '/');
	if (slash) {
		*slash = 0;
		char parent[512];
		snprintf(parent, sizeof parent, "%s", dir);
		char *ps = strrchr(parent, '/');
		if (ps) { /* ~/.config first, then ~/.config/kmpterm */
			*ps = 0;
			mkdir(parent, 0755);
		}
		if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
			fprintf(stderr, "kmpterm: %s: %s\n", dir, strerror(errno));
			return EXIT_FAIL;
		}
	}
	const char *target = realpath(path, real) ? real : path;
	if (kmp_replace_file(target, 0644, text, len, NULL, err, sizeof err) != KMP_OK) {
		fprintf(stderr, "kmpterm: %s\n", err);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

static int profile_save(const app_options *o, const char *path, const char *name)
{
	int has_r = app_given(o, 'r'), has_i = app_given(o, APP_OPT_INTERVAL);
	if (!has_r && !has_i)
		return app_cmd_usage_error("profile",
		                           "profile save needs -r LIST and/or --interval "
		                           "S (what the profile holds)");
	size_t len = 0, olen = 0;
	char *text = read_text(path, &len);
	if (!text && errno != ENOENT && access(path, F_OK) == 0) {
		fprintf(stderr, "kmpterm: %s: %s\n", path, strerror(errno));
		return EXIT_FAIL;
	}
	char *kept = without(text ? text : "", len, name, &olen);
	free(text);
	if (!kept) {
		fprintf(stderr, "kmpterm: out of memory\n");
		return EXIT_FAIL;
	}
	size_t cap = olen + 4096 + (size_t)o->n_regs * 7;
	char *out = malloc(cap);
	if (!out) {
		free(kept);
		fprintf(stderr, "kmpterm: out of memory\n");
		return EXIT_FAIL;
	}
	size_t n = 0;
	if (olen == 0)
		n += (size_t)snprintf(out, cap,
		                      "# kmpterm profiles: written by 'kmpterm profile save'; "
		                      "see man kmpterm, PROFILES.\n");
	else {
		memcpy(out, kept, olen);
		n = olen;
		if (out[n - 1] != '\n')
			out[n++] = '\n';
	}
	n += (size_t)snprintf(out + n, cap - n, "\n[profile %s]\n", name);
	if (has_r) {
		n += (size_t)snprintf(out + n, cap - n, "registers = ");
		for (size_t i = 0; i < o->n_regs; i++)
			n += (size_t)snprintf(out + n, cap - n, "%s%u", i ? "," : "", o->regs[i]);
		n += (size_t)snprintf(out + n, cap - n, "\n");
	}
	if (has_i)
		n += (size_t)snprintf(out + n, cap - n, "interval = %g\n", o->interval);
	if (app_given(o, 'd') && o->device)
		n += (size_t)snprintf(out + n, cap - n, "device = %s\n", o->device);
	free(kept);
	int rc = write_profiles(path, out, n);
	free(out);
	if (rc == EXIT_OK)
		fprintf(stderr, "kmpterm: saved profile '%s' in %s\n", name, path);
	return rc;
}

static int profile_delete(const char *path, const char *name)
{
	size_t len = 0, olen = 0;
	char *text = read_text(path, &len);
	char *kept = text ? without(text, len, name, &olen) : NULL;
	free(text);
	if (!kept || olen == len) {
		free(kept);
		fprintf(stderr,
		        "kmpterm: no profile '%s' in %s (a profile in the config file is "
		        "the config's: edit it there)\n",
		        name, path);
		return EXIT_FAIL;
	}
	int rc = write_profiles(path, kept, olen);
	free(kept);
	if (rc == EXIT_OK)
		fprintf(stderr, "kmpterm: deleted profile '%s' from %s\n", name, path);
	return rc;
}

int cmd_profile(const app_options *o)
{
	char ppath[512], cpath[512];
	if (app_profiles_path(ppath, sizeof ppath) != 0) {
		fprintf(stderr, "kmpterm: neither XDG_CONFIG_HOME nor HOME is set: no profiles "
		                "file\n");
		return EXIT_FAIL;
	}
	int have_config = app_config_path(cpath, sizeof cpath) == 0;
	const char *verb = o->nargs ? o->args[0] : "list";
	const char *name = o->nargs > 1 ? o->args[1] : NULL;
	int wants_name = strcmp(verb, "list") != 0;
	if (strcmp(verb, "list") && strcmp(verb, "save") && strcmp(verb, "show") &&
	    strcmp(verb, "delete"))
		return app_cmd_usage_error("profile",
		                           "profile takes save, list, show or delete, "
		                           "not '%s'",
		                           verb);
	if ((wants_name && o->nargs != 2) || (!wants_name && o->nargs > 1))
		return app_cmd_usage_error("profile",
		                           wants_name ? "profile %s needs one NAME"
		                                      : "profile %s takes no more",
		                           verb);
	if (name && !valid_name(name))
		return app_cmd_usage_error("profile",
		                           "invalid profile name '%s' (letters, digits, "
		                           "'-', '_' and '.', at most 64)",
		                           name);
	if (!strcmp(verb, "list")) {
		list_sections(ppath);
		if (have_config)
			list_sections(cpath);
		return EXIT_OK;
	}
	if (!strcmp(verb, "show")) {
		int found = print_section(ppath, name);
		if (!found && have_config)
			found = print_section(cpath, name);
		if (!found) {
			fprintf(stderr, "kmpterm: no profile '%s' (kmpterm profile list)\n", name);
			return EXIT_FAIL;
		}
		return EXIT_OK;
	}
	if (!strcmp(verb, "delete"))
		return profile_delete(ppath, name);
	return profile_save(o, ppath, name);
}
