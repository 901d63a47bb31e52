/* test_ports.c - port listing: the by-id lookup against a fake by-id
 * directory, and kmp_ports_list on whatever this machine has. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kmp/error.h"
#include "link/ports.h"
#include "testing.h"

static void test_find_link(void)
{
	char dir[] = "/tmp/kmpterm-byid-XXXXXX";
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	char target[256], other[256], lnk[256], lnk2[256], real[4096];
	snprintf(target, sizeof target, "%s/ttyUSB7", dir);
	snprintf(other, sizeof other, "%s/ttyUSB8", dir);
	snprintf(lnk, sizeof lnk, "%s/usb-FTDI_IR_head_A1B2-if00-port0", dir);
	snprintf(lnk2, sizeof lnk2, "%s/usb-other-if00-port0", dir);
	FILE *f = fopen(target, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fclose(f);
	/* a relative link, as udev makes them ("../../ttyUSB0") */
	CU_ASSERT_EQUAL_FATAL(symlink("ttyUSB7", lnk), 0);
	CU_ASSERT_EQUAL_FATAL(symlink("ttyUSB-unplugged", lnk2), 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(realpath(target, real));

	char out[512];
	CU_ASSERT_EQUAL(kmp_ports_find_link(dir, real, out, sizeof out), 1);
	CU_ASSERT_STRING_EQUAL(out, lnk);
	CU_ASSERT_EQUAL(kmp_ports_find_link(dir, other, out, sizeof out), 0);
	CU_ASSERT_STRING_EQUAL(out, "");
	/* too small for the name: not found rather than cut short */
	char small[8];
	CU_ASSERT_EQUAL(kmp_ports_find_link(dir, real, small, sizeof small), 0);
	CU_ASSERT_EQUAL(kmp_ports_find_link("/nonexistent/by-id", real, out, sizeof out), 0);

	unlink(lnk);
	unlink(lnk2);
	unlink(target);
	rmdir(dir);
}

static void test_ports_list(void)
{
	kmp_port_info *ports = NULL;
	int n = kmp_ports_list(&ports);
	CU_ASSERT_FATAL(n >= 0);
	CU_ASSERT_PTR_NOT_NULL(ports);
	for (int i = 0; i < n; i++) {
		CU_ASSERT_EQUAL(strncmp(ports[i].path, "/dev/", 5), 0);
		if (!ports[i].is_usb) {
			CU_ASSERT_EQUAL(ports[i].usb_vid, -1);
			CU_ASSERT_EQUAL(ports[i].usb_pid, -1);
		}
		if (ports[i].by_id[0])
			CU_ASSERT_EQUAL(strncmp(ports[i].by_id, "/dev/serial/by-id/", 18), 0);
	}
	free(ports);
	CU_ASSERT_EQUAL(kmp_ports_list(NULL), KMP_ERR_ARG);
}

TEST_SUITE(link_ports_suite)
{
	CU_pSuite s = CU_add_suite("link_ports", NULL, NULL);
	TEST_ADD(s, test_find_link);
	TEST_ADD(s, test_ports_list);
}
