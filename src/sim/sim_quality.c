/* sim_quality.c - head alignment: position to quality, the quality file. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sim/sim.h"

int kmpsim_quality_from_position(int x, int y)
{
	const long w2 = (long)KMPSIM_HEAD_WINDOW * KMPSIM_HEAD_WINDOW;
	if (x <= -KMPSIM_HEAD_WINDOW || x >= KMPSIM_HEAD_WINDOW || y <= -KMPSIM_HEAD_WINDOW ||
	    y >= KMPSIM_HEAD_WINDOW)
		return 0; /* also keeps x*x from overflowing */
	long d2 = (long)x * x + (long)y * y;
	if (d2 <= 1)
		return 100; /* the light cone is wider than one step */
	if (d2 >= w2)
		return 0;
	/* square falloff: gentle near the sweet spot, steep at the rim */
	return (int)(100 - 100 * d2 / w2);
}

int kmpsim_quality_parse(const char *text, size_t n, int *quality)
{
	size_t i = 0;
	int v = 0, digits = 0;
	while (i < n && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r'))
		i++;
	for (; i < n && text[i] >= '0' && text[i] <= '9'; i++) {
		v = v * 10 + (text[i] - '0');
		if (++digits > 3)
			return KMP_ERR_BAD_INPUT;
	}
	while (i < n && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r'))
		i++;
	if (!digits || i != n || v > 100)
		return KMP_ERR_BAD_INPUT;
	*quality = v;
	return KMP_OK;
}

int kmpsim_quality_write(const char *path, int quality)
{
	char tmp[4096];
	if (quality < 0)
		quality = 0;
	if (quality > 100)
		quality = 100;
	if (snprintf(tmp, sizeof tmp, "%s.%ld.tmp", path, (long)getpid()) >= (int)sizeof tmp) {
		errno = ENAMETOOLONG;
		return KMP_ERR_IO;
	}
	FILE *fp = fopen(tmp, "w");
	if (!fp)
		return KMP_ERR_IO;
	int ok = fprintf(fp, "%d\n", quality) > 0;
	ok = (fclose(fp) == 0) && ok;
	/* rename() is atomic: a reader sees the old number or the new one */
	if (!ok || rename(tmp, path) < 0) {
		int e = errno;
		unlink(tmp);
		errno = e;
		return KMP_ERR_IO;
	}
	return KMP_OK;
}
