/*
 * privacy.c - recognise personal data that must not sit in a register
 * field: citizen service numbers (BSN), e-mail addresses, phone numbers and
 * IBANs.  Hand-written scanners rather than regular expressions: they run
 * over every string of every record, and the checksums (eleven-test,
 * mod-97) keep order numbers and dates from being taken for personal data.
 */
#include "internal.h"

#include <string.h>

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
static bool is_alnum(char c) { return is_digit(c) || is_upper(c) || (c >= 'a' && c <= 'z'); }

/* BSN: nine digits, not part of a longer number, passing the eleven-test. */
static bool bsn_at(const char *s, size_t len, size_t i)
{
	int sum = 0, k;

	if (i > 0 && is_digit(s[i - 1]))
		return false;
	if (len - i < 9 || (len - i > 9 && is_digit(s[i + 9])))
		return false;
	for (k = 0; k < 9; k++) {
		if (!is_digit(s[i + k]))
			return false;
		sum += (s[i + k] - '0') * (k < 8 ? 9 - k : -1);
	}
	return sum % 11 == 0 && sum != 0;
}

static bool email_local_char(char c)
{
	return is_alnum(c) || (c && strchr("._%+-'", c));
}

/* An e-mail address around the '@' at i: local@domain.tld. */
static bool email_at(const char *s, size_t len, size_t at, size_t *start)
{
	size_t b = at, e = at + 1, dot = 0, k, letters = 0;

	while (b > 0 && email_local_char(s[b - 1]))
		b--;
	if (b == at)
		return false;
	while (e < len && (is_alnum(s[e]) || s[e] == '-' || s[e] == '.'))
		e++;
	while (e > at + 1 && s[e - 1] == '.') /* a full stop that ends the sentence */
		e--;
	for (k = at + 1; k < e; k++)
		if (s[k] == '.')
			dot = k;
	if (!dot || dot == at + 1)
		return false;
	for (k = dot + 1; k < e; k++)
		letters += !is_digit(s[k]) && s[k] != '-';
	if (letters < 2)
		return false;
	*start = b;
	return true;
}

/* Digits from i, allowing single spaces, hyphens, dots and "(0)" between them. */
static size_t count_phone_digits(const char *s, size_t len, size_t i, size_t *end)
{
	size_t n = 0;

	while (i < len) {
		if (is_digit(s[i])) {
			n++;
			i++;
		} else if ((s[i] == ' ' || s[i] == '-' || s[i] == '.') && i + 1 < len && is_digit(s[i + 1]) && n) {
			i++;
		} else if (len - i >= 3 && !memcmp(s + i, "(0)", 3)) {
			i += 3;
		} else if (s[i] == ' ' && len - i >= 4 && !memcmp(s + i + 1, "(0)", 3)) {
			i++;
		} else {
			break;
		}
	}
	*end = i;
	return n;
}

/* A written date such as 05-03-2024 starts like a phone number; it is not one. */
static bool date_at(const char *s, size_t len, size_t i)
{
	return len - i >= 10 && is_digit(s[i]) && is_digit(s[i + 1]) && (s[i + 2] == '-' || s[i + 2] == '.') &&
		is_digit(s[i + 3]) && is_digit(s[i + 4]) && s[i + 5] == s[i + 2] &&
		is_digit(s[i + 6]) && is_digit(s[i + 7]) && is_digit(s[i + 8]) && is_digit(s[i + 9]);
}

/*
 * A phone number: Dutch national (0 and nine more digits), Dutch
 * international (+31 or 0031 and nine digits) or any international number
 * (+ and 8 to 15 digits).
 */
static bool phone_at(const char *s, size_t len, size_t i)
{
	size_t end, n;

	if (i > 0 && (is_alnum(s[i - 1]) || s[i - 1] == '+' || s[i - 1] == '-' || s[i - 1] == '/' || s[i - 1] == '.'))
		return false;
	if (s[i] == '+') {
		n = count_phone_digits(s, len, i + 1, &end);
		return n >= 8 && n <= 15 && (end == len || !is_alnum(s[end]));
	}
	if (s[i] != '0' || date_at(s, len, i))
		return false;
	n = count_phone_digits(s, len, i, &end);
	if (end < len && is_alnum(s[end]))
		return false;
	if (len - i >= 4 && !memcmp(s + i, "0031", 4))
		return n == 13;
	return n == 10;
}

/* IBAN: country, check digits, account; mod-97 of the rearranged number is 1. */
static bool iban_check(const char *c, size_t n)
{
	unsigned rem = 0;
	size_t k;

	if (n < 15 || n > 34)
		return false;
	for (k = 0; k < n; k++) {
		char ch = c[(k + 4) % n];

		if (is_digit(ch))
			rem = (rem * 10 + (unsigned)(ch - '0')) % 97;
		else if (is_upper(ch))
			rem = (rem * 100 + (unsigned)(ch - 'A' + 10)) % 97;
		else
			return false;
	}
	return rem == 1;
}

static bool iban_at(const char *s, size_t len, size_t i)
{
	char compact[34];
	size_t n = 0, j = i;

	if (i > 0 && is_alnum(s[i - 1]))
		return false;
	if (len - i < 15 || !is_upper(s[i]) || !is_upper(s[i + 1]) || !is_digit(s[i + 2]) || !is_digit(s[i + 3]))
		return false;
	while (j < len && n < sizeof(compact)) {
		if (is_digit(s[j]) || is_upper(s[j])) {
			compact[n++] = s[j++];
		} else if (s[j] == ' ' && n % 4 == 0 && j + 1 < len && is_alnum(s[j + 1])) {
			/* printed in groups of four: a group boundary may end the number */
			if (iban_check(compact, n))
				return true;
			j++;
		} else {
			break;
		}
	}
	if (j < len && is_alnum(s[j]))
		return false;
	return iban_check(compact, n);
}

unsigned oreg_privacy_scan(const char *s, size_t len, unsigned allow, size_t *offset)
{
	size_t i, start;

	for (i = 0; i < len; i++) {
		char c = s[i];

		if (is_digit(c)) {
			if (!(allow & OREG_PRIVACY_BSN) && bsn_at(s, len, i)) {
				*offset = i;
				return OREG_PRIVACY_BSN;
			}
			if (!(allow & OREG_PRIVACY_PHONE) && c == '0' && phone_at(s, len, i)) {
				*offset = i;
				return OREG_PRIVACY_PHONE;
			}
		} else if (c == '+') {
			if (!(allow & OREG_PRIVACY_PHONE) && phone_at(s, len, i)) {
				*offset = i;
				return OREG_PRIVACY_PHONE;
			}
		} else if (c == '@') {
			if (!(allow & OREG_PRIVACY_EMAIL) && email_at(s, len, i, &start)) {
				*offset = start;
				return OREG_PRIVACY_EMAIL;
			}
		} else if (is_upper(c)) {
			if (!(allow & OREG_PRIVACY_IBAN) && iban_at(s, len, i)) {
				*offset = i;
				return OREG_PRIVACY_IBAN;
			}
		}
	}
	return 0;
}

static const struct {
	unsigned kind;
	const char *name;
} kinds[] = {
	{ OREG_PRIVACY_BSN, "bsn" },
	{ OREG_PRIVACY_EMAIL, "email" },
	{ OREG_PRIVACY_PHONE, "phone" },
	{ OREG_PRIVACY_IBAN, "iban" },
};

const char *oreg_privacy_kind_name(unsigned kind)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(kinds); i++)
		if (kinds[i].kind == kind)
			return kinds[i].name;
	return NULL;
}

unsigned oreg_privacy_kind_parse(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(kinds); i++)
		if (!strcmp(kinds[i].name, name))
			return kinds[i].kind;
	return 0;
}
