/*
 * unicode.c - the register's Unicode, done by ICU and by no other file:
 * NFKC, the folded form of a name (what a careful reader would still see
 * as the same name), its confusable skeleton (UTS #39) and the code points
 * a record may not hold (controls, bidirectional overrides, invisible
 * format characters).
 *
 * ICU's normalisers and its spoof checker's skeleton are safe to share
 * between threads; a transliterator is not, so each caller borrows one
 * from a pool (cloned from one prototype) for the time of one call.  What
 * the pool and the checker hold is freed at exit.
 */
#include "internal.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ubidi.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uspoof.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>
#include <unicode/utrans.h>
#include <unicode/uclean.h>

/* Longer input is refused: nothing in a record needs it, and ICU counts in int32_t. */
#define MAX_INPUT (16u << 20)

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static USpoofChecker *spoof;
static UTransliterator *prototype;
static UTransliterator **idle; /* clones of prototype nobody is using */
static size_t nidle, idle_alloc;
static int exit_registered;

/* The skeletons of the ASCII letters and digits, by character; filled in with spoof. */
struct ascii_skeleton {
	UChar units[8];
	int32_t len;
};
static struct ascii_skeleton ascii_skeletons[128];

/* ---- a growable UTF-16 buffer ---- */

struct ubuf {
	UChar *p;
	int32_t len, cap;
};

static int ubuf_reserve(struct ubuf *b, int32_t cap)
{
	UChar *p;

	if (cap <= b->cap)
		return 0;
	if (!(p = oreg_realloc(b->p, (size_t)cap * sizeof(*p))))
		return OREG_ENOMEM;
	b->p = p;
	b->cap = cap;
	return 0;
}

static void ubuf_release(struct ubuf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

static int icu_failed(UErrorCode status, const char *what)
{
	if (status == U_MEMORY_ALLOCATION_ERROR)
		return oreg_error(OREG_ENOMEM, "out of memory in %s", what);
	return oreg_error(OREG_ERROR, "unicode: %s failed: %s", what, u_errorName(status));
}

/* ---- the shared objects ---- */

void oreg_unicode_cleanup(void)
{
	size_t i;

	pthread_mutex_lock(&lock);
	for (i = 0; i < nidle; i++)
		utrans_close(idle[i]);
	free(idle);
	idle = NULL;
	nidle = idle_alloc = 0;
	utrans_close(prototype);
	prototype = NULL;
	uspoof_close(spoof);
	spoof = NULL;
	pthread_mutex_unlock(&lock);
}

static void at_exit(void)
{
	oreg_unicode_cleanup();
	u_cleanup(); /* ICU's own caches, so that leak checkers see nothing left */
}

static void register_exit(void)
{
	/* with lock held */
	if (!exit_registered) {
		exit_registered = 1;
		atexit(at_exit);
	}
}

static int get_spoof(const USpoofChecker **out)
{
	UErrorCode status = U_ZERO_ERROR;
	int err = 0;

	pthread_mutex_lock(&lock);
	if (!spoof) {
		register_exit();
		spoof = uspoof_open(&status);
		if (U_SUCCESS(status))
			uspoof_setChecks(spoof, USPOOF_CONFUSABLE, &status);
		/* every ASCII character's: a skeleton maps one character at a time */
		for (int c = 0; c < 0x80 && U_SUCCESS(status); c++) {
			UChar ch = (UChar)c;
			struct ascii_skeleton *k = &ascii_skeletons[c];

			k->len = uspoof_getSkeleton(spoof, 0, &ch, 1, k->units, ARRAY_SIZE(k->units), &status);
		}
		if (U_FAILURE(status)) {
			uspoof_close(spoof);
			spoof = NULL;
			err = icu_failed(status, "opening the spoof checker");
		}
	}
	*out = spoof;
	pthread_mutex_unlock(&lock);
	return err;
}

static int borrow_translit(UTransliterator **out)
{
	static const char id[] = "Any-Latin; Latin-ASCII";
	UErrorCode status = U_ZERO_ERROR;
	UChar uid[sizeof(id)];
	int err = 0;

	*out = NULL;
	pthread_mutex_lock(&lock);
	if (nidle) {
		*out = idle[--nidle];
		goto done;
	}
	if (!prototype) {
		register_exit();
		u_charsToUChars(id, uid, (int32_t)sizeof(id));
		prototype = utrans_openU(uid, -1, UTRANS_FORWARD, NULL, 0, NULL, &status);
		if (U_FAILURE(status)) {
			prototype = NULL;
			err = icu_failed(status, "opening the transliterator 'Any-Latin; Latin-ASCII'");
			goto done;
		}
	}
	*out = utrans_clone(prototype, &status);
	if (U_FAILURE(status)) {
		*out = NULL;
		err = icu_failed(status, "cloning the transliterator");
	}
done:
	pthread_mutex_unlock(&lock);
	return err;
}

static void give_back(UTransliterator *t)
{
	pthread_mutex_lock(&lock);
	if (oreg_grow((void **)&idle, &idle_alloc, nidle + 1, sizeof(*idle)) == 0)
		idle[nidle++] = t;
	else
		utrans_close(t);
	pthread_mutex_unlock(&lock);
}

/* ---- steps ---- */

static int from_utf8(struct ubuf *out, const char *s, size_t len)
{
	UErrorCode status = U_ZERO_ERROR;
	int32_t n = 0;
	int err;

	if (len > MAX_INPUT)
		return oreg_error(OREG_ELIMIT, "text of %zu bytes is too long to compare (at most %u)", len,
			MAX_INPUT);
	if ((err = ubuf_reserve(out, (int32_t)len + 1)) < 0)
		return err;
	/* a UTF-8 string never needs more UTF-16 units than bytes */
	u_strFromUTF8WithSub(out->p, out->cap, &n, s, (int32_t)len, 0xfffd, NULL, &status);
	if (U_FAILURE(status))
		return icu_failed(status, "reading UTF-8");
	out->len = n;
	return 0;
}

static int to_utf8(struct oreg_buf *out, const UChar *s, int32_t len)
{
	UErrorCode status = U_ZERO_ERROR;
	int32_t n = 0;
	/* a UTF-16 unit never needs more than three bytes */
	char *tmp = oreg_malloc((size_t)len * 3 + 1);

	if (!tmp)
		return OREG_ENOMEM;
	u_strToUTF8WithSub(tmp, len * 3 + 1, &n, s, len, 0xfffd, NULL, &status);
	if (U_FAILURE(status)) {
		free(tmp);
		return icu_failed(status, "writing UTF-8");
	}
	oreg_buf_add(out, tmp, (size_t)n);
	free(tmp);
	return oreg_buf_error(out);
}

/* out = norm(in); out and in differ. */
static int normalize(const UNormalizer2 *norm, struct ubuf *out, const struct ubuf *in)
{
	UErrorCode status = U_ZERO_ERROR;
	int32_t cap = in->len + 16, n;
	int err;

	for (;;) {
		if ((err = ubuf_reserve(out, cap)) < 0)
			return err;
		status = U_ZERO_ERROR;
		n = unorm2_normalize(norm, in->p, in->len, out->p, out->cap, &status);
		if (status == U_BUFFER_OVERFLOW_ERROR) {
			cap = n + 16;
			continue;
		}
		if (U_FAILURE(status))
			return icu_failed(status, "normalising");
		out->len = n;
		return 0;
	}
}

static int norm_instance(const UNormalizer2 **out, const UNormalizer2 *(*get)(UErrorCode *))
{
	UErrorCode status = U_ZERO_ERROR;

	*out = get(&status);
	return U_FAILURE(status) ? icu_failed(status, "loading normalisation data") : 0;
}

/* Is c a code point nobody sees, that a name comparison passes over? */
static int invisible(UChar32 c)
{
	int8_t t = u_charType(c);

	return t == U_FORMAT_CHAR || t == U_NON_SPACING_MARK || t == U_ENCLOSING_MARK ||
		u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT);
}

static int bidi_control(UChar c)
{
	return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f ||
		c == 0x061c;
}

/*
 * Text with bidirectional controls is compared as it is displayed:
 * "\u202enuodimaS" shows as "Samidoun".  a becomes the visual order; b
 * is scratch.  Text without them is left alone (the order a right-to-left
 * script is stored in is the order its transliteration needs).
 */
static int display_order(struct ubuf *a, struct ubuf *b)
{
	UErrorCode status = U_ZERO_ERROR;
	UBiDi *bidi;
	int32_t i, n, pass;
	int err;

	for (i = 0; i < a->len && !bidi_control(a->p[i]); i++)
		;
	if (i == a->len)
		return 0;
	if (!(bidi = ubidi_open()))
		return oreg_error(OREG_ENOMEM, "out of memory in the bidi algorithm");
	/*
	 * First the glyphs left to right as displayed; then the text without
	 * controls that displays so (the inverse algorithm), which is the
	 * order a reader reads each script in.
	 */
	for (pass = 0; pass < 2 && U_SUCCESS(status); pass++) {
		if ((err = ubuf_reserve(b, a->len * 2 + 16)) < 0)
			goto done;
		ubidi_setInverse(bidi, pass == 1);
		ubidi_setPara(bidi, a->p, a->len, pass ? UBIDI_LTR : UBIDI_DEFAULT_LTR, NULL, &status);
		n = ubidi_writeReordered(bidi, b->p, b->cap, UBIDI_REMOVE_BIDI_CONTROLS, &status);
		if (U_SUCCESS(status)) {
			if ((err = ubuf_reserve(a, n + 1)) < 0)
				goto done;
			memcpy(a->p, b->p, (size_t)n * sizeof(UChar));
			a->len = n;
		}
	}
	err = U_FAILURE(status) ? icu_failed(status, "reordering bidirectional text") : 0;
done:
	ubidi_close(bidi);
	return err;
}

/*
 * The form before transliteration, in a: in display order, NFKC (case
 * folded if asked), decomposed,
 * marks, format characters and default ignorables removed, composed
 * again.  b is scratch.
 */
static int prefold(struct ubuf *a, struct ubuf *b, int casefold)
{
	const UNormalizer2 *nfkc_cf, *nfd, *nfc;
	int32_t i = 0, j = 0;
	int err;

	if ((err = norm_instance(&nfkc_cf, casefold ? unorm2_getNFKCCasefoldInstance : unorm2_getNFKCInstance)) < 0 ||
		(err = norm_instance(&nfd, unorm2_getNFDInstance)) < 0 ||
		(err = norm_instance(&nfc, unorm2_getNFCInstance)) < 0)
		return err;
	if ((err = display_order(a, b)) < 0 || (err = normalize(nfkc_cf, b, a)) < 0 ||
		(err = normalize(nfd, a, b)) < 0)
		return err;
	while (i < a->len) {
		UChar32 c;
		int32_t at = i;

		U16_NEXT(a->p, i, a->len, c);
		if (invisible(c))
			continue;
		while (at < i)
			a->p[j++] = a->p[at++];
	}
	a->len = j;
	if ((err = normalize(nfc, b, a)) < 0 || (err = ubuf_reserve(a, b->len + 1)) < 0)
		return err;
	memcpy(a->p, b->p, (size_t)b->len * sizeof(UChar));
	a->len = b->len;
	return 0;
}

static int all_ascii(const struct ubuf *a)
{
	int32_t i;

	for (i = 0; i < a->len; i++)
		if (a->p[i] >= 0x80)
			return 0;
	return 1;
}

/* a = Any-Latin; Latin-ASCII (a); b is scratch. */
static int transliterate(struct ubuf *a, struct ubuf *b)
{
	UTransliterator *t;
	int32_t cap = a->len * 4 + 64;
	int err;

	if (all_ascii(a))
		return 0; /* already Latin ASCII: the transliterator would change nothing */
	if ((err = ubuf_reserve(b, a->len + 1)) < 0)
		return err;
	memcpy(b->p, a->p, (size_t)a->len * sizeof(UChar));
	b->len = a->len;
	if ((err = borrow_translit(&t)) < 0)
		return err;
	for (;;) {
		UErrorCode status = U_ZERO_ERROR;
		int32_t len = b->len, limit = b->len;

		if ((err = ubuf_reserve(a, cap)) < 0)
			break;
		memcpy(a->p, b->p, (size_t)b->len * sizeof(UChar));
		utrans_transUChars(t, a->p, &len, a->cap, 0, &limit, &status);
		if (status == U_BUFFER_OVERFLOW_ERROR || len >= a->cap) {
			if (len > INT32_MAX / 2 - 64) {
				err = oreg_error(OREG_ELIMIT, "transliterated text is too long");
				break;
			}
			cap = len + 64;
			continue;
		}
		if (U_FAILURE(status)) {
			err = icu_failed(status, "transliterating");
			break;
		}
		a->len = len;
		break;
	}
	give_back(t);
	return err;
}

/*
 * Append the folded form of a to out: letters and digits lower case,
 * everything else a space (a '.' kept when keep_dots), one space between
 * words, none at the ends.
 */
static int postfold(struct oreg_buf *out, const struct ubuf *a, int keep_dots)
{
	int32_t i = 0;
	int space = 0;
	size_t start = out->len;

	while (i < a->len) {
		UChar32 c;
		int32_t n = 0;

		U16_NEXT(a->p, i, a->len, c);
		if (!u_isalnum(c) && !(keep_dots && c == '.')) {
			space = out->len > start;
			continue;
		}
		if (space)
			oreg_buf_addch(out, ' ');
		space = 0;
		if (c < 0x80) {
			oreg_buf_addch(out, (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
			continue;
		}
		{
			uint8_t u8[U8_MAX_LENGTH];

			c = u_foldCase(c, U_FOLD_CASE_DEFAULT);
			U8_APPEND_UNSAFE(u8, n, c);
			oreg_buf_add(out, u8, (size_t)n);
		}
	}
	return oreg_buf_error(out);
}

/* The ASCII shortcut of prefold + transliterate + postfold: identical output, no ICU. */
static int ascii_fold(struct oreg_buf *out, const char *s, size_t len, int keep_dots)
{
	size_t i, start = out->len;
	int space = 0;

	for (i = 0; i < len; i++) {
		char c = s[i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (keep_dots && c == '.'))) {
			space = out->len > start;
			continue;
		}
		if (space)
			oreg_buf_addch(out, ' ');
		space = 0;
		oreg_buf_addch(out, c);
	}
	return oreg_buf_error(out);
}

static int is_ascii(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80)
			return 0;
	return 1;
}

/* ---- the API ---- */

int oreg_unicode_nfkc(struct oreg_buf *out, const char *s, size_t len)
{
	struct ubuf a = { 0 }, b = { 0 };
	const UNormalizer2 *nfkc;
	int err;

	if (is_ascii(s, len)) {
		oreg_buf_add(out, s, len); /* ASCII is its own NFKC */
		return oreg_buf_error(out);
	}
	if ((err = norm_instance(&nfkc, unorm2_getNFKCInstance)) < 0 || (err = from_utf8(&a, s, len)) < 0 ||
		(err = normalize(nfkc, &b, &a)) < 0)
		goto done;
	err = to_utf8(out, b.p, b.len);
done:
	ubuf_release(&a);
	ubuf_release(&b);
	return err;
}

int oreg_unicode_fold(struct oreg_buf *out, const char *s, size_t len, unsigned flags)
{
	struct ubuf a = { 0 }, b = { 0 };
	int keep_dots = !!(flags & OREG_FOLD_KEEP_DOTS);
	int err;

	if (is_ascii(s, len))
		return ascii_fold(out, s, len, keep_dots);
	if ((err = from_utf8(&a, s, len)) < 0 || (err = prefold(&a, &b, 1)) < 0 ||
		(err = transliterate(&a, &b)) < 0)
		goto done;
	/* the transliterator may leave what NFKC folds further (Ethiopic "ሟ" is "mʷa"): fold once more */
	if (!all_ascii(&a) && ((err = prefold(&a, &b, 1)) < 0 || (err = transliterate(&a, &b)) < 0))
		goto done;
	err = postfold(out, &a, keep_dots);
done:
	ubuf_release(&a);
	ubuf_release(&b);
	return err;
}

/* skeleton(s) in out (which differs from s); length in *n. */
static int skeleton_of(const USpoofChecker *sc, struct ubuf *out, const UChar *s, int32_t len)
{
	for (;;) {
		UErrorCode status = U_ZERO_ERROR;
		int32_t n = uspoof_getSkeleton(sc, 0, s, len, out->p, out->cap, &status);
		int err;

		if (status == U_BUFFER_OVERFLOW_ERROR || status == U_STRING_NOT_TERMINATED_WARNING) {
			if ((err = ubuf_reserve(out, n + 16)) < 0)
				return err;
			continue;
		}
		if (U_FAILURE(status))
			return icu_failed(status, "computing a skeleton");
		out->len = n;
		return 0;
	}
}

/*
 * The ASCII letter or digit whose skeleton equals sk, or 0: for a
 * capital the capitals are tried first, for a small letter the small
 * letters ("І" is "I" although both look like "l").
 */
static UChar ascii_lookalike(const struct ubuf *sk, UChar32 c)
{
	static const char *const order[3] = {
		"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefghijklmnopqrstuvwxyz",
		"abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
		"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
	};
	const char *o = order[u_isupper(c) || u_istitle(c) ? 0 : u_islower(c) ? 1 : 2];

	for (; *o; o++) {
		const struct ascii_skeleton *k = &ascii_skeletons[(unsigned char)*o];

		if (k->len == sk->len && !memcmp(k->units, sk->p, (size_t)sk->len * sizeof(UChar)))
			return (UChar)*o;
	}
	return 0;
}

/* In a, every code point outside ASCII that looks like an ASCII letter or digit becomes it; b, c scratch. */
static int latin_lookalikes(const USpoofChecker *sc, struct ubuf *a, struct ubuf *b, struct ubuf *sk)
{
	int32_t i = 0;
	int err;

	if ((err = ubuf_reserve(b, a->len + 1)) < 0)
		return err;
	b->len = 0;
	while (i < a->len) {
		int32_t at = i;
		UChar32 c;
		UChar ascii = 0;

		U16_NEXT(a->p, i, a->len, c);
		if (c >= 0x80) {
			if ((err = skeleton_of(sc, sk, a->p + at, i - at)) < 0)
				return err;
			ascii = ascii_lookalike(sk, c);
		}
		if (ascii)
			b->p[b->len++] = ascii;
		else
			while (at < i)
				b->p[b->len++] = a->p[at++];
	}
	memcpy(a->p, b->p, (size_t)b->len * sizeof(UChar));
	a->len = b->len;
	return 0;
}

/*
 * The ASCII shortcut of oreg_unicode_skeleton: ASCII has no look-alikes
 * outside it to replace, and its NFKC case fold is its lower case, so only
 * the skeleton itself needs ICU.  1 when done, 0 when the skeleton left
 * ASCII (then a holds it for the rest of the way), or a failure code.
 */
static int ascii_skeleton(struct oreg_buf *out, struct ubuf *a, struct ubuf *b, const char *s, size_t len,
	int keep_dots)
{
	struct oreg_buf plain = OREG_BUF_INIT;
	int32_t i;
	int err;

	if (len > INT32_MAX / 16)
		return oreg_error(OREG_ELIMIT, "a name is too long");
	if ((err = ubuf_reserve(b, (int32_t)len * (int32_t)ARRAY_SIZE(ascii_skeletons[0].units) + 1)) < 0)
		return err;
	b->len = 0;
	/* the skeleton of each character in turn, from the table get_spoof made */
	for (i = 0; i < (int32_t)len; i++) {
		unsigned char c = (unsigned char)s[i];
		const struct ascii_skeleton *k = &ascii_skeletons[c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c];

		memcpy(b->p + b->len, k->units, (size_t)k->len * sizeof(UChar));
		b->len += k->len;
	}
	if (!all_ascii(b)) {
		if ((err = ubuf_reserve(a, b->len + 1)) < 0)
			return err;
		memcpy(a->p, b->p, (size_t)b->len * sizeof(UChar));
		a->len = b->len;
		return 0;
	}
	for (i = 0; i < b->len; i++)
		oreg_buf_addch(&plain, (char)b->p[i]);
	if ((err = oreg_buf_error(&plain)) == 0)
		err = ascii_fold(out, plain.ptr, plain.len, keep_dots);
	oreg_buf_release(&plain);
	return err < 0 ? err : 1;
}

int oreg_unicode_skeleton(struct oreg_buf *out, const char *s, size_t len, unsigned flags)
{
	struct ubuf a = { 0 }, b = { 0 }, c = { 0 };
	const USpoofChecker *sc;
	int err;

	if (is_ascii(s, len)) {
		if ((err = get_spoof(&sc)) < 0 ||
			(err = ascii_skeleton(out, &a, &b, s, len, !!(flags & OREG_FOLD_KEEP_DOTS))) < 0)
			goto done;
		if (err == 1) {
			err = 0;
			goto done;
		}
		goto fold_again;
	}

	/*
	 * First each look-alike of an ASCII letter or digit becomes that
	 * letter, in its own case (Cyrillic "Ѕ" is "S", Greek "Β" is "B"),
	 * before case folding makes some of them look different ("β").  Then
	 * the name is folded and transliterated, and the skeleton of what is
	 * left catches look-alikes within ASCII ("0" and "O", "rn" and "m").
	 */
	if ((err = get_spoof(&sc)) < 0 || (err = from_utf8(&a, s, len)) < 0 || (err = prefold(&a, &b, 0)) < 0 ||
		(err = latin_lookalikes(sc, &a, &b, &c)) < 0 || (err = prefold(&a, &b, 1)) < 0 ||
		(err = transliterate(&a, &b)) < 0 || (err = skeleton_of(sc, &b, a.p, a.len)) < 0)
		goto done;
	/* prototypes may be capitals ("0" looks like "O") or carry marks: fold once more */
	if ((err = ubuf_reserve(&a, b.len + 1)) < 0)
		goto done;
	memcpy(a.p, b.p, (size_t)b.len * sizeof(UChar));
	a.len = b.len;
fold_again:
	if ((err = prefold(&a, &b, 1)) < 0 || (err = transliterate(&a, &b)) < 0)
		goto done;
	err = postfold(out, &a, !!(flags & OREG_FOLD_KEEP_DOTS));
done:
	ubuf_release(&a);
	ubuf_release(&b);
	ubuf_release(&c);
	return err;
}

/* May a record hold c?  Tab and newline yes, other controls and invisible format characters no. */
static int forbidden(UChar32 c)
{
	int8_t t;

	if (c < 0x80)
		return (c < 0x20 && c != '\t' && c != '\n') || c == 0x7f;
	t = u_charType(c);
	if (t == U_CONTROL_CHAR || t == U_FORMAT_CHAR || t == U_LINE_SEPARATOR || t == U_PARAGRAPH_SEPARATOR)
		return 1;
	/* variation selectors choose a glyph (an emoji's look); other ignorables hide text */
	if ((c >= 0xfe00 && c <= 0xfe0f) || (c >= 0xe0100 && c <= 0xe01ef) || (c >= 0x180b && c <= 0x180f))
		return 0;
	return u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT);
}

int oreg_unicode_find_forbidden(const char *s, size_t len, uint32_t *cp, size_t *offset)
{
	size_t i = 0;

	while (i < len) {
		size_t at = i, n;
		uint32_t c;

		if (!(n = oreg_utf8_decode(s + i, len - i, &c))) {
			i++; /* not UTF-8: the loader reports that */
			continue;
		}
		i += n;
		if (forbidden((UChar32)c)) {
			*cp = c;
			*offset = at;
			return 1;
		}
	}
	return 0;
}

int oreg_unicode_digit(uint32_t cp)
{
	/* a decimal digit of any script (general category Nd): Arabic-Indic, Devanagari, fullwidth, ... */
	return cp <= 0x10ffff && u_charType((UChar32)cp) == U_DECIMAL_DIGIT_NUMBER ? u_charDigitValue((UChar32)cp) : -1;
}

int oreg_unicode_is_word(uint32_t cp)
{
	return cp <= 0x10ffff && (u_isalnum((UChar32)cp) || (U_GET_GC_MASK((UChar32)cp) & U_GC_M_MASK) != 0);
}

void oreg_unicode_char_name(char *out, size_t size, uint32_t cp)
{
	static const UCharNameChoice choices[] = { U_UNICODE_CHAR_NAME, U_CHAR_NAME_ALIAS };
	int32_t cap = size > INT32_MAX ? INT32_MAX : (int32_t)size;
	size_t i;

	if (!size)
		return;
	/* the name, else a corrected name's alias, else what it is */
	for (i = 0; i < ARRAY_SIZE(choices); i++) {
		UErrorCode status = U_ZERO_ERROR;
		int32_t n = u_charName((UChar32)cp, choices[i], out, cap, &status);

		if (U_SUCCESS(status) && n > 0 && n < cap)
			return;
	}
	snprintf(out, size, u_charType((UChar32)cp) == U_CONTROL_CHAR ? "control character" : "U+%04X",
		(unsigned)cp);
}
