/* config.c - the config file: found, read (carefully: it is read by every
 * command, --help included, so it must never hang or swallow a line) and
 * cut into "key = value" settings for options.c. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/options.h"

/* A longer line is no setting (and would not fit a message). */
#define LINE_MAX_CHARS 1024

int app_config_path(char *buf, size_t cap)
{
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	if (xdg && *xdg)
		snprintf(buf, cap, "%s/kmpterm/config", xdg);
	else if (home && *home)
		snprintf(buf, cap, "%s/.config/kmpterm/config", home);
	else
		return -1;
	return 0;
}

static void line_warn(const char *name, unsigned line, const char *msg)
{
	fprintf(stderr, "kmpterm: %s:%u: %s (line ignored)\n", name, line, msg);
}

static const char *strip(char *s)
{
	s += strspn(s, " \t\r");
	char *end = s + strlen(s);
	while (end > s && strchr(" \t\r", end[-1]))
		*--end = '\0';
	return s;
}

/* One line, already without its newline and NUL-terminated.  Returns 0
 * (a setting, a comment or blank) or -1 (reported). */
static int config_line(const char *name, unsigned lineno, char *line, app_options *o,
                       int *in_section)
{
	char err[300];
	char *hash = strchr(line, '#');
	if (hash)
		*hash = '\0';
	char *key = line + strspn(line, " \t\r");
	if (!*key)
		return 0;
	/* "[profile NAME]": the lines after it are that profile's
	 * (app/profile.h), read when -p NAME or its device asks for it */
	if (*key == '[') {
		char *s = key + 1 + strspn(key + 1, " \t");
		*in_section = 1;
		if (strncmp(s, "profile", 7) || !strchr(" \t", s[7]) || !strchr(s, ']')) {
			line_warn(
			        name, lineno,
			        "a section is [profile NAME]; this one and its lines are ignored");
			return -1;
		}
		return 0;
	}
	if (*in_section)
		return 0;
	size_t klen = strcspn(key, " \t=\r");
	char *val = key + klen;
	val += strspn(val, " \t");
	if (*val == '=') /* "timeout 800" without '=' is accepted too */
		val++;
	key[klen] = '\0';
	val = (char *)strip(val);
	if (app_apply_config_key(o, key, val, err, sizeof err) != 0) {
		line_warn(name, lineno, err);
		return -1;
	}
	return 0;
}

int app_parse_config(const char *name, char *text, size_t len, app_options *o)
{
	int bad = 0, in_section = 0;
	unsigned lineno = 0;
	size_t pos = 0;
	text[len] = '\0';
	while (pos < len) {
		char *line = text + pos;
		char *nl = memchr(line, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - line) : len - pos;
		pos += n + (nl ? 1 : 0);
		lineno++;
		/* a NUL would end the line early, and what follows it would
		 * vanish without a word: say so instead */
		if (memchr(line, '\0', n)) {
			line_warn(name, lineno, "a NUL byte (is this a text file?)");
			bad++;
			continue;
		}
		if (n > LINE_MAX_CHARS) {
			line_warn(name, lineno, "line too long");
			bad++;
			continue;
		}
		line[n] = '\0';
		if (config_line(name, lineno, line, o, &in_section) != 0)
			bad++;
	}
	return bad;
}

static const char *file_kind(mode_t m)
{
	return S_ISDIR(m)    ? "a directory"
	       : S_ISFIFO(m) ? "a FIFO"
	       : S_ISCHR(m)  ? "a character device"
	       : S_ISBLK(m)  ? "a block device"
	       : S_ISSOCK(m) ? "a socket"
	                     : "not a regular file";
}

int app_load_config(const char *path, app_options *o)
{
	snprintf(o->config_path, sizeof o->config_path, "%s", path);
	/* non-blocking: opening a FIFO would otherwise wait for a writer */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			return 0; /* no config file: nothing to do */
		fprintf(stderr, "kmpterm: cannot read %s: %s (ignored)\n", path, strerror(errno));
		return -1;
	}
	struct stat st;
	if (fstat(fd, &st) != 0) {
		fprintf(stderr, "kmpterm: cannot read %s: %s (ignored)\n", path, strerror(errno));
		close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		fprintf(stderr, "kmpterm: %s is %s, not a config file (ignored)\n", path,
		        file_kind(st.st_mode));
		close(fd);
		return -1;
	}
	size_t n = 0;
	int too_big = st.st_size > APP_CONFIG_MAX, failed = 0;
	/* at most one byte beyond the limit: a file that grows is caught too */
	while (!too_big && !failed) {
		ssize_t r = read(fd, o->config_text + n, APP_CONFIG_MAX + 1 - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			failed = errno;
		else if (r == 0)
			break;
		else if ((n += (size_t)r) > APP_CONFIG_MAX)
			too_big = 1;
	}
	close(fd);
	if (failed) {
		fprintf(stderr, "kmpterm: cannot read %s: %s (ignored)\n", path, strerror(failed));
		return -1;
	}
	if (too_big) {
		fprintf(stderr, "kmpterm: %s is larger than %d KiB: not a config file (ignored)\n",
		        path, APP_CONFIG_MAX / 1024);
		return -1;
	}
	return app_parse_config(path, o->config_text, n, o);
}
