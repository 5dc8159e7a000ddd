/*
 * privacy.c - recognise personal data that must not sit in a register
 * field: citizen service numbers (BSN), e-mail addresses, phone numbers and
 * IBANs, and names of people after a title or form of address.
 * Hand-written scanners rather than regular expressions: they run over
 * every string of every record, and the checksums (eleven-test, mod-97)
 * keep order numbers and dates from being taken for personal data.  They
 * read the text folded (see struct folded), so that fullwidth digits, a
 * no-break space, an en dash or an invisible character do not hide a
 * number, and they know the spellings people use to get past a filter
 * ("jan [at] voorbeeld (dot) nl", "(06) 12345678", "nl91 abna ...").
 */
#include "internal.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static char *fold_word(const char *s, size_t len);
static bool is_alnum(char c);

/* What a byte of folded text may start or end, looked up once per byte of every record. */
enum {
	BYTE_WORD = 1,       /* an ASCII letter or digit, or UTF-8: no name starts after it */
	BYTE_NAME_START = 2, /* a title's first letter (d, m, i, p), a capital, or 0xc3 */
	BYTE_SCAN_START = 4, /* a digit, '(', '+', a small letter, or what an "at" starts with */
};
static unsigned char byte_class[256];
static pthread_once_t byte_class_once = PTHREAD_ONCE_INIT;

static void byte_class_init(void)
{
	unsigned c;

	for (c = 0; c < 256; c++) {
		unsigned char k = 0;

		/* as the recognisers ask it: c | 0x20 a digit or small letter (a control 0x10-0x19 too) */
		if (c >= 0x80 || is_alnum((char)(c | 0x20)))
			k |= BYTE_WORD;
		if ((c >= 'A' && c <= 'Z') || c == 'd' || c == 'm' || c == 'i' || c == 'p' || c == 0xc3)
			k |= BYTE_NAME_START;
		if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c && strchr("(+@ [{<", (int)c)))
			k |= BYTE_SCAN_START;
		byte_class[c] = k;
	}
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
static bool is_alnum(char c) { return is_digit(c) || is_lower(c); }

/*
 * The text the recognisers read: s folded code point by code point, with
 * the byte offset in s that each byte came from.  Fullwidth forms become
 * ASCII (NFKC), every kind of space a space, every dash a hyphen, ASCII
 * letters lower case; invisible characters (zero-width spaces and joiners,
 * soft hyphens, word joiners) are dropped, so that none of them can split
 * a number.  Other characters are kept as they are.
 */
/* Texts up to this many bytes (every record) are folded without allocating. */
#define FOLD_SMALL 1024

struct folded {
	const char *text; /* case kept */
	char *lower;      /* the same, ASCII letters lower case */
	size_t *from;     /* NULL when the text is s itself: byte i came from byte i */
	size_t len;
	void *heap;  /* NULL while the buffers below hold the text */
	char small_text[FOLD_SMALL + 1], small_lower[FOLD_SMALL + 1];
	size_t small_from[FOLD_SMALL + 1];
};

static uint32_t fold_cp(uint32_t cp, bool keep_case)
{
	int digit;

	if (cp >= 0x80 && (digit = oreg_unicode_digit(cp)) >= 0)
		cp = '0' + (uint32_t)digit; /* a digit of another script: ٠٦ is 06 */
	else if (cp >= 0xff01 && cp <= 0xff5e)
		cp -= 0xfee0; /* fullwidth ASCII */
	else if (cp == 0xa0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200a) || cp == 0x202f || cp == 0x205f ||
		cp == 0x3000 || cp == '\t')
		cp = ' ';
	else if ((cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212 || cp == 0xfe58 || cp == 0xfe63)
		cp = '-';
	else if (cp == 0xfe6b)
		cp = '@';
	else if (cp == 0xfe52)
		cp = '.';
	else if (cp == 0x200b || cp == 0x200c || cp == 0x200d || cp == 0x2060 || cp == 0xfeff || cp == 0xad)
		return 0;
	if (cp >= 'A' && cp <= 'Z' && !keep_case)
		cp += 'a' - 'A';
	return cp;
}

/*
 * Fold s once: text keeps the case, lower has ASCII letters lower case
 * (fold_cp lowers only what it maps to ASCII, so one pass gives both).
 */
static int fold(struct folded *f, const char *s, size_t len)
{
	size_t i = 0, k = 0, n;
	char *text, *lower;
	size_t *from;
	uint32_t cp;

	f->heap = NULL;
	if (len <= FOLD_SMALL) {
		text = f->small_text;
		lower = f->small_lower;
		from = f->small_from;
	} else {
		if (len > (SIZE_MAX - 2) / (2 + sizeof(*from)) ||
			!(f->heap = oreg_malloc((len + 1) * (2 + sizeof(*from)))))
			return OREG_ENOMEM;
		from = f->heap;
		text = (char *)(from + len + 1);
		lower = text + len + 1;
	}
	/* ASCII but a tab or NUL folds to itself: most texts are that, all through or for a while */
	for (; i < len && (unsigned char)s[i] < 0x80 && s[i] && s[i] != '\t'; i++)
		lower[i] = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] + 'a' - 'A') : s[i];
	if (i == len) {
		lower[len] = '\0';
		f->text = s;
		f->lower = lower;
		f->from = NULL;
		f->len = len;
		return 0;
	}
	memcpy(text, s, i);
	for (k = 0; k < i; k++)
		from[k] = k;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x80) {
			/* ASCII folds to itself but for a tab (a space) and NUL (dropped) */
			if (c) {
				char t = c == '\t' ? ' ' : (char)c;

				from[k] = i;
				text[k] = t;
				lower[k++] = t >= 'A' && t <= 'Z' ? (char)(t + 'a' - 'A') : t;
			}
			i++;
			continue;
		}
		if (!(n = oreg_utf8_decode(s + i, len - i, &cp))) {
			from[k] = i;
			text[k] = lower[k] = '?';
			k++;
			i++;
			continue;
		}
		cp = fold_cp(cp, true);
		if (cp && cp < 0x80) {
			from[k] = i;
			text[k] = (char)cp;
			lower[k++] = cp >= 'A' && cp <= 'Z' ? (char)(cp + 'a' - 'A') : (char)cp;
		} else if (cp) {
			size_t j;

			for (j = 0; j < n; j++) {
				from[k] = i;
				text[k] = lower[k] = s[i + j];
				k++;
			}
		}
		i += n;
	}
	text[k] = lower[k] = '\0';
	from[k] = len;
	f->text = text;
	f->lower = lower;
	f->from = from;
	f->len = k;
	return 0;
}

/* The offset in s of byte i of the folded text. */
static size_t from_of(const struct folded *f, size_t i)
{
	return f->from ? f->from[i] : i;
}

static void folded_release(struct folded *f)
{
	free(f->heap);
	f->heap = NULL;
}

/* ---- citizen service numbers ---- */

static bool eleven_test(const char *digits)
{
	int sum = 0, k;

	for (k = 0; k < 9; k++)
		sum += (digits[k] - '0') * (k < 8 ? 9 - k : -1);
	return sum % 11 == 0 && sum != 0;
}

/*
 * BSN: nine digits, alone or grouped by single spaces, dots, hyphens, slashes or underscores
 * (111 222 333, 1112.22.333, 111-222-333), or eight digits written
 * without their leading zero; not part of a longer number; passing the
 * eleven-test.
 */
static bool bsn_at(const char *s, size_t len, size_t i)
{
	char digits[10];
	size_t n = 0, j = i;
	bool separated = false;

	if (i > 0 && (is_digit(s[i - 1]) || (i > 1 && strchr(" .-_/", s[i - 1]) && is_digit(s[i - 2]))))
		return false;
	while (j < len && n < 10) {
		if (is_digit(s[j])) {
			digits[n < 9 ? n : 9] = s[j];
			n++;
			j++;
		} else if (strchr(" .-_/", s[j]) && s[j] && j + 1 < len && is_digit(s[j + 1]) && n) {
			separated = true;
			j++;
		} else {
			break;
		}
	}
	if (n == 9)
		return eleven_test(digits);
	if (n == 8 && !separated) {
		memmove(digits + 1, digits, 8);
		digits[0] = '0';
		return eleven_test(digits);
	}
	return false;
}

/* ---- e-mail addresses ---- */

static bool email_local_char(char c)
{
	return is_alnum(c) || (c && strchr("._%+-'", c));
}

/* The length of an "at" written out at s[i] ("@", " @ ", "[at]", " (at) ", " at ", " apenstaartje "), or 0. */
static size_t at_sign(const char *s, size_t len, size_t i)
{
	static const char *const forms[] = { "@", " @ ", " @", "@ ", "[at]", "(at)", "{at}", "<at>", " [at] ", " (at) ",
		" {at} ", " at ", " apenstaartje " };
	size_t k, n;

	/* called at every byte of every record: most bytes start no form, nor most spaces */
	if (i >= len)
		return 0;
	switch (s[i]) {
	case '@':
		return 1; /* the first form */
	case ' ':
		/* " @", " [at] ", " (at) ", " {at} ", " at ", " apenstaartje " */
		if (i + 1 >= len || (s[i + 1] != '@' && s[i + 1] != '[' && s[i + 1] != '(' && s[i + 1] != '{' &&
				(s[i + 1] != 'a' || i + 2 >= len || (s[i + 2] != 't' && s[i + 2] != 'p'))))
			return 0;
		break;
	case '[': case '(': case '{': case '<':
		if (i + 1 >= len || s[i + 1] != 'a')
			return 0;
		break;
	default:
		return 0;
	}
	for (k = 0; k < ARRAY_SIZE(forms); k++) {
		n = strlen(forms[k]);
		if (len - i >= n && !memcmp(s + i, forms[k], n))
			return n;
	}
	return 0;
}

/* The length of a "dot" written out at s[i] (".", "[dot]", " (dot) ", " dot ", " . "), or 0. */
static size_t dot_sign(const char *s, size_t len, size_t i)
{
	static const char *const forms[] = { ".", " . ", "[dot]", "(dot)", "{dot}", " [dot] ", " (dot) ", " {dot} ",
		" dot ", " punt " };
	size_t k, n;

	for (k = 0; k < ARRAY_SIZE(forms); k++) {
		n = strlen(forms[k]);
		if (len - i >= n && !memcmp(s + i, forms[k], n))
			return n;
	}
	return 0;
}

/* A domain from j: labels joined by dots, the last one with two letters or more. */
static bool domain_at(const char *s, size_t len, size_t j, bool spelled)
{
	size_t labels = 0, letters = 0, n;

	for (;;) {
		size_t b = j;

		letters = 0;
		while (j < len && (is_alnum(s[j]) || s[j] == '-'))
			letters += is_lower(s[j++]);
		if (j == b)
			return false;
		labels++;
		if (j < len && (n = dot_sign(s, len, j)) && j + n < len && is_alnum(s[j + n]) &&
			(spelled || n == 1)) {
			j += n;
			continue;
		}
		break;
	}
	return labels >= 2 && letters >= 2;
}

/* An e-mail address whose "at" is at s[i]: local@domain.tld, also spelled out. */
static bool email_at(const char *s, size_t len, size_t i, size_t *start)
{
	size_t n = at_sign(s, len, i), b = i;
	bool spelled;

	if (!n)
		return false;
	spelled = s[i] != '@' || n > 1;
	if (b > 0 && s[b - 1] == '"') {
		/* a quoted local part: "jan jansen"@voorbeeld.nl */
		if (b < 2)
			return false;
		b -= 2;
		while (b > 0 && s[b] != '"')
			b--;
		if (s[b] != '"')
			return false;
	} else {
		while (b > 0 && email_local_char(s[b - 1]))
			b--;
		if (b == i)
			return false;
	}
	if (!domain_at(s, len, i + n, spelled))
		return false;
	*start = b;
	return true;
}

/* ---- phone numbers ---- */

/*
 * Digits from i with what people write between them: runs of up to three
 * spaces, hyphens, dots or slashes ("06 - 123 456 78", "06/12345678"),
 * the area code in parentheses ("(06) 12345678") and "(0)".
 */
static size_t count_phone_digits(const char *s, size_t len, size_t i, size_t *end)
{
	size_t n = 0, k;

	while (i < len) {
		if (is_digit(s[i])) {
			n++;
			i++;
			continue;
		}
		if (len - i >= 3 && !memcmp(s + i, "(0)", 3)) {
			i += 3;
			continue;
		}
		if (s[i] == ')' && n) {
			i++;
			continue;
		}
		for (k = i; k < len && k - i < 3 && strchr(" -./", s[k]) && s[k]; k++)
			;
		if (k > i && n && k < len && (is_digit(s[k]) || s[k] == '(')) {
			i = k;
			continue;
		}
		break;
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

/* Does "tel" (tel, tel., tel:, tel-, telefoon) end just before i? */
static bool after_tel(const char *s, size_t i)
{
	size_t k = i;

	while (k > 0 && strchr(" .:-", s[k - 1]) && s[k - 1] && i - k < 3)
		k--;
	if (k >= 8 && !memcmp(s + k - 8, "telefoon", 8))
		return true;
	return k >= 3 && !memcmp(s + k - 3, "tel", 3) && (k == 3 || !is_alnum(s[k - 4]));
}

/*
 * A phone number: Dutch national (0 and nine more digits), Dutch
 * international (+31 or 0031 and nine digits) or any international number
 * (+ and 8 to 15 digits).
 */
static bool phone_at(const char *s, size_t len, size_t i)
{
	size_t end, n, j = i;

	if (i > 0 && (is_alnum(s[i - 1]) || strchr("+-/.", s[i - 1])) && !after_tel(s, i))
		return false;
	if (s[j] == '(')
		j++;
	if (s[j] == '+') {
		n = count_phone_digits(s, len, j + 1, &end);
		return n >= 8 && n <= 15 && (end == len || !is_alnum(s[end]));
	}
	if (s[j] != '0' || date_at(s, len, j))
		return false;
	n = count_phone_digits(s, len, j, &end);
	if (end < len && is_alnum(s[end]))
		return false;
	if (len - j >= 4 && !memcmp(s + j, "0031", 4))
		return n == 13;
	return n == 10;
}

/* ---- IBANs ---- */

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
		else if (is_lower(ch))
			rem = (rem * 100 + (unsigned)(ch - 'a' + 10)) % 97;
		else
			return false;
	}
	return rem == 1;
}

/* An IBAN in any case, its groups apart by single spaces, hyphens, dots, slashes or underscores. */
static bool iban_at(const char *s, size_t len, size_t i)
{
	char compact[34];
	size_t n = 0, j = i;

	if (i > 0 && is_alnum(s[i - 1]))
		return false;
	if (len - i < 15 || !is_lower(s[i]) || !is_lower(s[i + 1]) || !is_digit(s[i + 2]) || !is_digit(s[i + 3]))
		return false;
	while (j < len && n < sizeof(compact)) {
		if (is_alnum(s[j])) {
			compact[n++] = s[j++];
		} else if (strchr(" -./_", s[j]) && s[j] && j + 1 < len && is_alnum(s[j + 1])) {
			/* a group boundary may end the number */
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

/* ---- names of people ---- */

/* Titles and forms of address that, followed by a capitalised word, name a person. */
static const char *const titles[] = { "dhr.", "dhr", "mevr.", "mevr", "mw.", "mej.", "de heer", "mevrouw", "meneer",
	"drs.", "mr.", "ir.", "ing.", "dr.", "prof.", "prof", "ds." };

static bool is_cap(const char *s, size_t len, size_t i)
{
	uint32_t cp;
	size_t n = oreg_utf8_decode(s + i, len - i, &cp);

	return n && ((cp >= 'A' && cp <= 'Z') || (cp >= 0xc0 && cp <= 0xde && cp != 0xd7));
}

/* A title at s[i] (original text) followed by a capitalised word: the offset of the title, else false. */
static bool word_before(const char *s, size_t i);

static bool person_at(const char *s, size_t len, size_t i)
{
	size_t k, n, j;

	if (i > 0 && (is_alnum((char)(s[i - 1] | 0x20)) || ((unsigned char)s[i - 1] >= 0x80 && word_before(s, i))))
		return false;
	/* called at every word of every record: most start no title (all are lower case here) */
	for (k = 0; k < ARRAY_SIZE(titles) && (s[i] | 0x20) != titles[k][0]; k++)
		;
	for (; k < ARRAY_SIZE(titles); k++) {
		/* every title has two letters or more */
		if ((s[i] | 0x20) != titles[k][0] || i + 1 >= len || (s[i + 1] | 0x20) != titles[k][1])
			continue;
		n = strlen(titles[k]);
		if (len - i < n || strncasecmp(s + i, titles[k], n))
			continue;
		j = i + n;
		if (j >= len || s[j] != ' ')
			continue;
		while (j < len && s[j] == ' ')
			j++;
		/* initials may come first: dhr. A. de Vries */
		if (j < len && is_cap(s, len, j))
			return true;
	}
	return false;
}

static unsigned scan_folded(const struct folded *f, size_t from, unsigned allow, size_t *at)
{
	const char *s = f->lower;
	size_t len = f->len, i, start;

	for (i = 0; i < len && from_of(f, i) < from; i++)
		;
	for (; i < len; i++) {
		char c = s[i];

		if (!(byte_class[(unsigned char)c] & BYTE_SCAN_START))
			continue;
		/* most bytes are small letters: only an IBAN starts with one, at a word's start */
		if (is_lower(c)) {
			if (!(allow & OREG_PRIVACY_IBAN) && (i == 0 || !is_alnum(s[i - 1])) && iban_at(s, len, i)) {
				*at = i;
				return OREG_PRIVACY_IBAN;
			}
			continue;
		}
		if (is_digit(c) || c == '(' || c == '+') {
			if (!(allow & OREG_PRIVACY_BSN) && is_digit(c) && bsn_at(s, len, i)) {
				*at = i;
				return OREG_PRIVACY_BSN;
			}
			if (!(allow & OREG_PRIVACY_PHONE) && phone_at(s, len, i)) {
				*at = i;
				return OREG_PRIVACY_PHONE;
			}
		}
		/* a space starts an "at" only before one of @ [ ( { a */
		if (!(allow & OREG_PRIVACY_EMAIL) && (c == '@' || c == '[' || c == '(' || c == '{' || c == '<' ||
				(c == ' ' && i + 1 < len && strchr("@[({a", s[i + 1]) && s[i + 1])) &&
			at_sign(s, len, i) && email_at(s, len, i, &start)) {
			*at = start;
			return OREG_PRIVACY_EMAIL;
		}
		/* an IBAN starts a word */
		if (!(allow & OREG_PRIVACY_IBAN) && is_lower(c) && (i == 0 || !is_alnum(s[i - 1])) &&
			iban_at(s, len, i)) {
			*at = i;
			return OREG_PRIVACY_IBAN;
		}
	}
	return 0;
}

/* ---- given names ---- */

/* Words between a given name and a surname: "Anna de Vries", "Ahmed el Amrani". */
static const char *const particles[] = { "van", "de", "der", "den", "het", "ten", "ter", "te", "op", "in", "el",
	"al", "la", "le", "da", "das", "dos", "du", "di", "von", "bin", "ben", "ibn", "abu", "'t" };

static bool word_byte(unsigned char c)
{
	return c >= 0x80 || is_alnum((char)(c | 0x20)) || c == '\'';
}

/*
 * Does the character before s[i] belong to a word?  Outside ASCII it is
 * decoded: a letter (ü) continues a word, typographic quotes and dashes
 * («Jan Jansen», “dhr. Jansen”, —Jan) do not, so they hide no name.
 */
static bool word_before(const char *s, size_t i)
{
	size_t k = i;
	uint32_t cp;

	if (!i)
		return false;
	if ((unsigned char)s[i - 1] < 0x80)
		return word_byte((unsigned char)s[i - 1]);
	while (k > 0 && i - k < 4 && ((unsigned char)s[k - 1] & 0xc0) == 0x80)
		k--;
	if (k == 0 || i - k >= 4)
		return true;
	k--;
	return oreg_utf8_decode(s + k, i - k, &cp) != i - k || oreg_unicode_is_word(cp);
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Is the word s[0..n) (a given name's first part) in set's list? */
static bool given_name(const struct oreg_privacy_settings *set, const char *s, size_t n)
{
	char buf[64], *key = buf, *folded = NULL;
	size_t k;
	bool found;

	if (!set->ngiven_names || n >= sizeof(buf))
		return false;
	for (k = 0; k < n && (unsigned char)s[k] < 0x80; k++)
		buf[k] = (char)(s[k] | 0x20);
	buf[k] = '\0';
	if (k < n && !(key = folded = fold_word(s, n)))
		return false;
	found = bsearch(&key, set->given_names, set->ngiven_names, sizeof(*set->given_names), compare_names);
	free(folded);
	return found;
}

/*
 * A given name of the register's list at s[i], capitalised, followed by
 * particles and a capitalised word: "Ahmed El Amrani", "Anna de Vries".
 */
static bool given_name_at(const struct oreg_privacy_settings *set, const char *s, size_t len, size_t i)
{
	size_t j = i, k, n;

	if (word_before(s, i) || !is_cap(s, len, i))
		return false;
	while (j < len && word_byte((unsigned char)s[j]))
		j++;
	if (!given_name(set, s + i, j - i)) {
		/* Jan-Willem: the first part */
		for (k = i; k < j && s[k] != '-'; k++)
			;
		if (k == j || !given_name(set, s + i, k - i))
			return false;
	}
	for (;;) {
		if (j >= len || s[j] != ' ')
			return false;
		while (j < len && s[j] == ' ')
			j++;
		if (is_cap(s, len, j))
			return true;
		for (n = 0; j + n < len && word_byte((unsigned char)s[j + n]); n++)
			;
		for (k = 0; k < ARRAY_SIZE(particles); k++)
			if (strlen(particles[k]) == n && !strncmp(s + j, particles[k], n))
				break;
		if (k == ARRAY_SIZE(particles))
			return false;
		j += n;
	}
}

unsigned oreg_privacy_scan(const char *s, size_t len, unsigned allow, size_t *offset)
{
	return oreg_privacy_scan_set(NULL, s, len, 0, allow, offset);
}

unsigned oreg_privacy_scan_from(const char *s, size_t len, size_t from, unsigned allow, size_t *offset)
{
	return oreg_privacy_scan_set(NULL, s, len, from, allow, offset);
}

unsigned oreg_privacy_scan_set(const struct oreg_privacy_settings *set, const char *s, size_t len, size_t from,
	unsigned allow, size_t *offset)
{
	struct folded f;
	unsigned kind = 0;
	size_t at = 0, i, name = len;

	pthread_once(&byte_class_once, byte_class_init);
	if (fold(&f, s, len) < 0) {
		*offset = 0;
		return 0;
	}
	/* names on the text with its case kept, fullwidth letters and odd spaces folded */
	if (!(allow & OREG_PRIVACY_PERSON_NAME)) {
		for (i = 0; i < f.len && from_of(&f, i) < from; i++)
			;
		for (; i < f.len && name == len; i++) {
			/*
			 * Most bytes start neither: a title starts with d, m, i or p,
			 * a given name with a capital (A-Z, or U+00C0-U+00DE: 0xc3),
			 * both at a word's start (after no letter or digit of any script).
			 */
			if (!(byte_class[(unsigned char)f.text[i]] & BYTE_NAME_START) ||
				(i && (byte_class[(unsigned char)f.text[i - 1]] & BYTE_WORD) &&
				((unsigned char)f.text[i - 1] < 0x80 || word_before(f.text, i))))
				continue;
			if (person_at(f.text, f.len, i) || (set && given_name_at(set, f.text, f.len, i)))
				name = from_of(&f, i);
		}
	}
	kind = scan_folded(&f, from, allow, &at);
	if (kind)
		at = from_of(&f, at);
	folded_release(&f);
	if (name < len && (!kind || name < at)) {
		*offset = name;
		return OREG_PRIVACY_PERSON_NAME;
	}
	*offset = at;
	return kind;
}

static const struct {
	unsigned kind;
	const char *name;
} kinds[] = {
	{ OREG_PRIVACY_BSN, "bsn" },
	{ OREG_PRIVACY_EMAIL, "email" },
	{ OREG_PRIVACY_PHONE, "phone" },
	{ OREG_PRIVACY_IBAN, "iban" },
	{ OREG_PRIVACY_PERSON_NAME, "person-name" },
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

/* ---- the register's privacy settings: roles ---- */

/*
 * The roles a register may record of participants when register.yaml
 * names none: the ministry's own and its partners' functions, never a
 * person.  Values are compared folded (case and accents aside), so that
 * "coördinator" is "coordinator".
 */
static const char *const default_roles[] = { "bestuur", "directie", "voorzitter", "secretaris", "penningmeester",
	"coordinator", "projectleider", "programmamanager", "wethouder", "gedeputeerde", "burgemeester", "raadslid",
	"beleidsadviseur", "beleidsmedewerker", "onderzoeker", "woordvoerder", "adviseur", "medewerker",
	"vrijwilliger", "jongerenwerker", "voorganger" };

#define ROLE_MAX 64

static char *fold_word(const char *s, size_t len)
{
	struct oreg_buf b = OREG_BUF_INIT;

	if (oreg_unicode_fold(&b, s, len, 0) < 0 || oreg_buf_error(&b)) {
		oreg_buf_release(&b);
		return NULL;
	}
	return oreg_buf_detach(&b, NULL);
}

/* A role as written in register.yaml: lower-case words joined by hyphens or single spaces. */
static bool role_well_formed(const char *s, size_t len)
{
	size_t i, n;

	if (len < 2 || len > ROLE_MAX || !is_lower(s[0]))
		return false;
	for (i = 0; i < len; i += n) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp;

		if (!(n = oreg_utf8_decode(s + i, len - i, &cp)) || (cp >= 0xc0 && cp <= 0xde && cp != 0xd7))
			return false; /* not UTF-8, or a Latin-1 capital */
		if ((c >= 'A' && c <= 'Z') || (c < 0x80 && !is_alnum((char)c) && c != '-' && c != ' ') ||
			((c == '-' || c == ' ') && (i + 1 == len || s[i + 1] == '-' || s[i + 1] == ' ')))
			return false;
	}
	return true;
}

static int add_role(struct oreg_privacy_settings *set, const char *s, size_t len)
{
	char *role = oreg_strndup(s, len), *folded = role ? fold_word(s, len) : NULL;

	if (!folded || oreg_grow((void **)&set->roles, &set->roles_alloc, set->nroles + 1, sizeof(*set->roles)) < 0 ||
		oreg_grow((void **)&set->roles_folded, &set->roles_folded_alloc, set->nroles + 1,
			sizeof(*set->roles_folded)) < 0) {
		free(role);
		free(folded);
		return OREG_ENOMEM;
	}
	set->roles[set->nroles] = role;
	set->roles_folded[set->nroles++] = folded;
	return 0;
}

static void parse_roles(struct oreg_settings_reader *p, struct oreg_privacy_settings *set, const struct oreg_value *v)
{
	size_t i, k;

	if (v->type != OREG_ARRAY || !v->u.array.count) {
		oreg_settings_problem(p, v, "'roles' must be a list of the roles participants may be recorded by, "
			"as in roles: [bestuur, wethouder]");
		return;
	}
	for (i = 0; i < v->u.array.count && p->err >= 0; i++) {
		const struct oreg_value *w = v->u.array.items[i];

		if (w->type != OREG_STRING || strlen(w->u.string.ptr) != w->u.string.len ||
			!role_well_formed(w->u.string.ptr, w->u.string.len)) {
			oreg_settings_problem(p, w,
				"a role is a lower-case word (letters, digits, hyphens), as in 'bestuur' "
				"or 'beleidsadviseur': never the name of a person");
			continue;
		}
		if ((p->err = add_role(set, w->u.string.ptr, w->u.string.len)) < 0)
			return;
		for (k = 0; k + 1 < set->nroles; k++)
			if (!strcmp(set->roles_folded[k], set->roles_folded[set->nroles - 1])) {
				oreg_settings_problem(p, w,
					"role '%s' is listed twice (as '%s'): remove one", w->u.string.ptr,
					set->roles[k]);
				break;
			}
	}
}

/*
 * Given names common in the Netherlands, of every origin, that the name
 * recogniser looks for (followed by a capitalised word) when register.yaml
 * says given-names: [default, ...] or says nothing.  Words that are also
 * common Dutch words or place names are left out.
 */
static const char *const default_given_names[] = {
	/* Dutch and Frisian */
	"aad", "adriaan", "albert", "anna", "anne", "annemarie", "anouk", "arjan", "arie", "bart", "bastiaan", "bram",
	"carla", "cornelia", "cornelis", "daan", "dennis", "dirk", "eline", "elisabeth", "els", "emma", "erik",
	"esther", "eva", "femke", "floor", "frank", "frans", "gerard", "gerrit", "hanneke", "hans", "hendrik", "henk",
	"ilse", "inge", "ingrid", "iris", "jaap", "jacobus", "jan", "janneke", "jasper", "jeroen", "joost", "johan",
	"johanna", "johannes", "joris", "jos", "julia", "karin", "kees", "klaas", "koen", "lars", "lieke", "linda",
	"lisa", "lotte", "lucas", "luuk", "maarten", "marieke", "marijke", "marloes", "martijn", "mieke", "milan",
	"monique", "niels", "noah", "petra", "pieter", "piet", "richard", "rik", "rob", "ruben", "sander", "sanne",
	"saskia", "sem", "sophie", "stijn", "sven", "thijs", "thomas", "tim", "tineke", "wilhelmina", "willem",
	"wim", "wouter", "yvonne", "zoe",
	/* Moroccan, Turkish, Arabic, Somali, Eritrean */
	"abdel", "abdelkader", "abdullah", "ahmad", "ahmed", "ahmet", "aicha", "aisha", "ali", "amina", "anouar",
	"ayoub", "ayse", "bilal", "emre", "elif", "fatima", "fatma", "hamza", "hassan", "hatice", "hussein",
	"ibrahim", "karim", "khadija", "khalid", "latifa", "malika", "mehmet", "meryem", "mohamed", "mohammed",
	"mohammad", "muhammad", "mustafa", "nadia", "naima", "omar", "rachid", "samira", "souad", "yasmina",
	"youssef", "yusuf", "zeynep", "tesfay", "yonas", "rania",
	/* Surinamese, Antillean, Polish, Ukrainian */
	"kenneth", "sharon", "romano", "natasha", "olga", "oksana", "olena", "natalia", "tetiana", "piotr",
	"tomasz", "katarzyna", "agnieszka",
};

/* A given name as written in register.yaml: letters, hyphens and apostrophes, 2 to 40 bytes. */
static bool given_name_well_formed(const char *s, size_t len)
{
	size_t i;

	if (len < 2 || len > 40)
		return false;
	for (i = 0; i < len; i++)
		if (!word_byte((unsigned char)s[i]) && s[i] != '-')
			return false;
	return strspn(s, "0123456789") == 0;
}

static int add_given_name(struct oreg_privacy_settings *set, const char *s, size_t len)
{
	char *folded = fold_word(s, len);

	if (!folded || oreg_grow((void **)&set->given_names, &set->given_names_alloc, set->ngiven_names + 1,
			sizeof(*set->given_names)) < 0) {
		free(folded);
		return OREG_ENOMEM;
	}
	set->given_names[set->ngiven_names++] = folded;
	return 0;
}

static int add_default_given_names(struct oreg_privacy_settings *set)
{
	size_t i;
	int err = 0;

	for (i = 0; i < ARRAY_SIZE(default_given_names) && err >= 0; i++)
		err = add_given_name(set, default_given_names[i], strlen(default_given_names[i]));
	return err;
}

static void parse_given_names(struct oreg_settings_reader *p, struct oreg_privacy_settings *set, const struct oreg_value *v)
{
	size_t i;

	if (v->type != OREG_ARRAY) {
		oreg_settings_problem(p, v, "'given-names' must be a list of given names, 'default' for the built-in "
			"ones, as in given-names: [default, Thijmen]");
		return;
	}
	for (i = 0; i < v->u.array.count && p->err >= 0; i++) {
		const struct oreg_value *w = v->u.array.items[i];

		if (oreg_value_is_string(w, "default"))
			p->err = add_default_given_names(set);
		else if (w->type != OREG_STRING || strlen(w->u.string.ptr) != w->u.string.len ||
			!given_name_well_formed(w->u.string.ptr, w->u.string.len))
			oreg_settings_problem(p, w, "a given name is one word of letters, as in 'Thijmen'");
		else
			p->err = add_given_name(set, w->u.string.ptr, w->u.string.len);
	}
}

/* Sorted and unique, for bsearch. */
static void sort_given_names(struct oreg_privacy_settings *set)
{
	size_t i, n = 0;

	if (!set->ngiven_names)
		return;
	qsort(set->given_names, set->ngiven_names, sizeof(*set->given_names), compare_names);
	for (i = 0; i < set->ngiven_names; i++) {
		if (n && !strcmp(set->given_names[n - 1], set->given_names[i]))
			free(set->given_names[i]);
		else
			set->given_names[n++] = set->given_names[i];
	}
	set->ngiven_names = n;
}

int oreg_privacy_settings_parse(struct oreg_privacy_settings *set, const struct oreg_value *privacy,
	struct oreg_findings *findings)
{
	struct oreg_settings_reader p = { .findings = findings };
	const struct oreg_value *v = NULL, *g = NULL;
	size_t i, k;

	memset(set, 0, sizeof(*set));
	if (privacy && privacy->type == OREG_OBJECT) {
		v = oreg_value_get(privacy, "roles");
		g = oreg_value_get(privacy, "given-names");
	}
	if (g)
		parse_given_names(&p, set, g);
	else
		p.err = add_default_given_names(set);
	if (p.err >= 0)
		sort_given_names(set);
	if (p.err < 0)
		return p.err;
	if (v)
		parse_roles(&p, set, v);
	else
		for (i = 0; i < ARRAY_SIZE(default_roles) && p.err >= 0; i++)
			p.err = add_role(set, default_roles[i], strlen(default_roles[i]));
	/* a role that is a given name is a name */
	for (i = 0; v && p.err >= 0 && i < set->nroles; i++)
		for (k = 0; k < v->u.array.count; k++) {
			const struct oreg_value *w = v->u.array.items[k];

			if (w->type == OREG_STRING && !strcmp(w->u.string.ptr, set->roles[i]) &&
				given_name(set, set->roles[i], strlen(set->roles[i]))) {
				oreg_settings_problem(&p, w, "role '%s' is a given name (rules.privacy.given-names): a role is "
					"a function, as in 'bestuur', never the name of a person", set->roles[i]);
				break;
			}
		}
	return p.err < 0 ? p.err : p.problems;
}

void oreg_privacy_settings_release(struct oreg_privacy_settings *set)
{
	size_t i;

	if (!set)
		return;
	for (i = 0; i < set->nroles; i++) {
		free(set->roles[i]);
		free(set->roles_folded[i]);
	}
	free(set->roles);
	free(set->roles_folded);
	for (i = 0; i < set->ngiven_names; i++)
		free(set->given_names[i]);
	free(set->given_names);
	memset(set, 0, sizeof(*set));
}

/*
 * What oreg_unicode_fold makes of ASCII s (len bytes, under size): letters
 * lower case, digits kept, every other run one space between words.
 * Its length, or SIZE_MAX when s is not ASCII or too long.
 */
static size_t fold_ascii(char *out, size_t size, const char *s, size_t len)
{
	size_t i, n = 0;
	bool space = false;

	if (len >= size)
		return SIZE_MAX;
	for (i = 0; i < len; i++) {
		char c = s[i];

		if ((unsigned char)c >= 0x80)
			return SIZE_MAX;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (!is_alnum(c)) {
			space = n > 0;
			continue;
		}
		if (space)
			out[n++] = ' ';
		space = false;
		out[n++] = c;
	}
	out[n] = '\0';
	return n;
}

int oreg_privacy_role(const struct oreg_privacy_settings *set, const char *s, size_t len, const char **suggestion)
{
	char small[ROLE_MAX * 2];
	char *folded = fold_ascii(small, sizeof(small), s, len) != SIZE_MAX ? small : fold_word(s, len);
	size_t i, best = SIZE_MAX, d, limit;
	int found = 0;

	*suggestion = NULL;
	if (!folded)
		return OREG_ENOMEM;
	limit = strlen(folded) / 3 > 2 ? strlen(folded) / 3 : 2;
	/* nearly every value is a role as written: no suggestion to look for */
	for (i = 0; i < set->nroles; i++)
		if (!strcmp(folded, set->roles_folded[i])) {
			if (folded != small)
				free(folded);
			return 1;
		}
	for (i = 0; i < set->nroles && !found; i++) {
		if (!strcmp(folded, set->roles_folded[i])) {
			found = 1;
			break;
		}
		d = oreg_edit_distance(folded, strlen(folded), set->roles_folded[i], strlen(set->roles_folded[i]), limit,
			OREG_EDIT_SWAP);
		if (d <= limit && d < best) {
			best = d;
			*suggestion = set->roles[i];
		}
	}
	if (folded != small)
		free(folded);
	if (found)
		*suggestion = NULL;
	return found;
}

void oreg_privacy_roles_add_list(struct oreg_buf *b, const struct oreg_privacy_settings *set)
{
	size_t i;

	for (i = 0; i < set->nroles; i++)
		oreg_buf_addf(b, "%s%s", i ? ", " : "", set->roles[i]);
}

/* The end of the name of a person found at i: its first word, then capitalised words, initials and particles. */
static size_t name_end(const char *s, size_t len, size_t i)
{
	size_t j = i, n, k;

	while (j < len && (word_byte((unsigned char)s[j]) || s[j] == '.' || s[j] == '-'))
		j++;
	for (;;) {
		size_t w = j;

		while (w < len && s[w] == ' ')
			w++;
		if (w == j || w == len)
			return j;
		for (n = 0; w + n < len && (word_byte((unsigned char)s[w + n]) || s[w + n] == '.' || s[w + n] == '-'); n++)
			;
		if (!n)
			return j;
		if (!is_cap(s, len, w)) {
			for (k = 0; k < ARRAY_SIZE(particles); k++)
				if (strlen(particles[k]) == n && !strncmp(s + w, particles[k], n))
					break;
			if (k == ARRAY_SIZE(particles) && !(n == 4 && !strncmp(s + w, "heer", 4)))
				return j;
		}
		j = w + n;
	}
}

void oreg_privacy_name_words(char *s, size_t len)
{
	size_t i, k;

	for (i = 0; i < len; i++) {
		/* a date, YYYY-MM-DD, is no number of a person: not even with the digits after it */
		if (len - i >= 10 && (i == 0 || !is_digit(s[i - 1])) && (len - i == 10 || !is_digit(s[i + 10]))) {
			for (k = 0; k < 10 && (k == 4 || k == 7 ? s[i + k] == '-' : is_digit(s[i + k])); k++)
				;
			if (k == 10) {
				memset(s + i, 'd', 10);
				i += 9;
				continue;
			}
		}
		if (s[i] == '-' || s[i] == '/' || s[i] == '_')
			s[i] = ' ';
	}
}

int oreg_privacy_each(const struct oreg_privacy_settings *set, const char *s, size_t len, unsigned allow,
	int (*fn)(void *payload, unsigned kind, size_t offset), void *payload)
{
	size_t pos = 0, at;
	unsigned kind;
	int err;

	while (pos < len) {
		if (!(kind = oreg_privacy_scan_set(set, s, len, pos, allow, &at)))
			break;
		/* a spelled-out e-mail address starts before the "at" it was found by: it was reported */
		if (at >= pos && (err = fn(payload, kind, at)) < 0)
			return err;
		/* go on after the name, or the word it was found in and the digits and separators after it */
		if (kind == OREG_PRIVACY_PERSON_NAME && at >= pos) {
			pos = name_end(s, len, at);
			continue;
		}
		pos = at >= pos ? at + 1 : pos + 1;
		while (pos < len && s[pos] != '\n' && (s[pos] != ' ' ||
			(pos + 1 < len && strchr("0123456789-./()", s[pos + 1]) && s[pos + 1])))
			pos++;
	}
	return 0;
}

/* ---- commit messages and the people who made a commit ---- */

static const char *kind_noun(unsigned kind)
{
	switch (kind) {
	case OREG_PRIVACY_BSN: return "a citizen service number (BSN)";
	case OREG_PRIVACY_EMAIL: return "an e-mail address";
	case OREG_PRIVACY_PHONE: return "a phone number";
	case OREG_PRIVACY_IBAN: return "an IBAN";
	case OREG_PRIVACY_PERSON_NAME: return "the name of a person";
	}
	return "personal data";
}

struct commit_scan {
	struct oreg_findings *findings;
	const char *file, *text, *field;
	int other_file; /* text is a file outside the records */
	int err;
};

static int commit_hit(void *payload, unsigned kind, size_t at)
{
	struct commit_scan *cs = payload;
	size_t line_start = 0, k;
	unsigned line = 1, column;

	for (k = 0; k < at; k++)
		if (cs->text[k] == '\n') {
			line++;
			line_start = k + 1;
		}
	column = (unsigned)oreg_utf8_length(cs->text + line_start, at - line_start) + 1;
	if (cs->other_file)
		cs->err = oreg_findings_add(cs->findings, OREG_SEVERITY_ERROR, cs->file, line, column, OREG_RULE_PRIVACY,
			"", "%s in a file outside records/: personal data does not belong in the register's history; "
			"remove it from the file and rewrite the commit that added it (git commit --amend, or git rebase -i "
			"for an older one)", kind_noun(kind));
	else if (!cs->field)
		cs->err = oreg_findings_add(cs->findings, OREG_SEVERITY_ERROR, cs->file, line, column, OREG_RULE_PRIVACY,
			"", "%s in the commit message: personal data does not belong in the register's history; remove "
			"it and reword the commit (git commit --amend, or git rebase -i for an older one)", kind_noun(kind));
	else
		cs->err = oreg_findings_add(cs->findings, OREG_SEVERITY_ERROR, cs->file, line, column, OREG_RULE_PRIVACY,
			"", "the %s holds %s: personal data does not belong in the register's history; set user.name "
			"and user.email to a name and an address alone and rewrite the commit (git commit --amend "
			"--reset-author)", cs->field, kind_noun(kind));
	return cs->err;
}

/* Blank out (with spaces) every occurrence of what in b, case aside, where it stands as a word of its own. */
static void blank_out(char *b, size_t len, const char *what)
{
	size_t n = what ? strlen(what) : 0, i;

	if (n < 3)
		return;
	for (i = 0; i + n <= len; i++)
		if (!strncasecmp(b + i, what, n) && (i == 0 || !word_byte((unsigned char)b[i - 1])) &&
			(i + n == len || !word_byte((unsigned char)b[i + n]))) {
			memset(b + i, ' ', n);
			i += n - 1;
		}
}

int oreg_privacy_check_message(const struct oreg_register *reg, const char *file, const char *message, unsigned how,
	const struct oreg_identity *who, size_t nwho, struct oreg_findings *findings)
{
	struct commit_scan cs = { .findings = findings, .file = file };
	int editing = !!(how & OREG_MESSAGE_EDITING);
	size_t len = strlen(message), i = 0, k;
	char *b = oreg_strndup(message, len);
	int err;

	if (!b)
		return OREG_ENOMEM;
	/* what git leaves out of the commit (comment lines, the scissors and below) is not scanned */
	while (editing && i < len) {
		size_t end = i;

		while (end < len && b[end] != '\n')
			end++;
		if (!strncmp(b + i, "# ------------------------ >8 ------------------------", 54)) {
			for (k = i; k < len; k++)
				if (b[k] != '\n')
					b[k] = ' ';
			break;
		}
		if (b[i] == '#')
			memset(b + i, ' ', end - i);
		i = end + 1;
	}
	/* the author's and committer's own name and address (a Signed-off-by: trailer) are who made it */
	for (k = 0; k < nwho; k++) {
		blank_out(b, len, who[k].email);
		blank_out(b, len, who[k].name);
	}
	cs.text = b;
	err = oreg_privacy_each(&reg->privacy, b, len, ~reg->privacy_kinds & ~(unsigned)OREG_PRIVACY_PERSON_NAME,
		commit_hit, &cs);
	free(b);
	return err < 0 ? err : cs.err;
}

int oreg_privacy_check_identity(const struct oreg_register *reg, const char *file, const char *field,
	const struct oreg_identity *who, struct oreg_findings *findings)
{
	struct commit_scan cs = { .findings = findings, .file = file, .field = field };
	unsigned allow = ~reg->privacy_kinds | OREG_PRIVACY_PERSON_NAME;
	int err = 0;

	struct oreg_buf f = OREG_BUF_INIT;

	/* the name is a name and the address an address: what else they hold is the finding */
	oreg_buf_addf(&f, "%s's name", field);
	if (who->name && (err = oreg_buf_error(&f)) == 0) {
		cs.field = f.ptr;
		cs.text = who->name;
		err = oreg_privacy_each(NULL, who->name, strlen(who->name), allow, commit_hit, &cs);
	}
	oreg_buf_clear(&f);
	oreg_buf_addf(&f, "%s's e-mail address", field);
	if (err >= 0 && !cs.err && who->email && (err = oreg_buf_error(&f)) == 0) {
		cs.field = f.ptr;
		cs.text = who->email;
		err = oreg_privacy_each(NULL, who->email, strlen(who->email), allow | OREG_PRIVACY_EMAIL, commit_hit, &cs);
	}
	oreg_buf_release(&f);
	return err < 0 ? err : cs.err;
}

int oreg_privacy_check_file(const struct oreg_register *reg, const char *path, const char *data, size_t len,
	struct oreg_findings *findings)
{
	struct commit_scan cs = { .findings = findings, .file = path, .other_file = 1 };
	size_t n = strlen(path), off;
	char *b;
	int err;

	/* the name first: hyphens, slashes and underscores part its words, as in a record's file name */
	if (!(b = oreg_strndup(path, n)))
		return OREG_ENOMEM;
	oreg_privacy_name_words(b, n);
	n = oreg_privacy_scan_set(&reg->privacy, b, n, 0, ~reg->privacy_kinds & ~(unsigned)OREG_PRIVACY_PERSON_NAME,
		&off) != 0;
	free(b);
	if (n && (err = oreg_findings_add(findings, OREG_SEVERITY_ERROR, path, 1, 1, OREG_RULE_PRIVACY, "",
			"the file's name holds personal data, and every clone copies it: rename the file and rewrite the "
			"commit that added it (git commit --amend, or git rebase -i for an older one)")) < 0)
		return err;
	/*
	 * Up to the limit every file is read, a NUL byte or not: a NUL must not
	 * hide the text after it.  Above it, a binary file (a NUL in its first
	 * 8000 bytes, as git judges) is not read, and a text file is refused.
	 */
	if (len > OREG_PRIVACY_FILE_MAX) {
		if (memchr(data, '\0', 8000))
			return 0;
		return oreg_findings_add(findings, OREG_SEVERITY_ERROR, path, 1, 1, OREG_RULE_PRIVACY, "",
			"a text file outside records/ over %d MiB cannot be scanned for personal data; keep it out of the "
			"register's repository", OREG_PRIVACY_FILE_MAX >> 20);
	}
	if (!(b = oreg_strndup(data, len)))
		return OREG_ENOMEM;
	cs.text = b;
	err = oreg_privacy_each(&reg->privacy, b, len, ~reg->privacy_kinds & ~(unsigned)OREG_PRIVACY_PERSON_NAME,
		commit_hit, &cs);
	free(b);
	return err < 0 ? err : cs.err;
}
