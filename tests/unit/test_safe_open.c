/* Every file kmpterm writes gets the care the scan's temporary file got
 * (issue 10, item 14): kmp_open_write (--log, scan --out, read --out,
 * history --out) follows a symbolic link only when it is this user's or
 * root's, never blocks on a FIFO; the terminal's `w` never writes where a
 * file or a link already is. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "feature/safe_open.h"
#include "testing.h"
#include "tui/model.h"
#include "tui_fixture.h"

#define SEC 1000000u

static char dir[64];

static void make_dir(void)
{
	snprintf(dir, sizeof dir, "/tmp/kmpterm-safe-open.XXXXXX");
	CU_ASSERT_FATAL(mkdtemp(dir) != NULL);
}

static void path_of(char *buf, size_t cap, const char *name)
{
	snprintf(buf, cap, "%s/%s", dir, name);
}

static void put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	CU_ASSERT_FATAL(f != NULL);
	fputs(text, f);
	fclose(f);
}

static int holds(const char *path, const char *text)
{
	char buf[64] = "";
	FILE *f = fopen(path, "r");
	if (!f)
		return 0;
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	return strcmp(buf, text) == 0;
}

static void remove_dir(void)
{
	static const char *names[] = {"victim", "link",      "mine",      "target",
	                              "fifo",   "trace.log", "trace2.log"};
	char p[128];
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		path_of(p, sizeof p, names[i]);
		unlink(p);
	}
	rmdir(dir);
}

static void test_own_link_followed_fifo_never_blocks(void)
{
	char target[128], mine[128], fifo[128], err[256];
	make_dir();
	path_of(target, sizeof target, "target");
	path_of(mine, sizeof mine, "mine");
	path_of(fifo, sizeof fifo, "fifo");
	CU_ASSERT_FATAL(symlink(target, mine) == 0);
	int fd = kmp_open_write(mine, O_WRONLY | O_CREAT | O_APPEND, 0644, err, sizeof err);
	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT_EQUAL(write(fd, "ok", 2), 2);
	close(fd);
	CU_ASSERT(holds(target, "ok"));
	/* a FIFO nobody reads: refused at once instead of hanging */
	CU_ASSERT_FATAL(mkfifo(fifo, 0600) == 0);
	fd = kmp_open_write(fifo, O_WRONLY | O_APPEND, 0, err, sizeof err);
	CU_ASSERT_EQUAL(fd, -1);
	CU_ASSERT_EQUAL(errno, ENXIO);
	CU_ASSERT(strstr(err, fifo) == err);
	remove_dir();
}

static void test_link_of_another_user_refused(void)
{
	if (geteuid() != 0) {
		test_skip("a link of another user needs root to make (lchown)");
		return;
	}
	char victim[128], link[128], err[256];
	make_dir();
	path_of(victim, sizeof victim, "victim");
	path_of(link, sizeof link, "link");
	put(victim, "precious");
	CU_ASSERT_FATAL(symlink(victim, link) == 0);
	CU_ASSERT_FATAL(lchown(link, 65534, 65534) == 0); /* nobody's */
	int flags[] = {O_WRONLY | O_APPEND | O_CREAT, O_WRONLY | O_APPEND | O_CREAT | O_EXCL,
	               O_RDWR | O_APPEND | O_CREAT};
	for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++) {
		err[0] = '\0';
		int fd = kmp_open_write(link, flags[i], 0644, err, sizeof err);
		CU_ASSERT_EQUAL(fd, -1);
		if (fd >= 0)
			close(fd);
		/* with O_EXCL the link is simply in the way (EEXIST) */
		if (!(flags[i] & O_EXCL))
			CU_ASSERT(strstr(err, "a symbolic link of another user") != NULL);
	}
	CU_ASSERT(holds(victim, "precious"));
	remove_dir();
}

static void test_trace_write_never_overwrites(void)
{
	char victim[128], trace[128], trace2[128];
	size_t n = 0;
	make_dir();
	path_of(victim, sizeof victim, "victim");
	path_of(trace, sizeof trace, "trace.log");
	path_of(trace2, sizeof trace2, "trace2.log");
	put(victim, "precious");
	tui_model *m = fixture_new_model();
	fixture_push_frame(m, KMP_EV_TX, "803F0235E90D", 1000 * SEC);
	/* a link planted where w writes: not followed, whoever made it */
	CU_ASSERT_FATAL(symlink(victim, trace) == 0);
	CU_ASSERT_EQUAL(tui_ring_write(&m->trace.ring, trace, &n), EEXIST);
	CU_ASSERT(holds(victim, "precious"));
	/* a file already there: kept */
	put(trace2, "earlier trace");
	CU_ASSERT_EQUAL(tui_ring_write(&m->trace.ring, trace2, &n), EEXIST);
	CU_ASSERT(holds(trace2, "earlier trace"));
	fixture_free_model(m);
	remove_dir();
}

TEST_SUITE(safe_open_suite)
{
	CU_pSuite s = CU_add_suite("safe_open", NULL, NULL);
	TEST_ADD(s, test_own_link_followed_fifo_never_blocks);
	TEST_ADD(s, test_link_of_another_user_refused);
	TEST_ADD(s, test_trace_write_never_overwrites);
}
