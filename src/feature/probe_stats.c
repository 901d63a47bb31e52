/* probe_stats.c - the pure half of the prober: per-probe summaries, the
 * classifier, statistics and hints (see prober.h).  No I/O, no clock. */
#include <string.h>

#include "feature/prober.h"
#include "kmp/error.h"
#include "kmp/rx.h"

/* ---- summaries ----------------------------------------------------------- */

void kmp_probe_summary_from_result(kmp_probe_summary *s, const kmp_result *r)
{
	memset(s, 0, sizeof *s);
	s->status = r->status;
	s->echoes = r->echoes;
	s->garbage = r->garbage;
	s->replies = r->frame ? 1 : 0;
	s->reply_started = r->reply_started || r->frame != NULL;
	s->latency_us = r->latency_us;
	s->sent_us = r->sent_us;
	s->done_us = r->done_us;
}

typedef struct replay {
	kmp_probe_summary *s;
	const kmp_request *req;
	uint8_t cid, addr;
	int ended; /* a reply frame ended the exchange */
	kmp_msg msg;
} replay;

static void replay_rx(void *ctx, const kmp_rx_event *ev)
{
	replay *rp = ctx;
	kmp_probe_summary *s = rp->s;
	if (rp->ended)
		return; /* after the reply: the client has moved on */
	switch (ev->kind) {
	case KMP_RX_FRAME: {
		/* the reply: its check decides, as in the client's on_reply */
		kmp_err status = (kmp_err)ev->frame->status;
		if (status == KMP_OK) {
			status = (kmp_err)kmp_msg_decode(ev->frame, rp->cid, &rp->msg);
			if (status == KMP_OK)
				status = kmp_reply_check(rp->req, rp->addr, &rp->msg);
		}
		s->status = status;
		s->replies = 1;
		s->reply_started = 1;
		rp->ended = 1;
		break;
	}
	case KMP_RX_ECHO:
		s->echoes++;
		break;
	case KMP_RX_GARBAGE:
	case KMP_RX_PARTIAL:
		if (ev->raw_len && ev->raw[0] == KMP_START_REPLY)
			s->reply_started = 1;
		s->garbage++;
		break;
	case KMP_RX_ACK:  /* not expected (we send no writes): not counted, as in the client */
	case KMP_RX_ZERO: /* the meter's lone 00 (protocol notes, "Physical layer") */
		break;
	}
}

kmp_err kmp_probe_summary_replay(const kmp_request *req, uint8_t addr, const uint8_t *rx, size_t n,
                                 kmp_probe_summary *s)
{
	replay rp;
	kmp_rx r;
	if (!req || !s || (n && !rx))
		return KMP_ERR_ARG;
	memset(s, 0, sizeof *s);
	memset(&rp, 0, sizeof rp);
	rp.s = s;
	rp.req = req;
	rp.cid = req->cid;
	rp.addr = addr;
	kmp_rx_init(&r, replay_rx, &rp);
	kmp_rx_feed(&r, rx, n);
	kmp_rx_flush(&r); /* the line went quiet */
	if (!rp.ended) {
		/* the client's timeout verdict (client.c check_timers) */
		s->status = s->reply_started ? KMP_ERR_PARTIAL
		            : s->garbage     ? KMP_ERR_GARBAGE
		            : s->echoes      ? KMP_ERR_ECHO_ONLY
		                             : KMP_ERR_TIMEOUT;
	}
	return KMP_OK;
}

kmp_probe_class kmp_probe_classify(const kmp_probe_summary *s)
{
	switch (s->status) {
	case KMP_OK:
		return KMP_PROBE_OK;
	case KMP_ERR_CLOSED:
	case KMP_ERR_IO:
		return KMP_PROBE_LINK_LOST;
	case KMP_ERR_CRC:
	case KMP_ERR_STUFFING:
	case KMP_ERR_FRAMING:
	case KMP_ERR_LENGTH:
	case KMP_ERR_RANGE:
	case KMP_ERR_CID:
	case KMP_ERR_DATA:
	case KMP_ERR_PARTIAL:
	case KMP_ERR_WRONG_ADDR:
	case KMP_ERR_UNASKED:
	case KMP_ERR_DUPLICATE:
	case KMP_ERR_EARLY:
		return KMP_PROBE_NOISY;
	case KMP_ERR_LINE_BUSY:
		/* never sent: bytes kept coming that were no answer of ours */
		return KMP_PROBE_GARBAGE;
	default:
		break;
	}
	/* timeouts: say what did arrive */
	if (s->replies || s->reply_started)
		return KMP_PROBE_NOISY;
	if (s->garbage || s->status == KMP_ERR_GARBAGE)
		return KMP_PROBE_GARBAGE;
	if (s->echoes || s->status == KMP_ERR_ECHO_ONLY)
		return KMP_PROBE_ECHO_ONLY;
	return KMP_PROBE_SILENT;
}

const char *kmp_probe_class_name(kmp_probe_class c)
{
	switch (c) {
	case KMP_PROBE_OK:
		return "OK";
	case KMP_PROBE_ECHO_ONLY:
		return "ECHO ONLY";
	case KMP_PROBE_SILENT:
		return "SILENT";
	case KMP_PROBE_NOISY:
		return "NOISY";
	case KMP_PROBE_GARBAGE:
		return "GARBAGE";
	case KMP_PROBE_LINK_LOST:
		return "LINK LOST";
	}
	return "?";
}

const char *kmp_probe_class_key(kmp_probe_class c)
{
	switch (c) {
	case KMP_PROBE_OK:
		return "ok";
	case KMP_PROBE_ECHO_ONLY:
		return "echo_only";
	case KMP_PROBE_SILENT:
		return "silent";
	case KMP_PROBE_NOISY:
		return "noisy";
	case KMP_PROBE_GARBAGE:
		return "garbage";
	case KMP_PROBE_LINK_LOST:
		return "link_lost";
	}
	return "?";
}

/* ---- bands and hints ----------------------------------------------------- */

kmp_probe_band kmp_probe_band_of(double rate)
{
	if (rate < 0)
		return KMP_BAND_NONE;
	if (rate < KMP_PROBE_FAIR_FROM)
		return KMP_BAND_BAD;
	if (rate < KMP_PROBE_GOOD_FROM)
		return KMP_BAND_FAIR;
	return KMP_BAND_GOOD;
}

const char *kmp_probe_band_name(kmp_probe_band b)
{
	switch (b) {
	case KMP_BAND_NONE:
		return "-";
	case KMP_BAND_BAD:
		return "bad";
	case KMP_BAND_FAIR:
		return "fair";
	case KMP_BAND_GOOD:
		return "good";
	}
	return "?";
}

/* Hints per situation, most likely cause first (docs/alignment.md). */
static const char *const hints_none[] = {"probing the meter..."};
static const char *const hints_good[] = {"aligned: leave the head where it is"};
static const char *const hints_almost[] = {
        "some replies get through: move the head slowly, usually a little lower, until the rate "
        "stays above 90 %",
        "some replies get through: turn the head on its magnets so it sits flat and centred on the "
        "optical window",
};
static const char *const hints_echo[] = {
        "only the head's own echo comes back: press a button on the meter to wake its optical port",
        "still only the echo: on a MULTICAL 403 the head usually sits upside down; turn it over",
        "still only the echo: move the head lower over the optical window",
};
static const char *const hints_silent[] = {
        "nothing comes back: press a button on the meter to wake its optical port",
        /* clang-format off */
        "still nothing, not even an echo: check the head is plugged in and the device is right (kmpterm ports)",
        /* clang-format on */
        "still nothing: turn the head on its magnets until it sits over the optical window",
};
static const char *const hints_noisy[] = {
        "replies arrive damaged: the head is partly aligned; move it slowly, usually lower",
        /* clang-format off */
        "replies arrive damaged: turn the head on its magnets so it sits flat; shade it from bright light",
        /* clang-format on */
};
static const char *const hints_garbage[] = {
        /* clang-format off */
        "bytes arrive that are no KMP frame: shade the head from bright light and turn it on its magnets",
        /* clang-format on */
        "still no frames: check the line settings (1200 8N2; 382 electricity meters use -b 9600); "
        "MULTICAL 401/66C/III do not speak KMP",
};

static const char *const *hint_list(kmp_probe_class c, kmp_probe_band b, unsigned *n)
{
	const char *const *l;
	size_t len;
	switch (c) {
	case KMP_PROBE_OK:
		if (b == KMP_BAND_GOOD) {
			l = hints_good;
			len = sizeof hints_good / sizeof hints_good[0];
		} else {
			l = hints_almost;
			len = sizeof hints_almost / sizeof hints_almost[0];
		}
		break;
	case KMP_PROBE_ECHO_ONLY:
		l = hints_echo;
		len = sizeof hints_echo / sizeof hints_echo[0];
		break;
	case KMP_PROBE_SILENT:
		l = hints_silent;
		len = sizeof hints_silent / sizeof hints_silent[0];
		break;
	case KMP_PROBE_NOISY:
		l = hints_noisy;
		len = sizeof hints_noisy / sizeof hints_noisy[0];
		break;
	case KMP_PROBE_GARBAGE:
		l = hints_garbage;
		len = sizeof hints_garbage / sizeof hints_garbage[0];
		break;
	default:
		l = hints_none;
		len = 1;
		break;
	}
	*n = (unsigned)len;
	return l;
}

unsigned kmp_probe_hint_count(kmp_probe_class c, kmp_probe_band b)
{
	unsigned n;
	hint_list(c, b, &n);
	return n;
}

const char *kmp_probe_hint(kmp_probe_class c, kmp_probe_band b, unsigned step)
{
	unsigned n;
	const char *const *l = hint_list(c, b, &n);
	return l[step % n];
}

/* ---- statistics ---------------------------------------------------------- */

void kmp_probe_stats_init(kmp_probe_stats *s, uint64_t start_us)
{
	memset(s, 0, sizeof *s);
	s->start_us = start_us;
	s->ewma = -1;
	s->best = -1;
	for (size_t i = 0; i < KMP_PROBE_HISTORY_S; i++)
		s->hist[i].second = -1;
}

static const kmp_probe_record *nth_newest(const kmp_probe_stats *s, size_t k)
{
	/* k = 0 is the newest; caller keeps k < ring_len */
	size_t i = (s->ring_next + KMP_PROBE_RING - 1 - k) % KMP_PROBE_RING;
	return &s->ring[i];
}

static double rate_last_n(const kmp_probe_stats *s, unsigned *n_out)
{
	size_t n = s->ring_len < KMP_PROBE_WINDOW_N ? s->ring_len : KMP_PROBE_WINDOW_N;
	unsigned ok = 0;
	for (size_t k = 0; k < n; k++)
		ok += nth_newest(s, k)->cls == KMP_PROBE_OK;
	*n_out = (unsigned)n;
	return n ? (double)ok / (double)n : -1;
}

static int64_t second_of(const kmp_probe_stats *s, uint64_t t_us)
{
	return t_us <= s->start_us ? 0 : (int64_t)((t_us - s->start_us) / 1000000u);
}

void kmp_probe_stats_add(kmp_probe_stats *s, const kmp_probe_summary *sum, kmp_probe_class c)
{
	if ((unsigned)c >= KMP_PROBE_NCLASS)
		return; /* LINK_LOST: no verdict on the alignment */
	int ok = c == KMP_PROBE_OK;
	if (s->total == 0)
		s->first_sent_us = sum->sent_us ? sum->sent_us : sum->done_us;
	s->total++;
	s->count[c]++;
	s->last_done_us = sum->done_us;

	kmp_probe_record *r = &s->ring[s->ring_next];
	r->done_us = sum->done_us;
	r->latency_us = sum->latency_us > UINT32_MAX ? UINT32_MAX : (uint32_t)sum->latency_us;
	r->cls = (uint8_t)c;
	s->ring_next = (s->ring_next + 1) % KMP_PROBE_RING;
	if (s->ring_len < KMP_PROBE_RING)
		s->ring_len++;

	s->ewma =
	        s->ewma < 0 ? ok : KMP_PROBE_EWMA_ALPHA * ok + (1 - KMP_PROBE_EWMA_ALPHA) * s->ewma;

	unsigned n;
	double rate = rate_last_n(s, &n);
	if (n >= KMP_PROBE_BEST_MIN && rate > s->best) {
		s->best = rate;
		s->best_us = sum->done_us;
	}

	if (s->total > 1 && c == s->last) {
		s->streak++;
	} else {
		s->last = c;
		s->streak = 1;
		s->streak_us = sum->done_us;
	}

	if (ok) {
		/* latency in whole ms, rounded; the median is read from this */
		uint64_t ms = (sum->latency_us + 500) / 1000;
		s->lat_hist[ms > KMP_PROBE_LAT_MS_MAX ? KMP_PROBE_LAT_MS_MAX : ms]++;
		s->lat_n++;
	}

	int64_t sec = second_of(s, sum->done_us);
	kmp_probe_bucket *b = &s->hist[sec % KMP_PROBE_HISTORY_S];
	if (b->second != sec) {
		b->second = sec;
		b->ok = b->total = 0;
	}
	b->total++;
	b->ok += (unsigned)ok;
}

static double median_ms(const kmp_probe_stats *s)
{
	if (!s->lat_n)
		return -1;
	/* the middle value; for an even count the mean of the two middle ones */
	unsigned long lo_rank = (s->lat_n + 1) / 2, hi_rank = s->lat_n / 2 + 1;
	unsigned long seen = 0;
	long lo = -1;
	for (long ms = 0; ms <= KMP_PROBE_LAT_MS_MAX; ms++) {
		seen += s->lat_hist[ms];
		if (lo < 0 && seen >= lo_rank)
			lo = ms;
		if (seen >= hi_rank)
			return (lo + ms) / 2.0;
	}
	return lo; /* not reached: hi_rank <= lat_n */
}

void kmp_probe_stats_snapshot(const kmp_probe_stats *s, uint64_t now_us, kmp_probe_snapshot *out)
{
	memset(out, 0, sizeof *out);
	out->total = s->total;
	memcpy(out->count, s->count, sizeof out->count);
	out->rate_last_n = rate_last_n(s, &out->n_last);
	out->ewma = s->ewma;
	out->best = s->best;
	out->best_us = s->best_us;
	out->latency_ms_median = median_ms(s);
	out->band = kmp_probe_band_of(s->ewma);

	/* the last 5 s: probes that finished in (now - 5 s, now] */
	uint64_t from = now_us > KMP_PROBE_WINDOW_US ? now_us - KMP_PROBE_WINDOW_US : 0;
	unsigned ok = 0, n = 0;
	for (size_t k = 0; k < s->ring_len; k++) {
		const kmp_probe_record *r = nth_newest(s, k);
		if (r->done_us <= from)
			break;
		if (r->done_us > now_us)
			continue;
		n++;
		ok += r->cls == KMP_PROBE_OK;
	}
	out->n_window = n;
	out->rate_window = n ? (double)ok / n : -1;
	uint64_t span = now_us > s->start_us ? now_us - s->start_us : 0;
	if (span > KMP_PROBE_WINDOW_US)
		span = KMP_PROBE_WINDOW_US;
	out->probes_per_s = span ? n * 1e6 / (double)span : 0;

	out->has_last = s->total > 0;
	if (out->has_last) {
		out->last = s->last;
		out->streak = s->streak;
		out->streak_age_us = now_us > s->streak_us ? now_us - s->streak_us : 0;
		unsigned step = (unsigned)(out->streak_age_us / KMP_PROBE_HINT_PERIOD_US);
		if (s->last != KMP_PROBE_OK && out->rate_window > 0)
			/* replies got through a moment ago: partly aligned, not
			 * asleep; the advice must not flip with every lost reply */
			out->hint = kmp_probe_hint(KMP_PROBE_OK,
			                           kmp_probe_band_of(out->rate_window), step);
		else
			out->hint = kmp_probe_hint(s->last, out->band, step);
	} else {
		out->hint = kmp_probe_hint(KMP_PROBE_LINK_LOST, KMP_BAND_NONE, 0);
	}

	int64_t now_sec = second_of(s, now_us);
	for (int i = 0; i < KMP_PROBE_HISTORY_S; i++) {
		int64_t sec = now_sec - (KMP_PROBE_HISTORY_S - 1) + i;
		if (sec < 0)
			continue;
		out->history[i].valid = 1;
		const kmp_probe_bucket *b = &s->hist[sec % KMP_PROBE_HISTORY_S];
		if (b->second == sec) {
			out->history[i].ok = b->ok;
			out->history[i].total = b->total;
		}
	}
}

double kmp_probe_stats_run_rate(const kmp_probe_stats *s)
{
	if (!s->total || s->last_done_us <= s->first_sent_us)
		return 0;
	return s->total * 1e6 / (double)(s->last_done_us - s->first_sent_us);
}
