/*
 * internal.h - declarations shared between the modules of libopenreg.
 * Not installed; cmd/ and the command-line tests use openreg.h only.
 */
#ifndef OREG_INTERNAL_H
#define OREG_INTERNAL_H

#include "openreg.h"

#include <stdarg.h>
#include <stdbool.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ---- failures (error.c) ---- */

/*
 * Record a one-line failure message and return code, so that
 * "return oreg_error(OREG_ENOTFOUND, "no schema '%s'", name);" reads well.
 */
int oreg_error(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- memory ---- */

/* malloc/calloc/realloc that record OREG_ENOMEM on failure (and return NULL). */
void *oreg_malloc(size_t size);
void *oreg_calloc(size_t n, size_t size);
void *oreg_realloc(void *ptr, size_t size);
char *oreg_strndup(const char *s, size_t len);
char *oreg_strdup(const char *s);

/*
 * Grow *items (of *alloc elements of size elem) so that it holds at least
 * need elements.  Returns 0 or OREG_ENOMEM (leaving *items untouched).
 */
int oreg_grow(void **items, size_t *alloc, size_t need, size_t elem);

/* ---- growable buffer (buf.c), in the style of git's strbuf ---- */

/*
 * ptr is never NULL and always NUL-terminated.  A buffer that fails to
 * grow keeps what it had and remembers the failure in oom; every later
 * append is then a no-op, so callers may check once at the end.
 */
struct oreg_buf {
	char *ptr;
	size_t len;
	size_t alloc;
	bool oom;
};

#define OREG_BUF_INIT { oreg_buf__empty, 0, 0, false }
extern char oreg_buf__empty[];

void oreg_buf_init(struct oreg_buf *buf);
void oreg_buf_release(struct oreg_buf *buf);
void oreg_buf_clear(struct oreg_buf *buf);
void oreg_buf_truncate(struct oreg_buf *buf, size_t len);
void oreg_buf_add(struct oreg_buf *buf, const void *data, size_t len);
void oreg_buf_adds(struct oreg_buf *buf, const char *s);
void oreg_buf_addch(struct oreg_buf *buf, char c);
void oreg_buf_addf(struct oreg_buf *buf, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void oreg_buf_vaddf(struct oreg_buf *buf, const char *fmt, va_list ap);
/* Append s (len bytes) as a JSON string literal, quotes included. */
void oreg_buf_add_json_string(struct oreg_buf *buf, const char *s, size_t len);
/* Append one JSON pointer reference token, escaping '~' and '/'. */
void oreg_buf_add_pointer_token(struct oreg_buf *buf, const char *s, size_t len);
/* Hand over the string (malloc'd) and reset the buffer; NULL if out of memory. */
char *oreg_buf_detach(struct oreg_buf *buf, size_t *len);
/* 0, or OREG_ENOMEM when an append failed. */
int oreg_buf_error(const struct oreg_buf *buf);

/* ---- arena (arena.c): many small allocations freed at once ---- */

struct oreg_arena_block;
struct oreg_arena {
	struct oreg_arena_block *head;
	size_t used, size;
};

void oreg_arena_init(struct oreg_arena *arena);
void oreg_arena_release(struct oreg_arena *arena);
/* size bytes aligned for any type, or NULL (OREG_ENOMEM recorded). */
void *oreg_arena_alloc(struct oreg_arena *arena, size_t size);
/* Move every block of from into arena; from is left empty.  Returns 0. */
int oreg_arena_adopt(struct oreg_arena *arena, struct oreg_arena *from);

/* ---- the loader's typing of plain scalars (yaml.c) ---- */

/* Would the loader read the plain scalar s as null, a boolean or a number rather than a string? */
bool oreg_yaml_plain_is_typed(const char *s, size_t len);

/* ---- documents (value.c) ---- */

struct oreg_document {
	struct oreg_arena arena;
	struct oreg_value *root;
};

/* ---- UTF-8 (utf8.c) ---- */

/*
 * Check that s is well-formed UTF-8 (no overlong forms, no surrogates,
 * nothing past U+10FFFF).  Returns 1 if so; otherwise 0 and sets *bad to
 * the offset of the first bad byte.
 */
int oreg_utf8_valid(const char *s, size_t len, size_t *bad);

/* Number of code points in well-formed UTF-8. */
size_t oreg_utf8_length(const char *s, size_t len);

/*
 * The well-formed UTF-8 sequence at the start of s (len > 0 bytes): its
 * length, with the code point in *cp; 0 when s does not start with one.
 */
size_t oreg_utf8_decode(const char *s, size_t len, uint32_t *cp);

/* ---- escaping output (escape.c; the formats are in openreg.h) ---- */

/* Append s (len bytes) escaped for how. */
void oreg_escape_add(struct oreg_buf *b, enum oreg_escape how, const char *s, size_t len);
/* Is cp a control or bidirectional control character that every format escapes? */
bool oreg_escape_is_unsafe(uint32_t cp);

/* ---- regular expressions (regex.c, the only user of PCRE2) ---- */

struct oreg_regex;

/*
 * Compile an ECMA-262 pattern (UTF-8).  On a bad pattern returns
 * OREG_EINVALID with the reason in oreg_error_message().
 */
int oreg_regex_compile(struct oreg_regex **out, const char *pattern, size_t len);
/* 1 when the pattern matches anywhere in s, 0 when not, negative on failure. */
int oreg_regex_search(const struct oreg_regex *re, const char *s, size_t len);
void oreg_regex_free(struct oreg_regex *re);


/* ---- Unicode (unicode.c, the only user of ICU) ---- */

/*
 * Append the NFKC form of s (UTF-8; ill-formed bytes read as U+FFFD) to
 * out: fullwidth, superscript and mathematical letters and digits become
 * the plain ones.  Returns 0, OREG_ENOMEM, or OREG_ELIMIT for input over
 * 16 MiB.
 */
int oreg_unicode_nfkc(struct oreg_buf *out, const char *s, size_t len);

/* oreg_unicode_fold and _skeleton: keep '.' (for "b.v." and "u.a."), else it is punctuation */
#define OREG_FOLD_KEEP_DOTS 1u

/*
 * Append the folded form of a name to out: NFKC case fold, default
 * ignorables, format characters and marks removed, transliterated to
 * Latin ASCII ("Any-Latin; Latin-ASCII"), punctuation to spaces, one
 * space between words and none at the ends.  "Ｓａｍｉ-doun", "SAMI DOUN"
 * and "Sạmi\u00addoun" fold to "sami doun".  Letters no transliterator
 * knows stay, case folded.  Returns 0 or a failure code as above.
 */
int oreg_unicode_fold(struct oreg_buf *out, const char *s, size_t len, unsigned flags);

/*
 * Append the confusable skeleton (UTS #39) of a name, folded as above:
 * names that look alike fold to the same skeleton even where their
 * letters differ ("Ѕаmіdоun" in Cyrillic letters, "Samid0un", "Samidoun"
 * all give "samidoun").  The skeleton is taken before transliteration,
 * which would read look-alike letters by their sound.
 */
int oreg_unicode_skeleton(struct oreg_buf *out, const char *s, size_t len, unsigned flags);

/*
 * Find the first code point a record may not hold: a control character
 * other than tab and newline, a bidirectional control (U+202A-U+202E,
 * U+2066-U+2069), any other format character (U+200B zero width space,
 * U+00AD soft hyphen, U+2060 word joiner, ...), a line or paragraph
 * separator, or another default-ignorable code point except variation
 * selectors.  Returns 1 with the code point in *cp and its byte offset in
 * *offset, or 0 when there is none.  Ill-formed UTF-8 is skipped.
 */
int oreg_unicode_find_forbidden(const char *s, size_t len, uint32_t *cp, size_t *offset);

/*
 * The Unicode name of cp ("RIGHT-TO-LEFT OVERRIDE"), "control character"
 * for those (they have none), or "U+XXXX"; always terminated.
 */
void oreg_unicode_char_name(char *out, size_t size, uint32_t cp);

/*
 * Refuse every string and key under root that holds a code point
 * oreg_unicode_find_forbidden finds, naming it (codepoints.c).  Returns the
 * number of findings added, or a failure code.
 */
int oreg_record_check_characters(const struct oreg_value *root, const char *path,
	struct oreg_findings *findings);

/*
 * Free the transliterators and the spoof checker.  Done at exit on its
 * own; callable earlier (the next call makes new ones).
 */
void oreg_unicode_cleanup(void);

/* ---- the register (register.c) ---- */

/* One record type: where its files live and which schema they follow. */
struct oreg_record_type {
	char *name;        /* "contact" */
	char *folder;      /* "contacts", under the records folder */
	char *schema_path; /* "schemas/contact.schema.yaml" */
	char *year_field;  /* "date": files sit in <folder>/<YYYY>/; or NULL */
	enum oreg_visibility visibility;
	struct oreg_schema *schema;
};

struct oreg_register {
	char *records_dir; /* "records" */
	struct oreg_record_type *types;
	size_t ntypes;
	char **legal_forms; /* dropped when names are compared */
	size_t nlegal_forms;
	unsigned close_name_distance;
	unsigned privacy_kinds; /* OREG_PRIVACY_* bits that are enforced */
};

/* The type whose folder is folder (length len), or NULL. */
const struct oreg_record_type *oreg_register_type_by_folder(const struct oreg_register *reg,
	const char *folder, size_t len);

/* Is s (len bytes) a valid record id?  If not, *why says what is wrong. */
bool oreg_id_valid(const char *s, size_t len, const char **why);

/* The finding for a file over the size limit, shared by the loader and the tree walk. */
int oreg_yaml_refuse_size(struct oreg_findings *findings, const char *file, unsigned long long size,
	size_t limit);

/* ---- entries (entries.c) ---- */

struct oreg_entries_strings {
	struct oreg_arena arena;
};

/* Append an entry, copying path; returns the new entry or NULL (OREG_ENOMEM). */
struct oreg_entry *oreg_entries_add(struct oreg_entries *entries, const char *path, size_t len,
	enum oreg_entry_mode mode);

/* Sort by path, in byte order (git's index order). */
void oreg_entries_sort(struct oreg_entries *entries);

/* Check one regular record file's content: the size limit, then oreg_register_check_record. */
int oreg_register_check_content(const struct oreg_register *reg, const struct oreg_entry *entry,
	const char *data, size_t len, struct oreg_findings *findings);

/* ---- edit distance (editdist.c) ---- */

enum oreg_edit_kind {
	OREG_EDIT_LEVENSHTEIN, /* insert, delete, replace */
	OREG_EDIT_SWAP         /* and a swap of two neighbours, as one edit (optimal string alignment) */
};

/*
 * How many edits of kind turn byte string a into b; limit + 1 when more
 * than limit (counting stops there), or when out of memory.
 */
size_t oreg_edit_distance(const char *a, size_t alen, const char *b, size_t blen, size_t limit,
	enum oreg_edit_kind kind);

/* ---- names (names.c) ---- */

/*
 * The normal form of an organisation name: lower case, diacritics and
 * punctuation removed, words separated by one space, the register's
 * legal-form words dropped (reg may be NULL).  malloc'd; NULL when out of
 * memory.  s must be valid UTF-8.
 */
char *oreg_name_normalise(const struct oreg_register *reg, const char *s, size_t len);

/* Levenshtein distance of two byte strings, or limit + 1 when above limit. */
size_t oreg_name_distance(const char *a, size_t alen, const char *b, size_t blen, size_t limit);

/* ---- one record's rules, with what the rules across records need (record.c) ---- */

struct oreg_record_scan {
	/* filled in */
	const struct oreg_record_type *type; /* NULL when the path is no record's */
	const char *id;                      /* inside path */
	size_t id_len;
	struct oreg_document *doc;           /* the loaded record (the caller frees it), or NULL */
	/* called for every string value under an x-ref annotation */
	int (*on_ref)(void *payload, const char *type, const struct oreg_value *value, const char *pointer);
	void *payload;
};

/* oreg_register_check_record, keeping what scan asks for. */
int oreg_register_scan_record(const struct oreg_register *reg, const char *path,
	const char *data, size_t len, struct oreg_findings *findings, struct oreg_record_scan *scan);

/* ---- overviews for Parliament (overview.c, render.c, i18n.c) ---- */

/* A record file handed to oreg_overview_build: a path under records/ and its bytes. */
struct oreg_overview_input {
	const char *path; /* "records/organisations/x.yaml", "records/contacts/2024/y.yaml" */
	const char *data;
	size_t len;
};

/*
 * oreg_overview_new without git: the document from the organisation and
 * contact files in records (the caller's; nothing else is read).  There
 * is no history, so the deleted section and the correction log stay
 * empty and the source commit is "".  For tests and other front ends.
 */
int oreg_overview_build(struct oreg_overview **out, const struct oreg_register *reg,
	const struct oreg_overview_input *records, size_t nrecords,
	const struct oreg_overview_options *options, struct oreg_findings *warnings);

/* The readable label of an organisation kind or theme in lang; the value itself when unknown. */
const char *oreg_i18n_kind(const char *value, enum oreg_language lang);
const char *oreg_i18n_theme(const char *value, enum oreg_language lang);
/* The place of a theme in the Agenda's order, or -1 for a theme the table does not know. */
int oreg_i18n_theme_rank(const char *value);
/* The English key ("name", "contacts") and the label in lang of an OREG_FIELD_* bit. */
const char *oreg_i18n_field_key(unsigned field);
const char *oreg_i18n_field(unsigned field, enum oreg_language lang);

/* ---- writing values back out (yamlout.c) ---- */

/* s as a YAML scalar: plain when that reads back as the same string, else double-quoted. */
void oreg_yaml_add_string(struct oreg_buf *b, const char *s, size_t len, bool flow);
/* A number as YAML (and JSON, for finite values) that reads back equal. */
void oreg_yaml_add_number(struct oreg_buf *b, const struct oreg_value *v);
/* A value on one line in YAML flow style (oreg_value_compact); flow: inside [ ] or { }. */
void oreg_value_add_compact(struct oreg_buf *b, const struct oreg_value *v, bool flow);

/* ---- git's index file, read directly (gitindex.c) ---- */

struct oreg_index_tree {
	char *path;          /* "" for the top, "records/contacts" */
	long count;          /* entries below it, -1 when invalidated by a change */
	unsigned char id[20];
};

struct oreg_index {
	unsigned version;
	struct oreg_entries entries;   /* under the prefix asked for, in path order */
	struct oreg_index_tree *trees; /* the cache-tree, pre-order */
	size_t ntrees;
};

/*
 * Read the index file at path, keeping the entries whose path starts with
 * prefix.  OREG_EINVALID for a format this reader does not handle (the
 * caller then uses libgit2).
 */
int oreg_index_read(struct oreg_index *ix, const char *path, const char *prefix);
void oreg_index_release(struct oreg_index *ix);
/* The tree id the cache-tree holds for folder path, when still valid; NULL otherwise. */
const unsigned char *oreg_index_tree(const struct oreg_index *ix, const char *path);


/* ---- what the history ever referred to (everref.c) ---- */

/*
 * The organisations that the first-parent chain of tip ever referred to:
 * named by a record in the folder contacts ("records/contacts"), or holding
 * a partnership in the folder organisations.  Either folder may be NULL.
 * Each folder version and record version is read once.  This is the one
 * place that answers "ever referred to"; a history index may serve it.
 */
struct oreg_everref;
int oreg_everref_compute(struct oreg_everref **out, struct oreg_repo *repo, const char *tip,
	const char *organisations, const char *contacts);
/* The path of a record that referred to organisation (borrowed, lives with ever), or NULL. */
const char *oreg_everref_by(const struct oreg_everref *ever, const char *organisation);
/* What the walk read: commits, folder trees, record blobs, and the organisations found. */
void oreg_everref_counts(const struct oreg_everref *ever, size_t *commits, size_t *trees, size_t *blobs,
	size_t *organisations);
void oreg_everref_free(struct oreg_everref *ever);

#endif
