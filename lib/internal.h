/*
 * internal.h - declarations shared between the modules of libopenreg.
 * Not installed; cmd/ and the command-line tests use openreg.h only.
 */
#ifndef OREG_INTERNAL_H
#define OREG_INTERNAL_H

#include "openreg.h"

#include <stdatomic.h>

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
/*
 * Append before (the separator and key, as in ", \"name\": ") and then s as a
 * JSON string literal, or null when s is NULL: one member of an object.
 */
void oreg_buf_add_json_member(struct oreg_buf *buf, const char *before, const char *s);
/* Append one JSON pointer reference token, escaping '~' and '/'. */
/* "/" and i in decimal: a JSON pointer's array index. */
void oreg_buf_add_index(struct oreg_buf *buf, size_t i);
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
/* A copy of s (len bytes) with a NUL after it, or NULL (OREG_ENOMEM recorded). */
char *oreg_arena_strndup(struct oreg_arena *arena, const char *s, size_t len);
/* Free all but the newest block and make it empty again: for the next of many similar uses. */
void oreg_arena_reset(struct oreg_arena *arena);
/* Move every block of from into arena; from is left empty.  Returns 0. */
int oreg_arena_adopt(struct oreg_arena *arena, struct oreg_arena *from);

/* ---- work on every core, and the one hash (parallel.c) ---- */

/* The number of cores online (at least 1), looked up once. */
unsigned oreg_cores(void);

/* 64-bit FNV-1a of n bytes at p, going on from h: start from OREG_HASH_INIT. */
#define OREG_HASH_INIT 14695981039346656037ULL
uint64_t oreg_hash(uint64_t h, const void *p, size_t n);

/* What one worker has of its own while oreg_parallel_for runs. */
struct oreg_worker {
	struct oreg_arena arena;
	struct oreg_findings findings;
};

struct oreg_parallel {
	size_t n;                       /* items 0..n-1 */
	unsigned threads;               /* 0: one per core */
	int (*fn)(void *payload, size_t i, struct oreg_worker *worker);
	void *payload;
	struct oreg_arena *arena;       /* the workers' arenas join it, or NULL */
	struct oreg_findings *findings; /* the workers' findings move to it, or NULL */
	const char *progress;           /* "Checking records": reported as progress.c says, or NULL */
};

/*
 * Call job->fn(job->payload, i, worker) for every i in 0..job->n-1, on a
 * pool of job->threads threads (0: one per core; fewer than a few dozen
 * items: the caller's thread only), the caller's thread among them.  fn
 * may run for several i at once on different threads; what it allocates
 * to outlive the call goes in worker->arena, what it finds in
 * worker->findings.  At the end the workers' arenas join job->arena and
 * their findings move to job->findings (each released when NULL).  The
 * first fn that fails stops the others from taking more items; its code
 * is returned, with its message recorded on the caller's thread.
 */
int oreg_parallel_for(const struct oreg_parallel *job);

/* ---- the loader's typing of plain scalars (yaml.c) ---- */

/* Would the loader read the plain scalar s as null, a boolean or a number rather than a string? */
bool oreg_yaml_plain_is_typed(const char *s, size_t len);
/*
 * Type v, the plain scalar s, as the loader does: true when it is null, a
 * boolean or a number (v's type and value set); false leaves it a string,
 * but the union may have been written over (type a copy).
 */
bool oreg_yaml_plain_type(struct oreg_value *v, const char *s, size_t len);

/*
 * Load data as oreg_yaml_load does, without libyaml, when it is written in
 * the plain block style records use (yamlquick.c says which): 1 with *out
 * set, 0 (nothing set, nothing said) when data lies outside that style and
 * oreg_yaml_load must read it, or a failure.
 */
int oreg_yaml_load_quick(struct oreg_document **out, const char *data, size_t len);

/* ---- names of enumerated values (named.c) ---- */

/*
 * One row of a table that maps the names of an enumeration, as options,
 * schemas and records write them, to its values (an enum, a set of bits).
 */
struct oreg_named {
	const char *name;
	int value;
};

/* The value of the row of table[0..n) named name[0..len), or fallback when none is (or name is NULL). */
int oreg_named_find(const struct oreg_named *table, size_t n, const char *name, size_t len, int fallback);

/* The same for a value: fallback also when value is NULL or not a string. */
int oreg_named_value(const struct oreg_named *table, size_t n, const struct oreg_value *value, int fallback);

/* public, confidential and personal, with their enum oreg_visibility, least to most protected (named.c). */
extern const struct oreg_named oreg_visibilities[3];

/* The name of a visibility, as schemas write it: "public"; "unset" for OREG_VISIBILITY_UNSET. */
const char *oreg_visibility_name(enum oreg_visibility v);

/* ---- documents (value.c) ---- */

struct oreg_document {
	struct oreg_arena arena;
	struct oreg_value *root;
};

/* A document being built (by the two YAML loaders); err keeps the first failure (out of memory). */
struct oreg_document_builder {
	struct oreg_document *doc;
	int err;
};

/* A value of type at line and column, the rest zero, in the document; NULL (b->err set) when out of memory. */
struct oreg_value *oreg_build_value(struct oreg_document_builder *b, enum oreg_value_type type, unsigned line,
	unsigned column);
/* A copy of s (len bytes, NUL added) in the document; NULL (b->err set) when out of memory. */
char *oreg_build_string(struct oreg_document_builder *b, const char *s, size_t len);

/* ---- UTF-8 (utf8.c) ---- */

/*
 * Check that s is well-formed UTF-8 (no overlong forms, no surrogates,
 * nothing past U+10FFFF).  Returns 1 if so; otherwise 0 and sets *bad to
 * the offset of the first bad byte.
 */
int oreg_utf8_valid(const char *s, size_t len, size_t *bad);

/*
 * The well-formed UTF-8 sequence at the start of s (len bytes): its
 * length (1 to 4) with its code point in *cp; 0 when s does not start with
 * one (a stray continuation byte, a cut, overlong or surrogate sequence,
 * beyond U+10FFFF) or len is 0.
 */
size_t oreg_utf8_decode(const char *s, size_t len, uint32_t *cp);

/* Number of code points in well-formed UTF-8. */
size_t oreg_utf8_length(const char *s, size_t len);

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

/* The value of cp when it is a decimal digit of any script (٣, ३, ３), else -1. */
int oreg_unicode_digit(uint32_t cp);

/* Is cp a letter, a combining mark or a digit of any script: part of a word, where a quote or a dash is not? */
int oreg_unicode_is_word(uint32_t cp);

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

/* ---- progress of long work (progress.c) ---- */

/* One piece of work that counts its items; ticked from any thread. */
struct oreg_progress {
	const char *what;     /* "Checking records" */
	size_t total;
	atomic_size_t done;
	atomic_int busy;      /* a thread is reporting */
	size_t every;         /* report every this many items (a power of two, less one) */
};

void oreg_progress_begin(struct oreg_progress *p, const char *what, size_t total);
/* One more item done; every few items the program's function hears of it. */
void oreg_progress_tick(struct oreg_progress *p);
/* All done: the program's function hears done == total. */
void oreg_progress_end(struct oreg_progress *p);

/* ---- the register (register.c) ---- */

/* ---- dates in words (longdate.c) ---- */

/* "1 januari 2024" / "1 January 2024" for YYYYMMDD d. */
void oreg_date_add_long(struct oreg_buf *b, int32_t d, enum oreg_language lang);
/* "1 januari 2024 tot en met 31 december 2024"; until 0: "vanaf 1 januari 2024" ("from ..."). */
void oreg_period_add_long(struct oreg_buf *b, int32_t from, int32_t until, enum oreg_language lang);

/* ---- labels of enumerated values, from the schemas (labels.c) ---- */

/* One value with its labels; nl and en are the value itself when the schema gives none. */
struct oreg_label {
	char *value, *nl, *en;
};

/* The values of one property (by name: "kind", "themes"), in the schema's order. */
struct oreg_label_set {
	char *name;
	struct oreg_label *items;
	size_t count;
};

struct oreg_labels {
	struct oreg_label_set *sets;
	size_t count, alloc;
};

/*
 * Collect into out the labels of every property of schema (a schema
 * document's root) whose values are a oneOf of const + title (+ x-title-en)
 * or an enum.  Returns 0 or OREG_ENOMEM.
 */
int oreg_labels_collect(struct oreg_labels *out, const struct oreg_value *schema);
void oreg_labels_release(struct oreg_labels *labels);
void oreg_label_set_release(struct oreg_label_set *set);
/* The labels of property name of type, or NULL; they live as long as reg. */
const struct oreg_label_set *oreg_register_labels(const struct oreg_register *reg, const char *type,
	const char *name);
const struct oreg_label *oreg_label_find(const struct oreg_label_set *set, const char *value);
/* The label of value in lang; value itself when set does not know it. */
const char *oreg_label_text(const struct oreg_label_set *set, const char *value, enum oreg_language lang);
/* The place of value in set, or -1. */
int oreg_label_rank(const struct oreg_label_set *set, const char *value);
/* A copy of src (may be NULL) in arena a. */
int oreg_label_set_copy(const struct oreg_label_set **out, const struct oreg_label_set *src, struct oreg_arena *a);
/* A copy of src whose strings live in arena a (never release it); it has no compiled pattern. */
int oreg_publication_copy(struct oreg_publication *dst, const struct oreg_publication *src, struct oreg_arena *a);

/* ---- the register's privacy settings (privacy.c) ---- */

/* rules.privacy of register.yaml beyond its patterns. */
struct oreg_privacy_settings {
	char **roles;        /* the roles participants are recorded by, as written */
	char **roles_folded; /* the same folded (oreg_unicode_fold), as compared */
	size_t nroles, roles_alloc, roles_folded_alloc;
	char **given_names;  /* folded, sorted, unique: what the name recogniser looks for */
	size_t ngiven_names, given_names_alloc;
};

/*
 * Read rules.privacy (privacy may be NULL or not a mapping: the defaults)
 * into set, which the caller releases even on failure.  Returns the
 * number of problems (findings in schemas/register.yaml) or a failure code.
 */
int oreg_privacy_settings_parse(struct oreg_privacy_settings *set, const struct oreg_value *privacy,
	struct oreg_findings *findings);
void oreg_privacy_settings_release(struct oreg_privacy_settings *set);
/*
 * 1 when s (len bytes) is one of set's roles, case and accents aside; 0
 * when not, with *suggestion the closest role (or NULL); or a failure code.
 */
int oreg_privacy_role(const struct oreg_privacy_settings *set, const char *s, size_t len, const char **suggestion);
/* Append set's roles to b, as "bestuur, directie, ...". */
void oreg_privacy_roles_add_list(struct oreg_buf *b, const struct oreg_privacy_settings *set);
/*
 * oreg_privacy_scan_from with set's given names (set may be NULL: none):
 * a given name followed by a capitalised word is the name of a person.
 */
unsigned oreg_privacy_scan_set(const struct oreg_privacy_settings *set, const char *s, size_t len, size_t from,
	unsigned allow, size_t *offset);
/*
 * Call fn for each piece of personal data in s, in text order, with its
 * kind and byte offset (kinds in allow are not looked for); the scan goes
 * on after the word each was found in.  Returns 0 or fn's negative code.
 */
int oreg_privacy_each(const struct oreg_privacy_settings *set, const char *s, size_t len, unsigned allow,
	int (*fn)(void *payload, unsigned kind, size_t offset), void *payload);

/* Who made a commit: a name and an e-mail address (either may be NULL). */
struct oreg_identity {
	const char *name, *email;
};

/*
 * Personal data in a commit message, each a privacy finding in file at its
 * line and column in the message.  The names and addresses of who (the
 * author and committer: a Signed-off-by: trailer names them) are left out,
 * and with OREG_MESSAGE_EDITING in how (a commit not made yet, as
 * commit-msg sees it) so are comment lines and what follows git's scissors
 * line, as git leaves them out.  Returns 0 or a failure code.
 */
#define OREG_MESSAGE_EDITING 1u
/*
 * The annotated tag id names and the tags it names: each one's name, message, tagger's name and tagger's
 * e-mail address, NUL-terminated, len bytes
 * in all; 0 and NULL for another object.
 */
int oreg_repo_tag_messages(char **out, size_t *len, struct oreg_repo *r, const char *id);
/*
 * A file's or ref's name made into words for the privacy scan, in place: hyphens, slashes and underscores part
 * words, as spaces do in text, and a date (YYYY-MM-DD) is masked, so that the numbers after it are read alone.
 */
void oreg_privacy_name_words(char *s, size_t len);
int oreg_privacy_check_message(const struct oreg_register *reg, const char *file, const char *message, unsigned how,
	const struct oreg_identity *who, size_t nwho, struct oreg_findings *findings);
/*
 * Personal data in the author's or committer's free text (field:
 * "author" or "committer"): a phone number, BSN, IBAN or e-mail address in
 * the name, a phone number, BSN or IBAN in the address.  The name and
 * address themselves are who made the commit, not a finding.
 */
int oreg_privacy_check_identity(const struct oreg_register *reg, const char *file, const char *field,
	const struct oreg_identity *who, struct oreg_findings *findings);

/*
 * Personal data in the name and content of a file outside the records (a
 * note, a README), at line and column.  A file up to OREG_PRIVACY_FILE_MAX
 * is read whole, NUL bytes or not; above it a binary file is not read and a
 * text file is refused as too large to scan.
 */
#define OREG_PRIVACY_FILE_MAX (1024 * 1024)
int oreg_privacy_check_file(const struct oreg_register *reg, const char *path, const char *data, size_t len,
	struct oreg_findings *findings);

/* One record type: where its files live and which schema they follow. */
struct oreg_record_type {
	char *name;        /* "contact" */
	char *folder;      /* "contacts", under the records folder */
	char *schema_path; /* "schemas/contact.schema.yaml" */
	char *year_field;  /* "date": files sit in <folder>/<YYYY>/; or NULL */
	enum oreg_visibility visibility;
	struct oreg_schema *schema;
	struct oreg_labels labels; /* of its enumerated values (labels.c) */
};

struct oreg_register {
	char *records_dir; /* "records" */
	struct oreg_record_type *types;
	size_t ntypes;
	char **legal_forms; /* dropped when names are compared */
	size_t nlegal_forms;
	char **legal_folded, **legal_skeletons; /* the same folded, and as skeletons (names.c) */
	char **generic_words; /* words too common to tell organisations apart on their own */
	size_t ngeneric_words;
	char **generic_folded, **generic_skeletons; /* the same folded, and as skeletons (names.c) */
	unsigned close_name_distance;
	unsigned token_similarity; /* percent of words shared at which names possibly match */
	char **screening_lists;    /* list files in the repository that check applies to new organisations */
	size_t nscreening_lists;
	unsigned *screening_list_lines, *screening_list_columns; /* where register.yaml names each */
	unsigned privacy_kinds; /* OREG_PRIVACY_* bits that are enforced */
	struct oreg_privacy_settings privacy; /* roles (privacy.c) */
	struct oreg_publication publication; /* the publication: section (publication.c) */
};

/*
 * Reading a section of register.yaml: each problem found is a finding of
 * the register rule at the value it is about (line 1 when there is none);
 * err keeps a failure to record one.
 */
struct oreg_settings_reader {
	struct oreg_findings *findings;
	int problems;
	int err;
};

void oreg_settings_problem(struct oreg_settings_reader *r, const struct oreg_value *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The type whose folder is folder (length len), or NULL. */
const struct oreg_record_type *oreg_register_type_by_folder(const struct oreg_register *reg,
	const char *folder, size_t len);
/* The type called name (organisation, contact, ...), or NULL; reg and name may be NULL. */
const struct oreg_record_type *oreg_register_type_named(const struct oreg_register *reg, const char *name);
/* The type whose folder the path (records/<folder>/...) lies in, or NULL: what the layout rule would say. */
const struct oreg_record_type *oreg_register_type_of_path(const struct oreg_register *reg, const char *path);

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

/* In a sorted listing, the first entry whose path is not before path (count when none). */
size_t oreg_entries_lower_bound(const struct oreg_entries *entries, const char *path);

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

/* ---- JSON lines (json.c, the only user of json-c) ---- */

/* One entity of a screening list, as json.c or the CSV reader found it. */
struct oreg_list_entity {
	struct {
		const char *id;       /* "NK-abc...", or NULL */
		const char *schema;   /* "Organization", or NULL (a CSV row) */
		const char *names[64];  /* name, alias, weakAlias, previousName, in that order */
		const char *kinds[64];  /* which of those each name is */
		size_t nnames;
		const char *numbers[16]; /* registrationNumber */
		size_t nnumbers;
	} fields;
	void *doc; /* what the strings live in, until the next entity or release */
};

struct oreg_json_reader;

int oreg_json_reader_new(struct oreg_json_reader **out);
void oreg_json_reader_free(struct oreg_json_reader *r);
/*
 * Read one FollowTheMoney entity from a line of JSON into out (its strings
 * live until the next call or oreg_list_entity_release).  1 for an entity,
 * 0 for a line that is not a JSON object (out is empty then).
 */
int oreg_json_entity(struct oreg_json_reader *r, const char *line, size_t len, struct oreg_list_entity *out);
void oreg_list_entity_release(struct oreg_list_entity *e);

/* ---- commit messages (git/repo.c) ---- */

/*
 * 1 when message has a trailer key whose value names want (holds it,
 * case aside, want's surrounding white space trimmed), 0 when not, or a
 * failure code.
 */
int oreg_message_trailer_names(const char *message, const char *key, const char *want);

/* ---- names (names.c) ---- */

/*
 * The forms in which a name is compared, computed once per name.  The
 * strings live in the arena given to oreg_name_forms_compute.
 */
struct oreg_name_forms {
	const char *folded;           /* oreg_unicode_fold: "stichting samidoun nederland" */
	const char *skeleton;         /* oreg_unicode_skeleton of the same: look-alikes made equal */
	const char *compact;          /* folded without spaces */
	const char *skeleton_compact; /* skeleton without spaces */
	const char **tokens;          /* the folded words, legal forms at the ends dropped; sorted, unique */
	size_t ntokens;
	const char **skeleton_tokens; /* the same from the skeleton */
	size_t nskeleton_tokens;
	const char *acronym;          /* first letters of three or more words, or "" */
	const char *words, *skeleton_words; /* the words in their order without spaces or legal forms */
};

/* Compute the forms of name s (UTF-8) with reg's legal forms (reg may be NULL: none). */
int oreg_name_forms_compute(struct oreg_name_forms *out, struct oreg_arena *arena,
	const struct oreg_register *reg, const char *s, size_t len);

enum oreg_name_level {
	OREG_NAME_NONE = 0,
	OREG_NAME_POSSIBLE, /* a possible match: a person has to look */
	OREG_NAME_MATCH     /* the same name, however written */
};

/* How a name compares with an excluded name, and why. */
struct oreg_name_match {
	enum oreg_name_level level;
	unsigned score;   /* 0 to 100, higher is closer */
	char reason[256]; /* "look-alike letters: same skeleton 'sarnidoun'" */
};

/* The level's word: "match", "possible match" or "none". */
const char *oreg_name_level_name(enum oreg_name_level level);

/*
 * Compare candidate with excluded under reg's thresholds (NULL: the
 * defaults); *out holds the closest way they compare.  Returns the level.
 */
enum oreg_name_level oreg_name_compare(struct oreg_name_match *out, const struct oreg_name_forms *excluded,
	const struct oreg_name_forms *candidate, const struct oreg_register *reg);

/*
 * The folded form of a name with the legal forms at its ends dropped, as
 * a sort and grouping key.  malloc'd; NULL when out of memory.
 */
char *oreg_name_normalise(const struct oreg_register *reg, const char *s, size_t len);

/*
 * Append name s for a message or a terminal: code points a record may not
 * hold (controls, bidi, invisible formatting) are written as <U+202E>.
 */
void oreg_name_add_shown(struct oreg_buf *b, const char *s);

/*
 * The generic words a register uses when its rules.exclusion names none:
 * a malloc'd copy in *out (NULL-terminated), their number in *n.
 */
int oreg_names_default_generic(char ***out, size_t *n);

/* Fill in reg's folded legal forms and their skeletons (register.c calls it once loaded). */
int oreg_names_prepare(struct oreg_register *reg);
void oreg_names_release(struct oreg_register *reg);

/* ---- screening several organisations in one pass (screen.c) ---- */

/* An oreg_screen with no organisation yet: oreg_screen_add adds them. */
int oreg_screen_start(struct oreg_screen **out, const struct oreg_register *reg);
/*
 * Add an organisation to screen: its names (the array is copied, the
 * strings are borrowed until oreg_screen_free), their forms (borrowed; NULL:
 * computed here) and kvk (copied; or NULL).  Returns its number, which
 * the hits carry as subject, or a failure code.
 */
int oreg_screen_add(struct oreg_screen *s, const char *const *names, const struct oreg_name_forms *forms,
	size_t nnames, const char *kvk);

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
	/* only load the record and report its references: no rule is applied (the history index) */
	bool refs_only;
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

/* The English key ("name", "contacts") and the label in lang of an OREG_FIELD_* bit. */
const char *oreg_i18n_field_key(unsigned field);
const char *oreg_i18n_field(unsigned field, enum oreg_language lang);

/* ---- writing values back out (yamlout.c) ---- */

/* s as a YAML scalar: plain when that reads back as the same string, else double-quoted. */
void oreg_yaml_add_string(struct oreg_buf *b, const char *s, size_t len, bool flow);
/* A number as YAML (and JSON, for finite values) that reads back equal. */
void oreg_yaml_add_number(struct oreg_buf *b, const struct oreg_value *v);

/*
 * How oreg_value_add_line writes a value's scalars: string for strings
 * and keys (nested: inside [ ] or { }, and every key), number for
 * numbers.  With a limit, a value that starts more than limit bytes past
 * the start is written "..." and lists stop there.
 */
struct oreg_value_style {
	void (*string)(struct oreg_buf *b, const char *s, size_t len, bool nested);
	void (*number)(struct oreg_buf *b, const struct oreg_value *v);
	size_t limit;
};

/* A value on one line: null, true, 5, [a, b], {k: v}, its scalars written as style says. */
void oreg_value_add_line(struct oreg_buf *b, const struct oreg_value *v, const struct oreg_value_style *style);

/* ---- git's index file, read directly (gitindex.c) ---- */

struct oreg_index_tree {
	char *path;          /* "" for the top, "records/contacts" */
	long count;          /* entries below it, -1 when invalidated by a change */
	unsigned char id[20];
};

struct oreg_index {
	unsigned version;
	struct oreg_entries entries;   /* under the prefix asked for, in path order */
	char *map;                     /* the file, mapped: the entries' paths point into it (versions 2, 3) */
	size_t map_len;
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

/* ---- SHA-256 (sha256.c) ---- */

/* The state of a digest under way; what is in it belongs to sha256.c. */
struct oreg_sha256 {
	_Alignas(8) unsigned char state[128];
};

void oreg_sha256_init(struct oreg_sha256 *s);
void oreg_sha256_update(struct oreg_sha256 *s, const void *data, size_t len);
void oreg_sha256_final(struct oreg_sha256 *s, unsigned char out[32]);
/* The digest of len bytes at data, in one call. */
void oreg_sha256(unsigned char out[32], const void *data, size_t len);

/* ---- what the history ever referred to (everref.c) ---- */

/*
 * The organisations that the first-parent chain of tip ever referred to:
 * named by a record in the folder contacts ("records/contacts"), or holding
 * a partnership in the folder organisations.  Either folder may be NULL.
 * The history index answers when there is one; otherwise each folder
 * version and record version is read once.  This is the one place that
 * answers "ever referred to".  A shallow clone's history is cut short:
 * then it fails rather than answer.
 */
struct oreg_everref;
int oreg_everref_compute(struct oreg_everref **out, struct oreg_repo *repo, const char *tip,
	const char *organisations, const char *contacts);
/*
 * *out: the record that referred to organisation (borrowed, lives with
 * ever), or NULL: its own file if it had a partnership, else the first
 * contact in byte order of paths.  A failure when
 * neither the index nor the walk can answer.
 */
int oreg_everref_by(const char **out, struct oreg_everref *ever, const char *organisation);
/* What the walk read: commits, folder trees, record blobs, and the organisations found. */
void oreg_everref_counts(const struct oreg_everref *ever, size_t *commits, size_t *trees, size_t *blobs,
	size_t *organisations);
void oreg_everref_free(struct oreg_everref *ever);

/* ================================================================== */
/* Library plumbing: declared in openreg.h before, used by no front    */
/* end (cmd/, tests); by module.                                       */
/* ================================================================== */

/* ---- findings ---- */

/* oreg_findings_add with a va_list. */
int oreg_findings_vadd(struct oreg_findings *findings, enum oreg_severity severity,
	const char *file, unsigned line, unsigned column, const char *rule,
	const char *pointer, const char *fmt, va_list ap);

/* Move every finding of src to the end of dst; src is left empty. */
int oreg_findings_move(struct oreg_findings *dst, struct oreg_findings *src);

/* ---- values ---- */

/* "null", "boolean", "number", "string", "array", "object". */
const char *oreg_value_type_name(enum oreg_value_type type);

/* ---- working tree and entries ---- */

/*
 * List the entries of the working tree at top under the folder dir
 * (relative to top), in path order, without following symbolic links.
 * A missing dir gives an empty list.  Returns 0 or a negative code.
 */
int oreg_worktree_list(struct oreg_entries *out, const char *top, const char *dir);

/*
 * The layout finding for an entry that cannot be a record (a symbolic
 * link, a submodule, a FIFO...).  Returns 1 when it added one, 0 for a
 * regular file, negative on failure.
 */
int oreg_entry_check_mode(const struct oreg_entry *entry, struct oreg_findings *findings);

/* ---- repository (lib/git/repo.c, gitconfig.c) ---- */

/*
 * Call fn for every commit reachable from to and not from from (from may
 * be NULL), parents before children.  A non-zero return from fn stops the
 * walk and is returned.
 */
int oreg_repo_walk(struct oreg_repo *repo, const char *from, const char *to,
	int (*fn)(const struct oreg_commit *commit, void *payload), void *payload);

/* The best common ancestor of a and b, as 40 hex digits. */
int oreg_repo_merge_base(char out[41], struct oreg_repo *repo, const char *a, const char *b);

/* The folder git runs hooks from (core.hooksPath honoured); malloc'd. */
int oreg_repo_hooks_dir(char **out, struct oreg_repo *repo);

/* The commit HEAD's branch points to, or "" when it has none yet. */
int oreg_repo_default_branch(char out[41], struct oreg_repo *repo);

/* A boolean from git's configuration, fallback when unset. */
int oreg_repo_config_bool(int *out, struct oreg_repo *repo, const char *name, int fallback);

/*
 * Call fn for every file in the folder tree parent that the folder tree
 * child lacks (ids of two versions of one folder; child NULL when the
 * folder is gone).  The last trees read are kept, so walking back along a
 * history reads each version once.
 */
int oreg_repo_folder_deletions(struct oreg_repo *repo, const unsigned char *child,
	const unsigned char parent[20],
	int (*fn)(const char *name, size_t len, enum oreg_entry_mode mode, const unsigned char id[20], void *payload),
	void *payload);

/* The committer time of rev, seconds since the epoch. */
int oreg_repo_commit_time(long long *out, struct oreg_repo *repo, const char *rev);

/* The n-th parent (from 0) of commit, as 40 hex digits. */
int oreg_repo_parent(char out[41], struct oreg_repo *repo, const char *commit, unsigned n);

/* The commits being merged (MERGE_HEAD), at most max; returns how many (0 outside a merge). */
int oreg_repo_merge_heads(char (*out)[41], size_t max, struct oreg_repo *repo);

/* A number from git's configuration (git's k, m, g suffixes), fallback when unset. */
int oreg_repo_config_int(long long *out, struct oreg_repo *repo, const char *name, long long fallback);

/* Call fn for every value of a multi-valued setting; a non-zero return from fn stops and is returned. */
int oreg_repo_config_multi(int (*fn)(const char *value, void *payload), struct oreg_repo *repo,
	const char *name, void *payload);

/* Set a boolean in the repository's own configuration file. */
int oreg_repo_config_set_bool(struct oreg_repo *repo, const char *name, int value);
/*
 * In the repository's own configuration file: set name to value, add
 * value as one more (add), or remove the setting (value NULL).
 */
int oreg_repo_config_edit(struct oreg_repo *repo, const char *name, const char *value, int add);

/*
 * The name of a top-level entry other than folder that differs between
 * the trees of commit and parent (malloc'd), or NULL when only folder
 * differs, or nothing.
 */
int oreg_repo_changed_outside(char **out, struct oreg_repo *repo, const char *commit, const char *parent,
	const char *folder);

/* ---- snapshots (lib/git/snapshot.c) ---- */

/* "working tree", "index", or the commit id. */
const char *oreg_snapshot_name(const struct oreg_snapshot *snap);

/* Read an entry's content (malloc'd; the caller frees it). */
int oreg_snapshot_read_entry(char **data, size_t *len, struct oreg_snapshot *snap,
	const struct oreg_entry *entry);

/*
 * The entry at path as oreg_snapshot_list would list it, found without
 * listing: out->path is path (borrowed).  A folder is an entry only when
 * named like a record file (OREG_ENTRY_FOLDER).  OREG_ENOTFOUND (no
 * message) when there is none; 1 for a snapshot that cannot be searched
 * so (the working tree, an index libgit2 reads): then list it.
 */
int oreg_snapshot_find(struct oreg_entry *out, struct oreg_snapshot *snap, const char *path);

/*
 * The folders right below dir, each as "dir/name/" (paths in out's arena,
 * in path order); 1 for a snapshot that cannot be searched so.
 */
int oreg_snapshot_subfolders(struct oreg_entries *out, struct oreg_snapshot *snap, const char *dir);

/*
 * oreg_snapshot_changes over the whole tree, but for the folder skip (a
 * path from the top): the files in it are neither read nor reported.
 */
int oreg_snapshot_changes_except(struct oreg_snapshot *a, struct oreg_snapshot *b, const char *skip,
	int (*fn)(const struct oreg_entry *old, const struct oreg_entry *new, void *payload), void *payload);

/*
 * The folder dir of a commit, held for lookups by name (oreg_folder_has)
 * until oreg_folder_free: *out NULL when there is no such folder; 1 for a
 * snapshot that cannot be searched so.
 */
struct oreg_folder;
int oreg_snapshot_folder(struct oreg_folder **out, struct oreg_snapshot *snap, const char *dir);
/* Is name (len bytes) an entry of f, as oreg_snapshot_find would find it?  A NULL f holds nothing. */
int oreg_folder_has(const struct oreg_folder *f, const char *name, size_t len);
void oreg_folder_free(struct oreg_folder *f);

/*
 * Tell fn of each record document the checker's parses load, from any
 * thread, before it is dropped: entry the file (with its blob id), doc
 * what oreg_yaml_load made of it (borrowed for the call).  fn NULL: none.
 * A review builds its view of a record from it rather than reading the
 * file again.
 */
void oreg_checker_on_document(struct oreg_checker *chk,
	void (*fn)(void *payload, const struct oreg_entry *entry, const struct oreg_document *doc), void *payload);

/* ---- views (fielddiff.c) ---- */

/*
 * oreg_view_record_listed for a blob whose content the caller has loaded
 * already: doc is what oreg_yaml_load made of it (borrowed).
 */
int oreg_view_record_document(struct oreg_record_version *out, struct oreg_view *view, const char *rev,
	const char *path, const unsigned char *blob, const struct oreg_document *doc);

/*
 * What a message about the value at pointer (a JSON pointer) in the file
 * at path in rev may reveal: the visibility of that value (inherited from
 * its parents), raised to the record's own (its type, or a visibility
 * field that is not "public").  A file that does not load is
 * OREG_VISIBILITY_PERSONAL: a message about it may quote anything.
 */
int oreg_view_pointer_visibility(enum oreg_visibility *out, struct oreg_view *view, const char *rev,
	const char *path, const char *pointer);

#endif
