/* error.c - the failure channel: one message per thread, set where it happens. */
#include "internal.h"

#include <stdio.h>

static _Thread_local char message[512] = "no error";

int oreg_error(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	return code;
}

const char *oreg_error_message(void)
{
	return message;
}
