/*
 * longdate.c - dates as Dutch and English government text writes them:
 * "1 januari 2024", "1 January 2024", and a period with both ends
 * inclusive: "1 januari 2024 tot en met 31 december 2024",
 * "1 January 2024 to 31 December 2024".  No locale is consulted, so the
 * same date gives the same bytes on every machine.
 */
#include "internal.h"

/* The months' names: [0] Dutch, [1] English. */
static const char *const months[2][12] = {
	{ "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
		"november", "december" },
	{ "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
		"November", "December" },
};

void oreg_date_add_long(struct oreg_buf *b, int32_t d, enum oreg_language lang)
{
	int month = (int)(d / 100 % 100);

	if (!d || month < 1 || month > 12) {
		oreg_buf_addf(b, "%d", (int)d);
		return;
	}
	oreg_buf_addf(b, "%d %s %d", (int)(d % 100), months[lang == OREG_LANG_EN][month - 1], (int)(d / 10000));
}

void oreg_period_add_long(struct oreg_buf *b, int32_t from, int32_t until, enum oreg_language lang)
{
	if (!until) {
		oreg_buf_adds(b, lang == OREG_LANG_EN ? "from " : "vanaf ");
		oreg_date_add_long(b, from, lang);
		return;
	}
	oreg_date_add_long(b, from, lang);
	oreg_buf_adds(b, lang == OREG_LANG_EN ? " to " : " tot en met ");
	oreg_date_add_long(b, until, lang);
}
