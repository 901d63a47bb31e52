/* sim_history_open.c - the simulator's loggers as its options ask for
 * them: anchored at --logger-time or at the local time of the start, none
 * for a --map meter; and --dump-logger, which prints them. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "kmp/error.h"
#include "sim/sim.h"
#include "sim/sim_history_open.h"
#include "sim/sim_logger.h"

int kmpsim_profile_loggers(const kmpsim_profile *p)
{
	return p == kmpsim_profile_default() || p->family == KMP_FAMILY_HEAT_X03 ||
	       p->module_address != 0;
}

int kmpsim_history_open(const kmpsim_config *c, kmpsim_history *h, char *err, size_t cap)
{
	kmpsim_when w;
	if (c->logger_time) {
		if (kmpsim_when_parse(c->logger_time, &w) != KMP_OK) {
			snprintf(err, cap, "--logger-time: '%s' is not a date", c->logger_time);
			return KMP_ERR_BAD_INPUT;
		}
	} else {
		time_t now = time(NULL);
		struct tm lt;
		if (!localtime_r(&now, &lt)) {
			snprintf(err, cap, "the local time is unknown");
			return KMP_ERR_IO;
		}
		w = (kmpsim_when){lt.tm_year + 1900, lt.tm_mon + 1,
		                  lt.tm_mday,        lt.tm_hour,
		                  lt.tm_min,         lt.tm_sec < 60 ? lt.tm_sec : 59};
	}
	if (kmpsim_history_init(h, &w) != KMP_OK) {
		snprintf(err, cap,
		         "the loggers need a date in 2005..2099, not %04d-%02d-%02d (use "
		         "--logger-time)",
		         w.year, w.month, w.day);
		return KMP_ERR_BAD_INPUT;
	}
	return KMP_OK;
}

int kmpsim_dump_logger(const kmpsim_config *c, FILE *out, char *err, size_t cap)
{
	static kmpsim_history h;
	const kmpsim_profile *p =
	        c->profile ? kmpsim_profile_find(c->profile) : kmpsim_profile_default();
	if (c->map) {
		snprintf(err, cap, "--dump-logger: a --map meter has no loggers");
		return KMP_ERR_BAD_INPUT;
	}
	if (!p || !kmpsim_profile_loggers(p)) {
		snprintf(err, cap, "--dump-logger: the %s meter keeps no loggers",
		         p ? p->name : "unknown");
		return KMP_ERR_BAD_INPUT;
	}
	int rc = kmpsim_history_open(c, &h, err, cap);
	if (rc != KMP_OK)
		return rc;
	const kmpsim_logger *lg =
	        kmpsim_history_logger_named(&h, c->dump_logger ? c->dump_logger : "");
	if (!lg) {
		snprintf(err, cap, "--dump-logger: no logger named '%s'",
		         c->dump_logger ? c->dump_logger : "");
		return KMP_ERR_BAD_INPUT;
	}
	if (kmpsim_history_dump(&h, lg, out) != KMP_OK) {
		snprintf(err, cap, "cannot write the logger: output error");
		return KMP_ERR_IO;
	}
	return KMP_OK;
}
