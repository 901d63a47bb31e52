/* identify_out.c - identify's verdict on standard output (see
 * identify_out.h). */
#include <stdio.h>
#include <string.h>

#include "app/identify_out.h"
#include "app/json.h"
#include "client/trace_fmt.h"
#include "kmp/family.h"
#include "kmp/meter_type.h"
#include "kmp/tables.h"
#include "kmp/value.h"

static const char *parity_word(char p)
{
	return p == 'E' ? "even" : p == 'O' ? "odd" : "none";
}

static void settings_json(FILE *f, const kmp_link_config *l)
{
	fprintf(f, "{\"baud\":%d,\"databits\":%d,\"parity\":\"%s\",\"stopbits\":%d}", l->baud,
	        l->databits, parity_word(l->parity), l->stopbits);
}

static const char *proto_name(kmp_id_protocol p)
{
	return p == KMP_ID_PROTO_LEGACY ? "legacy" : "kmp";
}

void legacy_fields_json(FILE *f, const kmp_legacy_data *d, int *first)
{
	for (size_t i = 0; i < d->n; i++) {
		const kmp_legacy_field *x = &d->f[i];
		fprintf(f, "%s{\"request\":\"/#%c\",\"label\":", *first ? "" : ",", d->request);
		json_str(f, x->label);
		fputs(",\"name\":", f);
		json_str(f, x->name);
		fputs(",\"key\":", f);
		json_str(f, x->key);
		fputs(",\"digits\":", f);
		json_str(f, x->digits);
		/* a code is its digits; a measurement is scaled only where the
		 * programme and the vendor's CCC table fix its decimals */
		int code = x->kind == KMP_LEGACY_CODE;
		fputs(",\"value\":", f);
		json_str(f, x->scaled ? x->value : code ? x->digits : NULL);
		fputs(",\"unit\":", f);
		json_str(f, x->scaled ? x->unit : NULL);
		fprintf(f, ",\"raw\":%s}", x->scaled || code ? "false" : "true");
		*first = 0;
	}
}

void legacy_fields_text(FILE *f, const kmp_legacy_data *d)
{
	for (size_t i = 0; i < d->n; i++) {
		const kmp_legacy_field *x = &d->f[i];
		char label[24];
		snprintf(label, sizeof label, "/#%c %s", d->request, x->label);
		if (x->scaled)
			fprintf(f, "  %-16s %-28s %s %s\n", label, x->name, x->value, x->unit);
		else if (x->kind == KMP_LEGACY_CODE)
			fprintf(f, "  %-16s %-28s %s\n", label, x->name, x->digits);
		else
			fprintf(f, "  %-16s %-28s %s (raw digits: no source fixes the decimals)\n",
			        label, x->name, x->digits);
	}
}

static void type_regs_json(FILE *f, const kmp_identify *id)
{
	char v[KMP_VALUE_TEXT_MAX], name[32];
	fputs(",\"type_registers\":[", f);
	for (size_t i = 0; i < id->n_type_regs; i++) {
		const kmp_id_type_reg *t = &id->type_regs[i];
		kmp_value_text(&t->value, t->unit, v, sizeof v);
		fprintf(f, "%s{\"id\":%u,\"name\":", i ? "," : "", t->id);
		json_str(f, kmp_register_name(id->family, t->id, name, sizeof name));
		fprintf(f, ",\"unit\":%u,\"value\":", t->unit);
		json_str(f, v);
		fputc('}', f);
	}
	fputc(']', f);
}

static void meter_json(FILE *f, const kmp_identify *id)
{
	if (id->verdict == KMP_ID_LEGACY) {
		fputs("{\"type\":null,\"model\":", f);
		json_str(f, kmp_identify_model(id));
		fputs(",\"sw_revision\":null,\"serial\":null,\"customer_number\":", f);
		json_str(f, id->have_legacy2 ? id->legacy2.f[0].digits : NULL);
		fputs(",\"family\":null}", f);
		return;
	}
	if (!id->have_type) {
		fputs("null", f);
		return;
	}
	fprintf(f, "{\"type\":%u,\"type_hex\":\"0x%04X\",\"model\":", id->meter_type,
	        id->meter_type);
	json_str(f, kmp_identify_model(id));
	fputs(",\"sw_revision\":", f);
	json_str(f, id->sw_revision);
	fputs(",\"serial\":", f);
	if (id->have_serial)
		fprintf(f, "%lu", (unsigned long)id->serial);
	else
		fputs("null", f);
	fputs(",\"family\":", f);
	json_str(f, id->family != KMP_FAMILY_UNKNOWN ? kmp_family_key(id->family) : NULL);
	fputs(",\"family_name\":", f);
	json_str(f, id->family != KMP_FAMILY_UNKNOWN ? kmp_family_name(id->family) : NULL);
	fputs(",\"family_from\":", f);
	json_str(f, id->family != KMP_FAMILY_UNKNOWN ? id->family_from : NULL);
	type_regs_json(f, id);
	fputc('}', f);
}

static void legacy_json(FILE *f, const kmp_identify *id)
{
	if (!id->have_legacy1) {
		fputs("null", f);
		return;
	}
	kmp_legacy_config cfg;
	fputs("{\"programme\":", f);
	if (id->have_legacy2 && kmp_legacy_config_get(&id->legacy2, &cfg) == KMP_OK) {
		fprintf(f, "{\"a\":%d,\"b\":%d,\"ccc\":%u,\"energy_unit\":", cfg.a, cfg.b, cfg.ccc);
		json_str(f, kmp_legacy_energy_unit(cfg.b));
		fputc('}', f);
	} else {
		fputs("null", f);
	}
	fprintf(f, ",\"scaled\":%s,\"fields\":[", id->legacy_scaled ? "true" : "false");
	int first = 1;
	legacy_fields_json(f, &id->legacy1, &first);
	if (id->have_legacy2)
		legacy_fields_json(f, &id->legacy2, &first);
	fputs("]}", f);
}

static void tried_json(FILE *f, const kmp_identify *id)
{
	fputc('[', f);
	for (size_t i = 0; i < id->n_tried; i++) {
		const kmp_id_try *t = &id->tried[i];
		fputs(i ? "," : "", f);
		if (t->bridge)
			fputs("{\"baud\":null,\"databits\":null,\"parity\":null,\"stopbits\":null,"
			      "\"bridge\":true",
			      f);
		else
			fprintf(f, "{\"baud\":%d,\"databits\":%d,\"parity\":\"%s\",\"stopbits\":%d",
			        t->line.baud, t->line.databits, parity_word(t->line.parity),
			        t->line.stopbits);
		if (t->protocol == KMP_ID_PROTO_LEGACY)
			fputs(",\"request_baud\":300", f);
		fprintf(f, ",\"protocol\":\"%s\",\"result\":\"%s\",\"echo\":%s}",
		        proto_name(t->protocol), kmp_id_result_name(t->result),
		        t->echo ? "true" : "false");
	}
	fputc(']', f);
}

void identify_print_json(FILE *f, const kmp_identify *id, const char *device)
{
	char text[2048];
	int answered = kmp_identify_answered(id);
	fputs("{\"device\":", f);
	json_str(f, device);
	fprintf(f, ",\"link\":\"%s\"", id->tcp ? "tcp" : "serial");
	fprintf(f, ",\"verdict\":\"%s\",\"protocol\":", kmp_id_verdict_name(id->verdict));
	if (answered)
		fprintf(f, "\"%s\"", proto_name(id->protocol));
	else
		fputs("null", f);
	fputs(",\"settings\":", f);
	if (answered && id->have_settings && !id->tcp)
		settings_json(f, &id->settings);
	else
		fputs("null", f);
	if (answered && id->protocol == KMP_ID_PROTO_LEGACY)
		fputs(",\"request_settings\":{\"baud\":300,\"databits\":7,\"parity\":\"even\","
		      "\"stopbits\":2}",
		      f);
	fprintf(f, ",\"echo\":%s,\"meter\":", id->echo ? "true" : "false");
	meter_json(f, id);
	fputs(",\"legacy\":", f);
	legacy_json(f, id);
	fputs(",\"tried\":", f);
	tried_json(f, id);
	fprintf(f, ",\"heard\":\"%s\",\"heard_text\":", kmp_id_heard_name(id->heard));
	if (id->heard_len)
		json_bytes(f, id->heard_bytes, id->heard_len);
	else
		fputs("null", f);
	fputs(",\"text\":", f);
	if (id->text_seen)
		json_bytes(f, id->text_bytes, id->text_len);
	else
		fputs("null", f);
	fputs(",\"hint\":", f);
	json_str(f, kmp_identify_hint(id, text, sizeof text));
	fputs(",\"config\":", f);
	json_str(f, kmp_identify_config(id, text, sizeof text));
	fputs(",\"ser2net\":", f);
	json_str(f, id->tcp ? kmp_identify_ser2net(id, text, sizeof text) : NULL);
	fprintf(f, ",\"seconds\":%.3f}\n", (double)(id->end_us - id->start_us) / 1e6);
}

void identify_print_text(FILE *f, const kmp_identify *id, const char *device)
{
	char text[2048], line[32], v[KMP_VALUE_TEXT_MAX], name[40];
	fprintf(f, "device      %s%s\n", device, id->tcp ? " (TCP bridge)" : "");
	fprintf(f, "verdict     %s: %s\n", kmp_id_verdict_name(id->verdict),
	        kmp_id_verdict_words(id->verdict));
	if (id->heard != KMP_HEARD_NOTHING) {
		fprintf(f, "heard       %s before anything was sent: %s\n",
		        kmp_id_heard_name(id->heard),
		        kmp_bytes_quoted(id->heard_bytes, id->heard_len, text, 200));
	}
	if (id->text_seen)
		fprintf(f, "text        %s\n",
		        kmp_bytes_quoted(id->text_bytes, id->text_len, text, 200));
	if (kmp_identify_answered(id)) {
		if (id->protocol == KMP_ID_PROTO_LEGACY)
			fprintf(f, "settings    requests at 300 7E2, answers at 1200 7E2\n");
		else if (id->tcp)
			fprintf(f, "settings    the bridge's (they work)\n");
		else
			fprintf(f, "settings    %s\n",
			        kmp_id_line_text(&id->settings, line, sizeof line));
	}
	fprintf(f, "echo        %s\n", id->echo ? "yes: the head echoes what it sends" : "no");
	if (id->have_type) {
		const char *model = kmp_identify_model(id);
		fprintf(f, "meter type  0x%04X (%u)%s%s%s\n", id->meter_type, id->meter_type,
		        model ? ": " : "", model ? model : "",
		        model ? "" : ", a code no public source names");
		fprintf(f, "software    %s\n", id->sw_revision);
		if (id->have_serial)
			fprintf(f, "serial      %lu\n", (unsigned long)id->serial);
		fprintf(f, "family      %s%s%s%s\n",
		        id->family != KMP_FAMILY_UNKNOWN ? kmp_family_name(id->family) : "unknown",
		        id->family_from ? " (from the " : "",
		        id->family_from ? id->family_from : "", id->family_from ? ")" : "");
		for (size_t i = 0; i < id->n_type_regs; i++) {
			const kmp_id_type_reg *t = &id->type_regs[i];
			kmp_value_text(&t->value, t->unit, v, sizeof v);
			fprintf(f, "register    %u %s: %s\n", t->id,
			        kmp_register_name(id->family, t->id, name, sizeof name), v);
		}
	}
	if (id->have_legacy1) {
		fprintf(f, "model       %s\n", kmp_identify_model(id));
		fprintf(f, "data%s\n",
		        id->legacy_scaled ? "" : " (no programme: the digits as sent)");
		legacy_fields_text(f, &id->legacy1);
		if (id->have_legacy2)
			legacy_fields_text(f, &id->legacy2);
	}
	fprintf(f, "tried\n");
	for (size_t i = 0; i < id->n_tried; i++) {
		const kmp_id_try *t = &id->tried[i];
		fprintf(f, "  %-14s %-7s %s%s\n",
		        t->bridge ? "bridge's"
		        : t->protocol == KMP_ID_PROTO_LEGACY
		                ? "300/1200 7E2"
		                : kmp_id_line_text(&t->line, line, sizeof line),
		        proto_name(t->protocol), kmp_id_result_name(t->result),
		        t->echo && t->result != KMP_IDR_ECHO ? " (with echo)" : "");
	}
	fprintf(f, "hint        %s\n", kmp_identify_hint(id, text, sizeof text));
	kmp_identify_config(id, text, sizeof text);
	if (text[0]) {
		fprintf(f, "config      (for ~/.config/kmpterm/config)\n");
		for (char *p = text; *p;) {
			char *nl = strchr(p, '\n');
			size_t n = nl ? (size_t)(nl - p) : strlen(p);
			fprintf(f, "  %.*s\n", (int)n, p);
			p += n + (nl ? 1 : 0);
		}
	}
	if (id->tcp)
		fprintf(f, "ser2net     %s\n", kmp_identify_ser2net(id, text, sizeof text));
	fprintf(f, "time        %.1f s\n", (double)(id->end_us - id->start_us) / 1e6);
}
