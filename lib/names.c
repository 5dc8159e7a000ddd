/*
 * names.c - comparing organisation names the way the exclusion rule needs:
 * "Stichting Al-Waad", "AL WAAD" and "Al Wáád" are the same organisation.
 * Case is folded, diacritics and punctuation removed, and the register's
 * legal-form words ("stichting", "vereniging", "b.v.") dropped.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

/*
 * Latin letters with diacritics, by code point, folded to plain lower
 * case in out (up to two letters).  Returns the number of letters, 0 when
 * cp is not such a letter.
 */
static size_t fold_latin(unsigned cp, char out[2])
{
	static const char latin1[] = /* U+00C0 to U+00FF; '*' is two letters, '-' none */
		"aaaaaa*ceeeeiiii" "dnooooo-ouuuuy*s" "aaaaaa*ceeeeiiii" "dnooooo-ouuuuy*y";
	static const char ext_a[] = /* U+0100 to U+017F, Latin Extended-A */
		"aaaaaaccccccccddddeeeeeeeeeegggg"
		"gggghhhhiiiiiiiiii**jjkkklllllll"
		"lllnnnnnnnnnoooooo**rrrrrrssssss"
		"ssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
	char c;

	if (cp == 0xdf) {
		out[0] = out[1] = 's';
		return 2;
	}
	if (cp >= 0xc0 && cp <= 0xff) {
		c = latin1[cp - 0xc0];
		if (c == '-')
			return 0;
		if (c == '*') {
			/* Æ æ are "ae", Þ þ "th" */
			out[0] = (cp & 0x1f) == 0x06 ? 'a' : 't';
			out[1] = (cp & 0x1f) == 0x06 ? 'e' : 'h';
			return 2;
		}
		out[0] = c;
		return 1;
	}
	if (cp >= 0x100 && cp <= 0x17f) {
		c = ext_a[cp - 0x100];
		if (c == '*') {
			/* Ĳ ĳ are "ij", Œ œ "oe" */
			out[0] = cp < 0x140 ? 'i' : 'o';
			out[1] = cp < 0x140 ? 'j' : 'e';
			return 2;
		}
		out[0] = c;
		return 1;
	}
	return 0;
}

/* Decode one UTF-8 character at s; sets *n to its length. Input is valid UTF-8. */
static unsigned decode(const unsigned char *s, size_t len, size_t *n)
{
	if (s[0] < 0x80 || len < 2) {
		*n = 1;
		return s[0];
	}
	if (s[0] < 0xe0) {
		*n = 2;
		return ((s[0] & 0x1fu) << 6) | (s[1] & 0x3fu);
	}
	if (s[0] < 0xf0 && len >= 3) {
		*n = 3;
		return ((s[0] & 0x0fu) << 12) | ((s[1] & 0x3fu) << 6) | (s[2] & 0x3fu);
	}
	*n = len >= 4 ? 4 : len;
	return 0xfffd;
}

static bool is_legal_form(const struct oreg_register *reg, const char *w, size_t len)
{
	size_t i;

	for (i = 0; i < reg->nlegal_forms; i++)
		if (strlen(reg->legal_forms[i]) == len && !memcmp(reg->legal_forms[i], w, len))
			return true;
	return false;
}

/*
 * Fold the word that ends at the end of out (starting at word) unless it
 * is a legal form; then drop it.  Dotted forms ("b.v.") were already
 * joined ("bv") because punctuation inside a word is removed.
 */
static void end_word(const struct oreg_register *reg, struct oreg_buf *out, size_t word)
{
	if (out->len > word && reg && is_legal_form(reg, out->ptr + word, out->len - word))
		oreg_buf_truncate(out, word ? word - 1 : 0);
}

char *oreg_name_normalise(const struct oreg_register *reg, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	struct oreg_buf out = OREG_BUF_INIT;
	size_t i = 0, n, word = 0;
	bool in_word = false;

	while (i < len) {
		unsigned cp = decode(p + i, len - i, &n);
		char letters[2];
		size_t nletters = 0;

		i += n;
		if (cp < 0x80) {
			char c = (char)cp;

			if (c >= 'A' && c <= 'Z')
				c = (char)(c - 'A' + 'a');
			if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
				letters[0] = c;
				nletters = 1;
			} else if (c == '.' || c == '\'') {
				continue; /* "b.v." is "bv", "'t" is "t" */
			}
		} else {
			nletters = fold_latin(cp, letters);
		}
		if (nletters) {
			if (!in_word) {
				if (out.len)
					oreg_buf_addch(&out, ' ');
				word = out.len;
				in_word = true;
			}
			oreg_buf_add(&out, letters, nletters);
		} else if (in_word) {
			end_word(reg, &out, word);
			in_word = false;
		}
	}
	if (in_word)
		end_word(reg, &out, word);
	return oreg_buf_detach(&out, NULL);
}

size_t oreg_name_distance(const char *a, size_t alen, const char *b, size_t blen, size_t limit)
{
	return oreg_edit_distance(a, alen, b, blen, limit, OREG_EDIT_LEVENSHTEIN);
}
