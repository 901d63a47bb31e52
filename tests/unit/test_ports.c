/* test_ports.c - port listing: the by-id lookup against a fake by-id
 * directory, and kmp_ports_list over libserialport's enumeration played
 * back by a stand-in (sp_ports_standin.c), so it is checked the same on a
 * machine with no serial port at all. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kmp/error.h"
#include "link/ports.h"
#include "sp_ports_standin.h"
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

/* A fake machine: ROOT/dev/{ttyUSB7,ttyUSB9,ttyS4} and a udev-like
 * ROOT/by-id holding a stable name for ttyUSB7 only. */
typedef struct fake_tree {
	char root[64], by_id[80], usb7[96], usb9[96], s4[96], link[160];
} fake_tree;

static void tree_make(fake_tree *t)
{
	char dev[72];
	snprintf(t->root, sizeof t->root, "/tmp/kmpterm-ports-XXXXXX");
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(t->root));
	snprintf(dev, sizeof dev, "%s/dev", t->root);
	snprintf(t->by_id, sizeof t->by_id, "%s/by-id", t->root);
	CU_ASSERT_EQUAL_FATAL(mkdir(dev, 0700), 0);
	CU_ASSERT_EQUAL_FATAL(mkdir(t->by_id, 0700), 0);
	snprintf(t->usb7, sizeof t->usb7, "%s/ttyUSB7", dev);
	snprintf(t->usb9, sizeof t->usb9, "%s/ttyUSB9", dev);
	snprintf(t->s4, sizeof t->s4, "%s/ttyS4", dev);
	const char *files[] = {t->usb7, t->usb9, t->s4};
	for (size_t i = 0; i < 3; i++) {
		FILE *f = fopen(files[i], "w");
		CU_ASSERT_PTR_NOT_NULL_FATAL(f);
		fclose(f);
	}
	snprintf(t->link, sizeof t->link, "%s/usb-Kamstrup_Optical_Eye_K1234-if00-port0", t->by_id);
	CU_ASSERT_EQUAL_FATAL(symlink("../dev/ttyUSB7", t->link), 0);
}

static void tree_remove(fake_tree *t)
{
	char dev[72];
	unlink(t->link);
	unlink(t->usb7);
	unlink(t->usb9);
	unlink(t->s4);
	snprintf(dev, sizeof dev, "%s/dev", t->root);
	rmdir(dev);
	rmdir(t->by_id);
	rmdir(t->root);
}

static void test_ports_list_fields(void)
{
	fake_tree t;
	tree_make(&t);
	sp_standin_port ports[] = {
	        {.name = t.usb7,
	         .description = "Optical Eye",
	         .transport = SP_TRANSPORT_USB,
	         .vid_pid_ok = 1,
	         .vid = 0x0403,
	         .pid = 0x6001,
	         .manufacturer = "Kamstrup",
	         .product = "Optical Eye",
	         .serial = "K1234"},
	        /* a USB port whose strings libserialport could not read */
	        {.name = t.usb9, .transport = SP_TRANSPORT_USB},
	        /* a built-in UART: never USB details, whatever else is known */
	        {.name = t.s4,
	         .description = "ttyS4",
	         .transport = SP_TRANSPORT_NATIVE,
	         .vid_pid_ok = 1,
	         .vid = 1,
	         .pid = 2,
	         .manufacturer = "not USB"},
	};
	sp_standin_ports_set(ports, 3, SP_OK);

	kmp_port_info *p = NULL;
	CU_ASSERT_EQUAL_FATAL(kmp_ports_list_in(t.by_id, &p), 3);
	CU_ASSERT_EQUAL(sp_standin_lists_open(), 0); /* libserialport's list freed */

	CU_ASSERT_STRING_EQUAL(p[0].path, t.usb7);
	CU_ASSERT_STRING_EQUAL(p[0].description, "Optical Eye");
	CU_ASSERT_EQUAL(p[0].is_usb, 1);
	CU_ASSERT_EQUAL(p[0].usb_vid, 0x0403);
	CU_ASSERT_EQUAL(p[0].usb_pid, 0x6001);
	CU_ASSERT_STRING_EQUAL(p[0].manufacturer, "Kamstrup");
	CU_ASSERT_STRING_EQUAL(p[0].product, "Optical Eye");
	CU_ASSERT_STRING_EQUAL(p[0].serial, "K1234");
	CU_ASSERT_STRING_EQUAL(p[0].by_id, t.link); /* the name to configure */

	CU_ASSERT_STRING_EQUAL(p[1].path, t.usb9);
	CU_ASSERT_EQUAL(p[1].is_usb, 1);
	CU_ASSERT_EQUAL(p[1].usb_vid, -1); /* unknown, not 0 */
	CU_ASSERT_EQUAL(p[1].usb_pid, -1);
	CU_ASSERT_STRING_EQUAL(p[1].description, ""); /* NULL from the library */
	CU_ASSERT_STRING_EQUAL(p[1].manufacturer, "");
	CU_ASSERT_STRING_EQUAL(p[1].product, "");
	CU_ASSERT_STRING_EQUAL(p[1].serial, "");
	CU_ASSERT_STRING_EQUAL(p[1].by_id, ""); /* no stable name for it */

	CU_ASSERT_STRING_EQUAL(p[2].path, t.s4);
	CU_ASSERT_EQUAL(p[2].is_usb, 0);
	CU_ASSERT_EQUAL(p[2].usb_vid, -1);
	CU_ASSERT_EQUAL(p[2].usb_pid, -1);
	CU_ASSERT_STRING_EQUAL(p[2].manufacturer, "");
	CU_ASSERT_STRING_EQUAL(p[2].by_id, "");
	free(p);

	/* the default by-id directory is the system's: the fake port has no
	 * stable name there */
	CU_ASSERT_EQUAL_FATAL(kmp_ports_list(&p), 3);
	CU_ASSERT_STRING_EQUAL(p[0].path, t.usb7);
	CU_ASSERT_STRING_EQUAL(p[0].by_id, "");
	free(p);

	/* the head unplugged: the by-id link dangles, the port is gone */
	sp_standin_ports_set(ports + 2, 1, SP_OK);
	CU_ASSERT_EQUAL_FATAL(kmp_ports_list_in(t.by_id, &p), 1);
	CU_ASSERT_STRING_EQUAL(p[0].path, t.s4);
	free(p);

	sp_standin_ports_set(NULL, 0, SP_OK);
	tree_remove(&t);
}

static void test_ports_list_none(void)
{
	sp_standin_ports_set(NULL, 0, SP_OK);
	kmp_port_info *p = NULL;
	CU_ASSERT_EQUAL(kmp_ports_list(&p), 0);
	/* an array even when empty, so NULL always means failure */
	CU_ASSERT_PTR_NOT_NULL(p);
	free(p);
	CU_ASSERT_EQUAL(sp_standin_lists_open(), 0);
}

static void test_ports_list_errors(void)
{
	kmp_port_info *p = (kmp_port_info *)&p;
	sp_standin_ports_set(NULL, 0, SP_ERR_MEM);
	CU_ASSERT_EQUAL(kmp_ports_list(&p), KMP_ERR_NOMEM);
	CU_ASSERT_PTR_NULL(p);
	sp_standin_ports_set(NULL, 0, SP_ERR_FAIL);
	CU_ASSERT_EQUAL(kmp_ports_list(&p), KMP_ERR_IO);
	CU_ASSERT_PTR_NULL(p);
	sp_standin_ports_set(NULL, 0, SP_OK);
	CU_ASSERT_EQUAL(kmp_ports_list(NULL), KMP_ERR_ARG);
	CU_ASSERT_EQUAL(kmp_ports_list_in("/nonexistent", NULL), KMP_ERR_ARG);
}

TEST_SUITE(link_ports_suite)
{
	CU_pSuite s = CU_add_suite("link_ports", NULL, NULL);
	TEST_ADD(s, test_find_link);
	TEST_ADD(s, test_ports_list_fields);
	TEST_ADD(s, test_ports_list_none);
	TEST_ADD(s, test_ports_list_errors);
}
