/* meter_id.h - who the meter is (GetType, GetSerialNo), asked once before
 * a recording so the files can say which meter they hold. */
#ifndef APP_METER_ID_H
#define APP_METER_ID_H

#include <stdint.h>

#include "app/session.h"
#include "kmp/msg.h"

typedef struct app_meter_id {
	int have_type;
	kmp_type type;
	int have_serial;
	uint32_t serial;
} app_meter_id;

/* Ask GetType, then GetSerialNo, each up to retries + 1 times, on the
 * session's loop.  A meter that does not answer one of them is no error
 * (the field stays unknown).  Returns APP_LOOP_DONE, or how the loop ended
 * (interrupted). */
int app_meter_id_read(app_session *s, unsigned retries, app_meter_id *id);

#endif
