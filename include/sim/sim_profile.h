/* sim_profile.h - the meters kmpsim can play (--profile NAME).
 *
 * A profile is everything that makes one kind of meter: its protocol and
 * line settings, its GetType answer, serial number, registers, info-code
 * registers, extra KMP addresses and how soon its optical port sleeps.
 * Without --profile kmpsim plays the MULTICAL 403-like meter it always has
 * ("default"), with the line model off (it answers at any settings), so
 * that nothing written against it changes.
 *
 * GetType codes: the vendor's description 5512-447 publishes 0001, 0004
 * and 0005 for the MULTICAL 601 family (and 09xx for top modules); the
 * others here are made up and the man page says so. */
#ifndef SIM_SIM_PROFILE_H
#define SIM_SIM_PROFILE_H

#include <stddef.h>
#include <stdint.h>

#include "kmp/family.h"
#include "sim/sim_line.h"
#include "sim/sim_meter.h"

typedef enum kmpsim_protocol {
	KMPSIM_PROTO_KMP,    /* 80 ... 0D requests, 40 ... 0D replies */
	KMPSIM_PROTO_LEGACY, /* MULTICAL 66C: ASCII /#1 at 300 baud, answer at 1200 */
} kmpsim_protocol;

/* How an info-code register holds its flags (infocodes.h). */
typedef enum kmpsim_info_kind {
	KMPSIM_INFO_BITS,   /* one bit per flag */
	KMPSIM_INFO_DIGITS, /* 8 display digits, one code per digit (x03 register 99) */
} kmpsim_info_kind;

typedef struct kmpsim_info_reg {
	uint16_t id;
	kmpsim_info_kind kind;
	kmp_family family; /* whose infocodes table names its flags */
} kmpsim_info_reg;

#define KMPSIM_PROFILE_INFO_MAX 2

typedef struct kmpsim_profile {
	const char *name;  /* "multical403" */
	const char *model; /* "MULTICAL 403 heat meter" */
	kmp_family family;
	kmpsim_protocol protocol;
	int line_model;    /* 1: wrong client settings garble the line (sim_uart.h) */
	kmpsim_line rx;    /* what the meter's receiver expects */
	kmpsim_line tx;    /* what it sends at */
	int latency_ms;    /* from the request's last byte to the answer */
	int sleep_after_s; /* the optical port sleeps this long after the last request
	                    * or button press; 0 never */
	uint8_t address;
	uint16_t meter_type; /* GetType */
	uint8_t sw_letter, sw_number;
	int type_sourced; /* 1: a public source names this meter type code */
	uint32_t serial;
	/* a second address (the 601's logger top module): 0 none */
	uint8_t module_address;
	uint16_t module_type;
	uint8_t module_sw_letter, module_sw_number;
	uint32_t module_serial;
	const kmpsim_regset *regs[KMPSIM_REGSETS_MAX];
	size_t n_regs;
	kmpsim_info_reg info[KMPSIM_PROFILE_INFO_MAX];
	size_t n_info;
	/* --info leak / sensor-error: the family's flag names for them
	 * (NULL: the family's table names none) */
	const char *leak_flag, *sensor_flag;
} kmpsim_profile;

/* The profile called name, or NULL. */
const kmpsim_profile *kmpsim_profile_find(const char *name);
/* The default meter (no --profile). */
const kmpsim_profile *kmpsim_profile_default(void);
/* All profiles, default first: count and i-th. */
size_t kmpsim_profile_count(void);
const kmpsim_profile *kmpsim_profile_at(size_t i);
/* "default, multical403, ..." for messages. */
const char *kmpsim_profile_names(void);

/* A meter as the profile describes it (serial as given, map may be NULL). */
void kmpsim_profile_meter(const kmpsim_profile *p, uint32_t serial, const kmpsim_map *map,
                          kmpsim_meter *m);

#endif
