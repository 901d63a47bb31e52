/* sim_info.c - info-code flags by name (see sim_info.h). */
#include <stdio.h>
#include <string.h>

#include "kmp/infocodes.h"
#include "sim/sim_info.h"

#define NAME_MAX_LEN 48

/* Does value (in a register of len bytes) decode to exactly the flag? */
static int is_flag(const kmpsim_info_reg *r, uint32_t value, uint8_t len, const char *name)
{
	kmp_value v;
	kmp_flag f[KMP_FLAGS_MAX];
	if (kmpsim_value_int(&v, len, value, 0, 0) != KMP_OK)
		return 0;
	int n = kmp_info_flags(r->family, r->id, &v, f, KMP_FLAGS_MAX);
	return n == 1 && f[0].known && !strcmp(f[0].name, name);
}

static const uint32_t place[8] = {10000000, 1000000, 100000, 10000, 1000, 100, 10, 1};

/* Add flag name to *acc; 1 when this register names it, 0 when not, -1 on
 * a digit conflict (err filled). */
static int add_flag(const kmpsim_info_reg *r, uint8_t len, const char *name, uint32_t *acc,
                    char *err, size_t cap)
{
	if (r->kind == KMPSIM_INFO_BITS) {
		unsigned width = len >= 4 ? 32 : 8u * len;
		for (unsigned b = 0; b < width; b++) {
			if (is_flag(r, 1u << b, len, name)) {
				*acc |= 1u << b;
				return 1;
			}
		}
		return 0;
	}
	for (unsigned d = 0; d < 8; d++) {
		for (uint32_t c = 1; c <= 9; c++) {
			if (!is_flag(r, c * place[d], len, name))
				continue;
			uint32_t now = *acc / place[d] % 10;
			if (now && now != c) {
				snprintf(err, cap,
				         "--info: '%s' needs display digit %u of register %u, "
				         "which another flag already uses",
				         name, d + 1, (unsigned)r->id);
				return -1;
			}
			*acc += (c - now) * place[d];
			return 1;
		}
	}
	return 0;
}

static const char *resolve(const kmpsim_profile *p, const char *name, char *err, size_t cap)
{
	if (!strcmp(name, "leak")) {
		if (!p->leak_flag)
			snprintf(err, cap, "--info: the %s profile's info registers name no leak",
			         p->name);
		return p->leak_flag;
	}
	if (!strcmp(name, "sensor-error")) {
		if (!p->sensor_flag)
			snprintf(err, cap,
			         "--info: the %s profile's info registers name no sensor error",
			         p->name);
		return p->sensor_flag;
	}
	return name;
}

int kmpsim_info_apply(const kmpsim_profile *p, const char *list, kmpsim_meter *m, char *err,
                      size_t cap)
{
	uint32_t acc[KMPSIM_PROFILE_INFO_MAX] = {0};
	if (p->n_info == 0) {
		snprintf(err, cap, "--info: the %s profile has no info-code register%s", p->name,
		         p == kmpsim_profile_default() ? " (choose a meter with --profile)" : "");
		return KMP_ERR_BAD_INPUT;
	}
	const char *s = list;
	while (*s) {
		char name[NAME_MAX_LEN];
		size_t n = strcspn(s, ",");
		while (n && (*s == ' ')) {
			s++;
			n--;
		}
		size_t k = n;
		while (k && s[k - 1] == ' ')
			k--;
		if (k == 0 || k >= sizeof name) {
			snprintf(err, cap, "--info: '%.*s' is not a flag name", (int)(k ? k : n),
			         s);
			return KMP_ERR_BAD_INPUT;
		}
		memcpy(name, s, k);
		name[k] = '\0';
		s += n;
		if (*s == ',')
			s++;
		if (!strcmp(name, "none"))
			continue;
		const char *flag = resolve(p, name, err, cap);
		if (!flag)
			return KMP_ERR_BAD_INPUT;
		int found = 0;
		for (size_t i = 0; i < p->n_info; i++) {
			const kmpsim_regdef *d = kmpsim_meter_regdef(m, p->info[i].id);
			uint8_t len = d ? d->len : 4;
			int rc = add_flag(&p->info[i], len, flag, &acc[i], err, cap);
			if (rc < 0)
				return KMP_ERR_BAD_INPUT;
			found |= rc;
		}
		if (!found) {
			snprintf(err, cap,
			         "--info: '%s' is not a flag the %s profile's info registers name "
			         "(see kmpsim(1), --info)",
			         flag, p->name);
			return KMP_ERR_BAD_INPUT;
		}
	}
	for (size_t i = 0; i < p->n_info; i++)
		kmpsim_meter_set_info(m, p->info[i].id, acc[i]);
	return KMP_OK;
}
