/*
 * openreg.h - the one public header of libopenreg.
 *
 * libopenreg keeps a register of civil-society organisations, of the
 * ministry's contacts with them and of the exclusions that forbid such
 * contacts, as YAML records checked against JSON Schemas.
 *
 * Ownership, once for the whole header:
 *  - Functions that return an int return 0 (or a count) on success and a
 *    negative OREG_E* code on failure; oreg_error_message() then holds one
 *    line that says what went wrong.
 *  - Findings (a record or a schema breaks a rule) are not failures: they
 *    are appended to a caller-owned struct oreg_findings, and the function
 *    still returns success.
 *  - oreg_x_new(&out, ...) allocates, oreg_x_free(x) releases; a
 *    caller-allocated struct uses oreg_x_init(&x) / oreg_x_release(&x).
 *    Every free and release accepts NULL.
 *  - A getter that returns a pointer returns a borrowed one that lives as
 *    long as the object it was taken from.
 *  - Strings inside values are length-counted and may hold NUL bytes; they
 *    are also NUL-terminated for convenience.
 */
#ifndef OPENREG_H
#define OPENREG_H

#include <stddef.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>

#define OREG_VERSION "0.1.0"

/* ------------------------------------------------------------------ */
/* Failures                                                            */
/* ------------------------------------------------------------------ */

enum oreg_error_code {
	OREG_OK = 0,
	OREG_ERROR = -1,     /* generic */
	OREG_ENOMEM = -2,    /* out of memory */
	OREG_ENOTFOUND = -3, /* a file, record or key does not exist */
	OREG_EINVALID = -4,  /* bad argument or bad configuration */
	OREG_EIO = -5,       /* reading or writing failed */
	OREG_ELIMIT = -6,    /* input over a configured limit */
};

/* The message of the most recent failure in this thread; never NULL. */
const char *oreg_error_message(void);

/* ------------------------------------------------------------------ */
/* Findings                                                            */
/* ------------------------------------------------------------------ */

enum oreg_severity {
	OREG_SEVERITY_ERROR,
	OREG_SEVERITY_WARNING,
};

/*
 * Rule identifiers, as printed between brackets after a diagnostic.
 */
#define OREG_RULE_YAML "yaml"               /* the file is not strict YAML */
#define OREG_RULE_SCHEMA "schema"           /* a record breaks its schema */
#define OREG_RULE_SCHEMA_DEF "schema-definition" /* a schema itself is wrong */
#define OREG_RULE_REGISTER "register"       /* schemas/register.yaml is wrong */
#define OREG_RULE_LAYOUT "layout"
#define OREG_RULE_ENDORSEMENT "endorsement"
#define OREG_RULE_PRIVACY "privacy"
#define OREG_RULE_CHARACTERS "characters" /* a control, bidi or invisible formatting character */

/*
 * One diagnostic: where (file, 1-based line and column), how bad, which
 * rule, the JSON pointer of the offending value inside the file ("" for
 * the root or when not applicable) and a message that says what is wrong
 * and, where known, the fix.
 */
struct oreg_finding {
	char *file;
	unsigned line;
	unsigned column;
	enum oreg_severity severity;
	char *rule;
	char *pointer;
	char *message;
};

struct oreg_findings {
	struct oreg_finding *items;
	size_t count;
	size_t alloc;
};

void oreg_findings_init(struct oreg_findings *findings);
void oreg_findings_release(struct oreg_findings *findings);

/* Append a finding; every string is copied. Returns 0 or OREG_ENOMEM. */
int oreg_findings_add(struct oreg_findings *findings, enum oreg_severity severity,
	const char *file, unsigned line, unsigned column, const char *rule,
	const char *pointer, const char *fmt, ...)
	__attribute__((format(printf, 8, 9)));

/* Sort by file, line, column, rule, message: a stable order for output. */
void oreg_findings_sort(struct oreg_findings *findings);

/* The number of findings with severity error. */
size_t oreg_findings_errors(const struct oreg_findings *findings);

enum oreg_format {
	OREG_FORMAT_TEXT,        /* path:line:col: error: message [rule] */
	OREG_FORMAT_JSON,        /* an array of objects */
	OREG_FORMAT_CODEQUALITY, /* GitLab Code Quality report */
	OREG_FORMAT_SARIF,       /* SARIF 2.1.0 */
	OREG_FORMAT_JUNIT,       /* JUnit XML */
};

/* The format named name ("text", "json", ...), or -1. */
int oreg_format_parse(const char *name);

/*
 * Write the findings to out in the given format.  Returns 0, or OREG_EIO
 * when writing failed.
 */
int oreg_findings_write(const struct oreg_findings *findings, enum oreg_format format, FILE *out);

/* oreg_finding_write_text: colour the file bold, "error" red and "warning" yellow (ANSI) */
#define OREG_TEXT_COLOR 1u

/*
 * Write one finding as a line of the text format, for a program that adds
 * to it (a source line, colour).  Returns 0, or OREG_EIO.
 */
int oreg_finding_write_text(const struct oreg_finding *finding, unsigned flags, FILE *out);

/* ------------------------------------------------------------------ */
/* Values: a loaded YAML (or JSON) document                           */
/* ------------------------------------------------------------------ */

enum oreg_value_type {
	OREG_NULL,
	OREG_BOOLEAN,
	OREG_NUMBER,
	OREG_STRING,
	OREG_ARRAY,
	OREG_OBJECT,
};

struct oreg_value;

struct oreg_member {
	const char *key;      /* NUL-terminated, may hold NUL bytes */
	size_t key_len;
	unsigned line, column; /* of the key */
	struct oreg_value *value;
};

struct oreg_value {
	enum oreg_value_type type;
	unsigned line, column; /* 1-based, of the value's first character */
	union {
		int boolean;
		struct {
			double value;
			int integer; /* written as an integer literal */
		} number;
		struct {
			const char *ptr; /* NUL-terminated, may hold NUL bytes */
			size_t len;
		} string;
		struct {
			struct oreg_value **items;
			size_t count;
		} array;
		struct {
			struct oreg_member *members; /* in document order */
			size_t count;
		} object;
	} u;
};

/* A document owns every value in it; values die with the document. */
struct oreg_document;

const struct oreg_value *oreg_document_root(const struct oreg_document *doc);
void oreg_document_free(struct oreg_document *doc);

/* The member value of an object under key, or NULL. */
const struct oreg_value *oreg_value_get(const struct oreg_value *object, const char *key);

/* JSON equality: numbers by value, objects regardless of member order. */
int oreg_value_equal(const struct oreg_value *a, const struct oreg_value *b);

/* Does the string value equal the NUL-terminated s? */
int oreg_value_is_string(const struct oreg_value *value, const char *s);

/* ------------------------------------------------------------------ */
/* Strict YAML loader                                                  */
/* ------------------------------------------------------------------ */

struct oreg_yaml_options {
	size_t max_file_size;   /* bytes; default 1 MiB */
	unsigned max_depth;     /* nesting of collections; default 64 */
	size_t max_scalar_size; /* bytes of one scalar or key; default 64 KiB */
	int any_root;           /* allow a root other than a mapping (JSON, --schema) */
};

/* Fill in the defaults. */
void oreg_yaml_options_init(struct oreg_yaml_options *options);

/*
 * Load one strict YAML document from data.  file names it in findings.
 * On success returns 0 and sets *out to the document; when the input is
 * refused (a finding with rule "yaml" explains why) returns 0 and sets
 * *out to NULL.  Returns a negative code only on failure (out of memory).
 * options may be NULL for the defaults.
 */
int oreg_yaml_load(struct oreg_document **out, const char *data, size_t len,
	const char *file, const struct oreg_yaml_options *options,
	struct oreg_findings *findings);

/* ------------------------------------------------------------------ */
/* JSON Schema (draft 2020-12 subset)                                  */
/* ------------------------------------------------------------------ */

struct oreg_schema;

/*
 * Compile a schema from a loaded document.  Problems with the schema
 * (an unknown keyword, a keyword of the wrong type, a $ref that does not
 * resolve, a pattern that does not compile) are findings with rule
 * "schema-definition" at their position in file; then *out is NULL.
 * The schema copies what it needs: doc may be freed afterwards.
 */
int oreg_schema_compile(struct oreg_schema **out, const struct oreg_value *root,
	const char *file, struct oreg_findings *findings);

void oreg_schema_free(struct oreg_schema *schema);

/*
 * Validate instance against schema; every violation is a finding with
 * rule "schema" in file, at the offending value (for a missing required
 * property: the object that lacks it), carrying the value's JSON pointer.
 * Returns the number of findings added, or a negative code on failure.
 */
int oreg_schema_validate(const struct oreg_schema *schema, const struct oreg_value *instance,
	const char *file, struct oreg_findings *findings);

/* Privacy pattern kinds, as bits for x-allow. */
enum oreg_privacy_kind {
	OREG_PRIVACY_BSN = 1 << 0,
	OREG_PRIVACY_EMAIL = 1 << 1,
	OREG_PRIVACY_PHONE = 1 << 2,
	OREG_PRIVACY_IBAN = 1 << 3,
	OREG_PRIVACY_PERSON_NAME = 1 << 4, /* a title or form of address and a capitalised name */
};

enum oreg_visibility {
	OREG_VISIBILITY_UNSET = 0,
	OREG_VISIBILITY_PUBLIC,
	OREG_VISIBILITY_CONFIDENTIAL,
	OREG_VISIBILITY_PERSONAL,
};

/*
 * What the schema says of one place in an instance, from the openreg
 * extension keywords.  Annotations are inherited: a value beneath a
 * confidential field is confidential, and x-allow holds for everything
 * beneath the field that carries it, unless a deeper schema says
 * otherwise.
 */
struct oreg_annotation {
	enum oreg_visibility visibility; /* x-visibility */
	const char *ref_type;            /* x-ref, or NULL */
	unsigned allow;                  /* x-allow, OREG_PRIVACY_* bits */
	int roles;                       /* x-roles: each string is a role of register.yaml */
};

typedef int (*oreg_schema_visit_fn)(const struct oreg_value *value, const char *pointer,
	const struct oreg_annotation *annotation, void *payload);

/*
 * Visit every value of instance, parents before children, with the
 * annotations of the schema that describes it.  The schema is followed
 * through properties, patternProperties, additionalProperties, items, $ref
 * and allOf (not
 * through anyOf, oneOf or not, where which branch applies is a matter of
 * validation).  A non-zero return from fn stops the
 * walk and is returned.
 */
int oreg_schema_walk(const struct oreg_schema *schema, const struct oreg_value *instance,
	oreg_schema_visit_fn fn, void *payload);

/*
 * A copy of a record holding only what a reader at level may see
 * (OREG_VISIBILITY_PUBLIC or OREG_VISIBILITY_CONFIDENTIAL): personal values
 * never, confidential ones only at the confidential level.  A value's
 * visibility is its schema's x-visibility, inherited downwards, or
 * fallback (the record type's default) where the schema says nothing.
 * The record-level 'visibility' field is the caller's to honour.
 */
int oreg_document_redact(struct oreg_document **out, const struct oreg_schema *schema,
	const struct oreg_value *root, enum oreg_visibility level, enum oreg_visibility fallback);

/* ------------------------------------------------------------------ */
/* Privacy patterns                                                    */
/* ------------------------------------------------------------------ */

/*
 * Find personal data in s: a citizen service number (nine digits passing
 * the eleven-test), an e-mail address, a phone number or an IBAN (passing
 * its mod-97 check), ignoring the kinds in allow.  Returns the kind of the
 * first match (0 for none) and sets *offset to its byte offset.
 */
unsigned oreg_privacy_scan(const char *s, size_t len, unsigned allow, size_t *offset);
/* The same from byte from of s on, with what comes before as context. */
unsigned oreg_privacy_scan_from(const char *s, size_t len, size_t from, unsigned allow, size_t *offset);

/* "bsn", "email", "phone", "iban", "person-name" for one kind bit; NULL otherwise. */
const char *oreg_privacy_kind_name(unsigned kind);

/* The kind bit for a name, or 0. */
unsigned oreg_privacy_kind_parse(const char *name);

/* ------------------------------------------------------------------ */
/* Files                                                               */
/* ------------------------------------------------------------------ */

/*
 * Read the whole file at path into *out (malloc'd, NUL-terminated; the
 * caller frees it) and its size into *len.  Returns 0, OREG_ENOTFOUND,
 * OREG_ELIMIT when the file holds more than max bytes, or OREG_EIO.
 */
int oreg_file_read(char **out, size_t *len, const char *path, size_t max);

/* ------------------------------------------------------------------ */
/* Dates                                                               */
/* ------------------------------------------------------------------ */

/*
 * Parse a calendar date written exactly as YYYY-MM-DD and real (no 31 April,
 * 29 February only in leap years).  Sets *out to YYYYMMDD as an integer.
 * Returns 0 or OREG_EINVALID.
 */
int oreg_date_parse(int32_t *out, const char *s, size_t len);

/* day (YYYYMMDD) written as YYYY-MM-DD in out; returns out. */
#define OREG_DATE_SIZE 16
const char *oreg_date_format(char out[OREG_DATE_SIZE], int32_t day);

enum oreg_time_style {
	OREG_TIME_GIT,     /* 2024-01-02 10:01:00 +0100, as git prints a date */
	OREG_TIME_ISO8601, /* 2024-01-02T10:01:00+01:00 */
	OREG_TIME_DAY      /* 2024-01-02 */
};

/*
 * A commit time (seconds since the epoch) as read in the committer's zone
 * (offset minutes east of UTC), written in out; returns out.
 */
#define OREG_TIME_SIZE 80
const char *oreg_time_format(char out[OREG_TIME_SIZE], long long time, int offset, enum oreg_time_style style);

/* The day (YYYYMMDD) of a commit time in the zone offset minutes east of UTC. */
int32_t oreg_time_day(long long time, int offset);

/* ------------------------------------------------------------------ */
/* Tree entries: the files of a register state                         */
/* ------------------------------------------------------------------ */

enum oreg_entry_mode {
	OREG_ENTRY_FILE,      /* a regular file: a record candidate */
	OREG_ENTRY_SYMLINK,   /* refused by the layout rule */
	OREG_ENTRY_SUBMODULE, /* a submodule or nested repository: refused */
	OREG_ENTRY_SPECIAL,   /* a FIFO, socket or device: refused */
	OREG_ENTRY_FOLDER,    /* a folder named like a record file: refused */
	OREG_ENTRY_CONFLICT,  /* an unmerged index entry: refused */
};

struct oreg_entry {
	const char *path;      /* relative to the register's top, '/'-separated */
	enum oreg_entry_mode mode;
	int has_id;            /* id holds the git blob id of the content */
	unsigned char id[20];
	unsigned long long size; /* in bytes, when known */
};

/* A list of entries sorted by path; owns the path strings. */
struct oreg_entries {
	struct oreg_entry *items;
	size_t count;
	size_t alloc;
	struct oreg_entries_strings *strings;
};

void oreg_entries_init(struct oreg_entries *entries);
void oreg_entries_release(struct oreg_entries *entries);

/*
 * Find the top of the register that start (a folder) belongs to: the
 * nearest folder, start or above, that holds schemas/register.yaml, not
 * climbing into a folder named in GIT_CEILING_DIRECTORIES.  Sets *top
 * (malloc'd, an absolute path) and, unless prefix is NULL, *prefix
 * (malloc'd): start relative to top, "" at the top.  OREG_ENOTFOUND when
 * there is no register.
 */
int oreg_worktree_find_top(char **top, char **prefix, const char *start);

/* ------------------------------------------------------------------ */
/* Git: repositories and snapshots                                     */
/* ------------------------------------------------------------------ */

/*
 * A register state lives in one of three places: the working tree, the
 * index (what "git commit" would record) or a commit.  A snapshot reads
 * records and schemas from one of them, straight from git's objects,
 * without a checkout.
 */
struct oreg_repo;
struct oreg_snapshot;

enum oreg_snapshot_kind {
	OREG_SNAPSHOT_WORKTREE,
	OREG_SNAPSHOT_INDEX,
	OREG_SNAPSHOT_COMMIT,
};

/*
 * Open the repository that the current directory belongs to, the way git
 * and its hooks see it: GIT_DIR, GIT_WORK_TREE, GIT_COMMON_DIR,
 * GIT_INDEX_FILE, GIT_OBJECT_DIRECTORY and GIT_ALTERNATE_OBJECT_DIRECTORIES
 * are honoured, so a pre-receive hook sees the objects in git's
 * quarantine.  Nothing is ever written to the repository.
 */
int oreg_repo_open(struct oreg_repo **out);
void oreg_repo_free(struct oreg_repo *repo);

/*
 * Resolve rev (anything git rev-parse takes) to a commit id, 40 hex
 * digits plus NUL in out.  OREG_ENOTFOUND when there is no such commit.
 */
int oreg_repo_resolve(char out[41], struct oreg_repo *repo, const char *rev);

/* A commit of the register's history. */
struct oreg_commit {
	char id[41];
	char parent[41]; /* the first parent, "" for a root commit */
	unsigned nparents;
	long long time;  /* committer time, seconds since the epoch */
	int offset;      /* committer time zone, minutes east of UTC */
	char *message;
	char *summary;
	char *author;
	char *author_email, *committer, *committer_email;
};

void oreg_commit_release(struct oreg_commit *commit);

/* Does HEAD name a branch that has no commit yet? */
int oreg_repo_head_unborn(struct oreg_repo *repo);

/* Is the repository bare (a server's)? */
int oreg_repo_is_bare(const struct oreg_repo *repo);

/* The commit rev names (release it with oreg_commit_release). */
int oreg_repo_commit(struct oreg_commit *out, struct oreg_repo *repo, const char *rev);

/* ---- git configuration for the hooks (git/gitconfig.c) ---- */

/*
 * The folder git runs this repository's hooks from, as an absolute path
 * (malloc'd): core.hooksPath when it is set (*configured 1; a relative one
 * taken from the top of the working tree, or from a bare repository's
 * folder, as git does), else the repository's hooks folder.
 */
int oreg_repo_hooks_path(char **out, int *configured, struct oreg_repo *repo);

/* 1 when message has a trailer key (such as "Reference") with a value, 0 when not. */
int oreg_message_has_trailer(const char *message, const char *key);

/*
 * Open a snapshot.  rev names the commit for OREG_SNAPSHOT_COMMIT and is
 * ignored otherwise.  The snapshot borrows repo, which must outlive it.
 */
int oreg_snapshot_open(struct oreg_snapshot **out, struct oreg_repo *repo,
	enum oreg_snapshot_kind kind, const char *rev);
void oreg_snapshot_free(struct oreg_snapshot *snap);

/* The entries under dir ("records"), in path order. */
int oreg_snapshot_list(struct oreg_entries *out, struct oreg_snapshot *snap, const char *dir);

/*
 * Call fn for every entry under dir that differs from base to target (old
 * or new NULL when absent), from a commit to the index, skipping each
 * folder whose id in the index's cache-tree is the base's, or from a
 * commit to a commit, skipping each folder whose id is the same in both (a
 * folder named like a record file is an entry when it is new or changed).
 * Returns 1, without calling fn, for other pairs of snapshots: then
 * compare their listings.
 */
int oreg_snapshot_diff(struct oreg_snapshot *base, struct oreg_snapshot *target, const char *dir,
	int (*fn)(const struct oreg_entry *old, const struct oreg_entry *new, void *payload), void *payload);

/*
 * Call fn for every file under dir that differs from commit a to commit b
 * (old or new NULL when absent), in git's order.  A folder with the same
 * id in both is skipped unread, and every other is read once: no path is
 * looked up from the top.  A folder named like a record file is not an
 * entry here; its files are.  dir "" is the whole tree, and then a may be
 * NULL (a commit without a parent: every file is new).
 */
int oreg_snapshot_changes(struct oreg_snapshot *a, struct oreg_snapshot *b, const char *dir,
	int (*fn)(const struct oreg_entry *old, const struct oreg_entry *new, void *payload), void *payload);

/* The blob id at path in a commit snapshot; OREG_ENOTFOUND when there is none. */
int oreg_snapshot_entry_id(unsigned char id[20], struct oreg_snapshot *snap, const char *path);

/* Read a file by path: an oreg_read_fn, with the snapshot as payload. */
int oreg_snapshot_read(char **data, size_t *len, const char *path, void *snap);


/* ------------------------------------------------------------------ */
/* History: record time                                                */
/* ------------------------------------------------------------------ */

/*
 * The last second of day (YYYYMMDD) in Europe/Amsterdam, as seconds since
 * the epoch: the register "as of" a day is the register at that moment.
 */
long long oreg_day_end_amsterdam(int32_t day);

/*
 * The commit the register stood at at the end of day in Europe/Amsterdam:
 * the newest commit on the first-parent chain of branch (NULL: HEAD)
 * whose record time is not later.  The record clock is monotone: a
 * commit's record time is the greatest committer time of it and of every
 * commit before it on the chain, so a commit dated back never moves into
 * the past.  A day before the first commit, or beyond the boundary of a
 * shallow clone, is OREG_ENOTFOUND with a message that says so.
 */
int oreg_repo_as_of(char out[41], struct oreg_repo *repo, const char *branch, int32_t day);

/* The record time of rev (see oreg_repo_as_of), seconds since the epoch. */
int oreg_repo_record_time(long long *out, struct oreg_repo *repo, const char *rev);

enum oreg_change_kind {
	OREG_CHANGE_ADDED,
	OREG_CHANGE_CHANGED,
	OREG_CHANGE_DELETED,
};

/* One commit of the register's history that changed a record. */
struct oreg_record_change {
	const char *path;
	enum oreg_change_kind kind;
	unsigned char old_id[20], new_id[20]; /* blob ids before and after */
	struct oreg_commit commit;            /* the commit that made the change */
	int has_merge;
	struct oreg_commit merge;             /* the merge that brought it to the branch */
};

/*
 * Call fn for every step of the first-parent chain from to (NULL: HEAD)
 * back to from (NULL: the first commit; from itself excluded) that
 * changed the file at path, newest first.  Only the record's blob ids are
 * compared in each commit and its parent, folder by folder, so the cost
 * does not grow with the size of the register.  A step that is a merge
 * names the merged commit that made the change.  A non-zero return from
 * fn stops the walk and is returned.
 */
int oreg_record_log(struct oreg_repo *repo, const char *path, const char *from, const char *to,
	int (*fn)(const struct oreg_record_change *change, void *payload), void *payload);

/* ------------------------------------------------------------------ */
/* History: the history index                                          */
/* ------------------------------------------------------------------ */

/*
 * A derived file under the git directory (openreg/history-index), like
 * git's commit-graph: for the first-parent chain of a branch, each
 * commit's time and record time, the merge that brought each merged
 * commit, and per record path, folder and organisation the steps that
 * changed, touched or referred to it.  Never a source of truth: a missing,
 * damaged or stale index is built again, and answers are the same without
 * it.  git config openreg.historyIndex false turns it off.
 */
struct oreg_histindex;

enum {
	OREG_HISTINDEX_REBUILD = 1,  /* build it anew, whatever is there */
	OREG_HISTINDEX_NO_WRITE = 2, /* never write it: what is missing is built in memory */
	OREG_HISTINDEX_NO_BUILD = 4, /* extend an index that is there, but build none from nothing */
	OREG_HISTINDEX_WRITE = 8,    /* fail when a whole index cannot be written (without: *out NULL) */
};

/* Called as the index is built: done of total steps. */
struct oreg_histindex_progress {
	void (*fn)(void *payload, const char *what, size_t done, size_t total);
	void *payload;
};

/* Progress for every index built in this process when the caller gives none (NULL: none). */
void oreg_histindex_set_progress(const struct oreg_histindex_progress *progress);

/*
 * Open the index so that it covers the first-parent chain of tip (NULL:
 * HEAD), extending it by the commits since its tip or building it anew,
 * and writing it when it can (under openreg/history-index.lock).  *out is
 * NULL, with 0 returned, when there is no index to use: it is turned off,
 * the clone is shallow, OREG_HISTINDEX_NO_BUILD found none, or a whole
 * index would have to be built and cannot be written (read-only, or
 * another writer holds the lock): then reading the history directly costs
 * less.  An extension that cannot be written is kept in memory.
 */
int oreg_histindex_open(struct oreg_histindex **out, struct oreg_repo *repo, const char *tip, unsigned flags,
	const struct oreg_histindex_progress *progress);
void oreg_histindex_free(struct oreg_histindex *index);

struct oreg_histindex_stat {
	size_t layers, steps, side, buckets, bytes;
	int in_memory; /* part of it could not be written */
	char tip[41];
};

int oreg_histindex_stat(struct oreg_histindex_stat *out, struct oreg_histindex *index);
/*
 * Read all of the index as it is on disk, without repairing it, and check
 * every checksum, entry and commit against the repository; *keys counts
 * its paths, folders and organisations and st describes it.
 * OREG_ENOTFOUND when there is none, OREG_EINVALID when something does
 * not match (the message says what).
 */
int oreg_histindex_verify(struct oreg_histindex_stat *st, struct oreg_repo *repo, size_t *keys);

/* Where an organisation was first referred to. */
struct oreg_histindex_reference {
	char commit[41];  /* the first-parent step */
	char path[512];   /* the record that referred to it (its own, for a partnership) */
	int partnership;  /* the organisation's own record had a partnership */
};

/*
 * "Ever referred to", as the history rules count it: was organisation
 * org_id named by a contact, or did its own record have a partnership, at
 * commit or any commit before it on its first-parent chain?  (The index
 * also holds the other records that named it, such as exclusions; they do
 * not count here.)  Returns 1 (out says where first),
 * 0 (never), OREG_ENOTFOUND when the index cannot answer (flags as for
 * oreg_histindex_open; commit not on the indexed chain), or a failure.
 */
int oreg_histindex_ever_referred(struct oreg_histindex_reference *out, struct oreg_repo *repo, const char *commit,
	const char *org_id, unsigned flags);

/* ------------------------------------------------------------------ */
/* Checking a register in git                                          */
/* ------------------------------------------------------------------ */

/*
 * A checker applies every rule of the register: the single-record rules
 * of oreg_register_check_record and the rules across records (ref,
 * exclusion, unique contact ids) and over history.  It keeps each record
 * it parsed, by path and blob id, so a record unchanged across commits is
 * parsed once; it uses every core.  It borrows repo.
 */
struct oreg_checker;

int oreg_checker_new(struct oreg_checker **out, struct oreg_repo *repo);
void oreg_checker_free(struct oreg_checker *chk);
/* How many threads parse records (default: the number of cores). */
void oreg_checker_set_threads(struct oreg_checker *chk, unsigned threads);

/* Every rule over every record of snap. */
int oreg_check_snapshot(struct oreg_checker *chk, struct oreg_snapshot *snap, struct oreg_findings *findings);

/*
 * The records that changed from base to target, and the unchanged ones a
 * change can affect (the contacts of an organisation named by a changed
 * exclusion, the references to a deleted organisation).  A change to
 * schemas/ checks the whole of target.  base may be NULL (everything is
 * new).
 */
int oreg_check_changes(struct oreg_checker *chk, struct oreg_snapshot *base, struct oreg_snapshot *target,
	struct oreg_findings *findings);

/*
 * Every commit in from..to (from may be NULL: all of to's history), each
 * against its first parent, with the history rules: an exclusion is never
 * deleted, an organisation that a contact or partnership referred to is
 * not deleted, a commit that touches the exclusions carries a Reference:
 * trailer.  Then the final tree against from, so that a merge whose sides
 * are each clean but whose result breaks a rule is refused.
 */
int oreg_check_range(struct oreg_checker *chk, const char *from, const char *to, struct oreg_findings *findings);

/*
 * The Reference: trailer rule for a commit that would record target on
 * top of base with message (the commit-msg hook), and the privacy rule
 * over the message (findings in file, the message's file) and over the
 * author's and committer's names and addresses (GIT_AUTHOR_NAME and the
 * rest, else user.name and user.email).
 */
int oreg_check_message(struct oreg_checker *chk, struct oreg_snapshot *base, struct oreg_snapshot *target,
	const char *file, const char *message, struct oreg_findings *findings);

/*
 * The history rules that HEAD can judge, on the change from head to index
 * (the pre-commit hook): no exclusion or contact deleted, no organisation
 * deleted that the branch's history referred to, no partnership period
 * removed, and a change of schemas/ alone.  head NULL: the first commit.
 */
int oreg_check_staged_history(struct oreg_checker *chk, struct oreg_snapshot *head, struct oreg_snapshot *index,
	struct oreg_findings *findings);

/* ---- the server's pre-receive hook (push.c) ---- */

/*
 * Set git's settings that a register's server needs (receive.fsckObjects,
 * receive.denyNonFastForwards and, unless openreg.allowDeletion is set,
 * receive.denyDeletes) in the repository's own configuration, calling
 * report with one line per setting saying what was done.
 */
int oreg_server_configure(struct oreg_repo *repo, int (*report)(const char *line, void *payload), void *payload);

/*
 * Add a finding for every server setting of oreg_server_configure that is
 * off.  Returns 1 when one is off, 0 when all are on, or a failure code.
 */
int oreg_server_check_settings(struct oreg_repo *repo, struct oreg_findings *findings);

/*
 * After a push the hook accepted: when ref moved from old to new as
 * openreg.allowRewrite ("REF OLD NEW") allowed, remove that key, set
 * receive.denyNonFastForwards again and add "DATE REF OLD NEW" to
 * openreg.rewritten.  Returns 1 when it did, 0 when the line was no such
 * rewrite, or a failure code.
 */
int oreg_push_rewrite_done(struct oreg_repo *repo, const char *old, const char *new, const char *ref);

/*
 * Judge one line of pre-receive's input: ref moves from old to new (40
 * hex digits each; zeros for none).  A branch is checked as
 * oreg_check_range from old (refused when the push is not a fast-forward);
 * a new branch and a tag (lightweight or annotated) by what they add to
 * the default branch; a deletion is refused unless openreg.allowDeletion
 * is set; any other ref is refused unless openreg.allowRefs names it.
 */
int oreg_check_push(struct oreg_checker *chk, const char *old, const char *new, const char *ref,
	struct oreg_findings *findings);

/* Drop repeated findings from a sorted list. */
void oreg_findings_unique(struct oreg_findings *findings);


/* ------------------------------------------------------------------ */
/* The register                                                        */
/* ------------------------------------------------------------------ */

/*
 * A register's configuration (schemas/register.yaml) with its compiled
 * schemas: which folder holds which record type, and the rules' settings.
 */
struct oreg_register;

/*
 * How the register reads a file by its path relative to the register's
 * top: the working tree, the index or a commit.  Sets *data (malloc'd,
 * the caller frees it) and *len.  Returns 0, OREG_ENOTFOUND or another
 * negative code.
 */
typedef int (*oreg_read_fn)(char **data, size_t *len, const char *path, void *payload);

/*
 * Load schemas/register.yaml and the schemas it names through read.
 * Problems in them are findings (rules "register", "yaml",
 * "schema-definition"); then *out is NULL.
 */
int oreg_register_load(struct oreg_register **out, oreg_read_fn read, void *payload,
	struct oreg_findings *findings);

/* Convenience: load from the working tree at top. */
int oreg_register_open_dir(struct oreg_register **out, const char *top,
	struct oreg_findings *findings);

void oreg_register_free(struct oreg_register *reg);

/* The folder that holds the records, "records". */
const char *oreg_register_records_dir(const struct oreg_register *reg);

/*
 * Check one record file with the rules that need that record only:
 * layout (its folder, its id, the year folder of a dated record), yaml,
 * schema, endorsement and privacy.  path is relative to the register's
 * top, e.g. "records/contacts/2024/x.yaml".  Returns the number of
 * findings added, or a negative code on failure.
 */
int oreg_register_check_record(const struct oreg_register *reg, const char *path,
	const char *data, size_t len, struct oreg_findings *findings);

/*
 * Check the record files of the working tree at top: every path under
 * each of paths (files or folders), or the whole records folder when
 * npaths is 0.  A relative path is taken from the folder prefix inside
 * the register (NULL or "" for the top, as git's prefix), an absolute one
 * must lie inside top.  Entries that are not regular files (symbolic
 * links, FIFOs, submodules) and files that belong to no type are layout
 * findings.  Returns the number of files checked, or a negative code on
 * failure: OREG_ENOTFOUND for a path that does not exist, OREG_EINVALID
 * for one outside the register.
 */
int oreg_register_check_worktree(const struct oreg_register *reg, const char *top,
	const char *prefix, const char *const *paths, size_t npaths, struct oreg_findings *findings);

/* ---- scaffolding: what init and new read of a register (scaffold.c) ---- */

/* A record type as register.yaml declares it; the strings live as long as the register. */
struct oreg_type_info {
	const char *name;        /* "contact" */
	const char *folder;      /* "contacts", under the records folder */
	const char *schema_path; /* "schemas/contact.schema.yaml", from the register's top */
	const char *year_field;  /* "date" when files sit in <folder>/<YYYY>/, else NULL */
};

/* The i-th record type of reg, in register.yaml's order; OREG_ENOTFOUND past the last. */
int oreg_register_type_at(struct oreg_type_info *out, const struct oreg_register *reg, size_t i);

/*
 * A record id made of text: folded to ASCII the way names are compared
 * ("Stichting Brug Eritrese Nederlanders" gives
 * "stichting-brug-eritrese-nederlanders", "Çağrı Vakfı" "cagri-vakfi"),
 * each run of other characters one hyphen, at most max (>= 2) bytes, cut
 * between words.  Sets *out (malloc'd).  OREG_EINVALID when text has fewer
 * than two letters or digits.
 */
int oreg_id_suggest(char **out, const char *text, size_t max);

/*
 * text as a YAML scalar in block context: plain where the strict loader
 * reads it back as the same string, else double-quoted ("58213964",
 * "true", "a: b").  malloc'd; NULL when out of memory.
 */
char *oreg_yaml_scalar(const char *text);

/*
 * Long work (reading and checking every record) reports how far it is to
 * fn: first with done 0, then every few items from whichever thread is
 * working, last with done == total.  fn must be quick; it may run on any
 * thread, never on two at once for the same work.  NULL (the default):
 * nobody is told.  Process-wide; set it before the work starts.
 */
typedef void (*oreg_progress_fn)(void *payload, const char *what, size_t done, size_t total);
void oreg_progress_set(oreg_progress_fn fn, void *payload);

/* ------------------------------------------------------------------ */
/* Overviews for Parliament                                            */
/* ------------------------------------------------------------------ */

/*
 * The documents the register exists for: the annual overview of the
 * organisations the ministry keeps structural contacts or partnerships
 * with, and the one-off confidential list of every organisation contacted
 * in a period.  Both are compiled from one commit (record time) for one
 * period (valid time), and the same commit and options give the same
 * bytes.  An overview is a model (struct oreg_overview) built from git by
 * oreg_overview_new and rendered by oreg_overview_render; every string in
 * it lives as long as the overview.
 */

enum oreg_document_kind {
	OREG_DOCUMENT_OVERVIEW, /* openreg overview --year */
	OREG_DOCUMENT_CONTACTS, /* openreg contacts --since: always confidential */
};

enum oreg_document_format {
	OREG_DOCUMENT_MD,
	OREG_DOCUMENT_HTML,
	OREG_DOCUMENT_CSV,
	OREG_DOCUMENT_JSON,
	OREG_DOCUMENT_DATAPACKAGE, /* a folder: datapackage.json and the CSV tables */
};

enum oreg_language {
	OREG_LANG_NL, /* the default */
	OREG_LANG_EN,
};

/* The format named name ("md", "html", "csv", "json", "datapackage"), or -1. */
int oreg_document_format_parse(const char *name);
/* The language named name ("nl", "en"), or -1. */
int oreg_language_parse(const char *name);

/* A commit as a document names it: id, author, committer time and zone. */
struct oreg_overview_stamp {
	char commit[41];      /* "" when unknown */
	const char *author;
	long long time;       /* committer time, seconds since the epoch */
	int offset;           /* minutes east of UTC */
	long long record_time; /* of a document's source: the register's monotone clock (oreg_repo_record_time); 0 otherwise */
};

/* A partnership period as published: public fields only. */
struct oreg_overview_partnership {
	int32_t from, until;  /* YYYYMMDD; until 0 while open-ended */
	const char **themes;  /* enum values, in the Agenda's order */
	size_t nthemes;
};

/* One organisation in a document, as a reader at the document's level may see it. */
struct oreg_overview_org {
	const char *id;
	const char *name;     /* the id when the record has no visible name */
	const char *kind;     /* enum value, or NULL */
	const char *city;     /* or NULL */
	const char *notes;    /* confidential documents only, or NULL */
	int confidential;     /* visibility: confidential (confidential documents only) */
	const char **themes;  /* see oreg_overview_new */
	size_t nthemes;
	struct oreg_overview_partnership *partnerships; /* those overlapping the period */
	size_t npartnerships;
	unsigned structural, incidental, signalering;  /* contacts in the period */
	int32_t first, last;  /* the first and last counted contact, 0 when none */
	const char *kvk;      /* Chamber of Commerce number, or NULL */
	int excluded_now;     /* contacts list: an exclusion naming it holds at the register's date */
	unsigned excluded_then; /* contacts list: its counted contacts on days an exclusion held */
	struct oreg_overview_stamp deleted; /* the deleted section: the commit that deleted it */
};

/* A contact the contacts list names apart: withdrawn since, or recorded as an incident. */
struct oreg_overview_contact {
	const char *id;       /* the contact record's id */
	int32_t date;
	const char *kind;     /* structureel, incidenteel, signalering */
	const char **orgs;    /* the names of the organisations it names (their ids when not listed) */
	size_t norgs;
	int32_t withdrawn;    /* the day it was withdrawn, 0 when not, -1 withdrawn without a valid date */
	const char *reason;
	int incident;
	const char *explanation, *reported_to, *reference;
};

/* A partnership that started or ended in the year. */
struct oreg_overview_event {
	const struct oreg_overview_org *org;
	const struct oreg_overview_partnership *partnership;
};

enum oreg_correction_kind {
	OREG_CORRECTION_ADDED,
	OREG_CORRECTION_REMOVED,
	OREG_CORRECTION_CHANGED,
};

/* Which published values of an organisation a correction changed (bits). */
enum oreg_overview_field {
	OREG_FIELD_NAME = 1 << 0,
	OREG_FIELD_KIND = 1 << 1,
	OREG_FIELD_CITY = 1 << 2,
	OREG_FIELD_THEMES = 1 << 3,
	OREG_FIELD_PARTNERSHIPS = 1 << 4,
	OREG_FIELD_CONTACTS = 1 << 5,
	OREG_FIELD_NOTES = 1 << 6,
	OREG_FIELD_VISIBILITY = 1 << 7,
};
#define OREG_FIELD_COUNT 8

/* One line of the correction log. */
struct oreg_overview_correction {
	const struct oreg_overview_org *org; /* as it stands now; as it stood for a removal */
	const struct oreg_overview_org *old; /* a change: as it stood in the published version */
	enum oreg_correction_kind kind;
	unsigned fields;                     /* OREG_FIELD_* bits, for a change */
	struct oreg_overview_stamp stamp;    /* the newest commit that made it; commit "" when unknown */
};

struct oreg_overview_store; /* the memory behind an overview */
struct oreg_publication;
struct oreg_label_set;

struct oreg_overview {
	enum oreg_document_kind kind;
	int confidential;
	int all_kinds;            /* contacts: signalering counted too */
	int year;                 /* overview */
	int32_t from, until;      /* the period reported on, YYYYMMDD, both inclusive */
	struct oreg_overview_stamp source; /* the commit it was built from */
	int32_t as_of;            /* --as-of, or 0 */
	const char *rev;          /* --rev, or NULL */
	struct oreg_overview_org *orgs; /* sorted by name, case and accents folded */
	size_t norgs;
	struct oreg_overview_event *started, *ended; /* in the order of orgs */
	size_t nstarted, nended;
	struct oreg_overview_org *deleted; /* sorted like orgs */
	size_t ndeleted;
	int32_t corrections_since; /* 0 when no correction log was asked for */
	struct oreg_overview_stamp base; /* the commit the register stood at then */
	struct oreg_overview_correction *corrections; /* sorted by the organisations' names */
	size_t ncorrections;
	struct oreg_overview_store *store;
	/* the annex: what the register's publication settings and schemas say, at the source commit */
	const struct oreg_publication *publication; /* never NULL */
	const struct oreg_label_set *kind_labels, *theme_labels; /* the schemas' labels, or NULL */
	const struct oreg_label_set *contact_kind_labels;
	unsigned withheld;        /* public documents: organisations left out because they are confidential */
	unsigned out_of_scope;    /* overview: organisations left out for their kind */
	int provisional;          /* the period was not over at the source commit's record time */
	const char *reference;    /* the letter's reference (kenmerk), or NULL */
	int32_t sent;             /* the date of sending, or 0 */
	const char *corrections_tag; /* the publication the correction log is against, or NULL */
	struct oreg_overview_contact *withdrawn, *incidents; /* contacts list: in the period, by date */
	size_t nwithdrawn, nincidents;
	int32_t excluded_on;      /* contacts list: the day "excluded now" speaks of */
};

struct oreg_overview_options {
	enum oreg_document_kind kind;
	int year;                  /* overview: the year */
	int32_t since, until;      /* contacts: the period; until 0 is the commit's date */
	int confidential;          /* overview: confidential records and fields too */
	int all_kinds;             /* contacts: signalering contacts too */
	int32_t corrections_since; /* overview: the correction log against the register as of that day */
	int32_t as_of;             /* recorded in the document */
	const char *rev;           /* recorded in the document */
	unsigned threads;          /* 0: every core */
	const char *reference;     /* the letter's reference, shown in the document */
	int32_t sent;              /* the date of sending, shown in the document */
	const char *corrections_base; /* overview: the correction log against this commit (a publication's) */
	const char *corrections_tag;  /* ... named by this publication tag, shown in the document */
};

/*
 * Build a document from commit (40 hex digits) of repo.  Only the
 * organisations and the contacts of the period's year folders are read,
 * each parsed once, on every core; records are not validated against
 * their schemas beyond the types the document needs.  A record that does
 * not load is left out with a warning in warnings (rule "overview").
 *
 * The overview holds every organisation with a partnership overlapping
 * the year or a structural contact in it; its themes are those of the
 * partnerships overlapping the year and of the year's structural and
 * incidental contacts; signalering contacts are never counted.  The
 * deleted section holds the organisations deleted along the first-parent
 * chain up to commit that belonged in the year, judged by the record and
 * the contacts just before the deletion.  The contacts list holds every
 * organisation with a counted contact in the period.
 *
 * Public documents hold public records and fields only (an organisation
 * with visibility: confidential is left out with its counts); every
 * document leaves out personal fields.
 */
int oreg_overview_new(struct oreg_overview **out, struct oreg_repo *repo, const char *commit,
	const struct oreg_overview_options *options, struct oreg_findings *warnings);
void oreg_overview_free(struct oreg_overview *ov);

/*
 * Render ov as a document in format and language: *out (malloc'd, the
 * caller frees it) holds *len bytes.  Every document names the period,
 * the commit and its date and the openreg version; a confidential one
 * says VERTROUWELIJK (CONFIDENTIAL) in its title, first line or top-level
 * field, and on every printed page.
 */
int oreg_overview_render(char **out, size_t *len, const struct oreg_overview *ov,
	enum oreg_document_format format, enum oreg_language lang);

/* Flags of oreg_overview_render_table. */
enum {
	OREG_TABLE_EXCEL_NL = 1 << 0, /* ';', a UTF-8 byte-order mark (CRLF as always): Dutch spreadsheets */
	OREG_TABLE_DATA = 1 << 1,     /* for a data package: field keys as headers, values as they are */
};

/*
 * One table of ov as CSV (RFC 4180: CRLF, every cell quoted, the header
 * first): "organisations", "partnerships", "started", "ended", "deleted" or
 * "corrections" (those oreg_overview_tables names).  Every row carries the
 * marking in a rubricering column.  OREG_ENOTFOUND for a table the
 * document does not have.
 */
int oreg_overview_render_table(char **out, size_t *len, const struct oreg_overview *ov, const char *table,
	enum oreg_language lang, unsigned flags);
/* The names of ov's tables, at most max, into names; returns how many. */
size_t oreg_overview_tables(const char **names, size_t max, const struct oreg_overview *ov);
/*
 * The datapackage.json of a Frictionless (tabular) Data Package holding
 * ov's tables as <table>.csv, written with OREG_TABLE_DATA: name, title,
 * the CC0-1.0 licence for a public document (the marking for a
 * confidential one), the period, the source commit, and a Table Schema per
 * table with field types and primary key.
 */
int oreg_overview_render_datapackage(char **out, size_t *len, const struct oreg_overview *ov,
	enum oreg_language lang);

/* ------------------------------------------------------------------ */
/* Record history: versions of a record and their field-level changes */
/* ------------------------------------------------------------------ */

/*
 * One change to one field between two versions of a record.  path names
 * the field the way a reader does: "partnerships[0].until", a key that is
 * not a plain word as a quoted index (notes["a b"]).  kind is
 * OREG_CHANGE_ADDED when the field was absent before, OREG_CHANGE_DELETED
 * when it is absent after.  The texts are compact one-line renderings
 * (oreg_value_compact), "(none)" for an absent value.
 */
struct oreg_field_change {
	enum oreg_change_kind kind;
	char *path;
	const struct oreg_value *old_value, *new_value; /* borrowed; NULL when absent */
	char *old_text, *new_text;
};

struct oreg_field_changes {
	struct oreg_field_change *items;
	size_t count, alloc;
};

void oreg_field_changes_init(struct oreg_field_changes *changes);
void oreg_field_changes_release(struct oreg_field_changes *changes);

/*
 * Append to out the field-level changes from old to new.  Mappings are
 * compared key by key (old's keys in their order, then the keys only new
 * has, in new's order), sequences item by item by index (an item beyond
 * the shorter one is added or removed), anything else by value
 * (oreg_value_equal): a value that changes type is one change.  A null
 * value is present; "(none)" means absent.  old or new may be NULL for a
 * record that does not exist: it counts as an empty mapping, so each
 * top-level field of the other is one change.  The changes borrow values
 * from old and new, which must outlive them.
 */
int oreg_field_diff(struct oreg_field_changes *out, const struct oreg_value *old,
	const struct oreg_value *new);

/*
 * A value on one line, in YAML flow style: strings plain when that reads
 * back as the same string, double-quoted with escapes otherwise (so a
 * newline is written \n and a string "(none)" or "null" is quoted); lists as
 * [a, b], mappings as {k: v}.  NULL gives "(none)".  malloc'd; NULL when
 * out of memory.
 */
char *oreg_value_compact(const struct oreg_value *value);

/* The value as JSON (malloc'd); numbers that JSON lacks (NaN, infinities) become null. */
char *oreg_value_json(const struct oreg_value *value);

/* s (len bytes) as a JSON string literal, quotes included (malloc'd). */
char *oreg_json_quote(const char *s, size_t len);

/*
 * The value as block-style YAML that oreg_yaml_load reads back to equal
 * values (malloc'd, *len its length unless len is NULL): mappings and
 * sequences in block style indented by two, strings quoted where needed.
 */
char *oreg_value_yaml(const struct oreg_value *root, size_t *len);

/*
 * A view reads records at any commit as a reader at one level sees them
 * (OREG_VISIBILITY_PUBLIC or OREG_VISIBILITY_CONFIDENTIAL): each version
 * against the schemas of its own revision, redacted by
 * oreg_document_redact.  It keeps the registers it loaded, one per
 * version of schemas/.  It borrows repo.
 */
struct oreg_view;

int oreg_view_new(struct oreg_view **out, struct oreg_repo *repo, enum oreg_visibility level);
void oreg_view_free(struct oreg_view *view);

enum oreg_presence {
	OREG_RECORD_ABSENT,     /* no file at that path in that commit */
	OREG_RECORD_HIDDEN,     /* the reader may not see the record (its type or its visibility field) */
	OREG_RECORD_UNREADABLE, /* not strict YAML: nothing of it can be shown */
	OREG_RECORD_VISIBLE,    /* doc holds what the reader may see */
};

struct oreg_record_version {
	enum oreg_presence presence;
	struct oreg_document *doc; /* the redacted record, when visible */
	char *type;                /* "organisation" */
	char *id;
	enum oreg_visibility type_visibility; /* the type's default */
};

void oreg_record_version_release(struct oreg_record_version *version);

/*
 * The record at path (relative to the register's top) in commit rev, or
 * the blob blob (20 bytes, may be NULL) read with the schemas of rev.
 * Returns 0 with out filled in (release it), or a negative code: a path
 * that is no record file of rev's register is OREG_ENOTFOUND.
 */
int oreg_view_record(struct oreg_record_version *out, struct oreg_view *view, const char *rev,
	const char *path, const unsigned char *blob);

/*
 * The same for a file the caller has listed in rev (oreg_snapshot_changes):
 * blob is its id, NULL when rev has no file at path.  Nothing is looked up.
 */
int oreg_view_record_listed(struct oreg_record_version *out, struct oreg_view *view, const char *rev,
	const char *path, const unsigned char *blob);

/*
 * The path of the record that name names: a path under the records
 * folder ("records/organisations/x.yaml"), or type and id
 * ("organisation/x").  A type in year folders (a contact) is looked up in
 * rev (NULL: HEAD), then in HEAD; one found in neither must be named by
 * its path.  Sets *out (malloc'd).  OREG_ENOTFOUND, with a message that
 * says how to name it, when name names no record.
 */
int oreg_view_find_record(char **out, struct oreg_view *view, const char *rev, const char *name);

/* ---- incidents (incident.c) ---- */

/* A contact's incident block; the strings are borrowed from the document (NULL when absent). */
struct oreg_incident {
	const char *explanation;
	const char *reported_to;
	const char *reference;
};

/*
 * Fill out from the incident block of a contact record's root value.
 * Returns 1 when the contact records an incident, 0 when not (out empty).
 * The schema makes the three fields required; a record that breaks it
 * still yields what it has.
 */
int oreg_incident_get(struct oreg_incident *out, const struct oreg_value *contact);

/* ---- screening a name (screen.c) ---- */

/* Whether a candidate holds on the day screened for. */
enum oreg_screen_status {
	OREG_SCREEN_CURRENT,  /* an exclusion in force on the day, or an entity of a list */
	OREG_SCREEN_UPCOMING, /* an exclusion whose since is after the day */
	OREG_SCREEN_LIFTED,   /* an exclusion lifted on or before the day */
};

/* One candidate a screening found: an exclusion, or an entity of a list. */
struct oreg_screen_hit {
	char *source;   /* "records/exclusions/samidoun.yaml", or the list file */
	char *id;       /* the exclusion's id or the entity's id ("" when it has none) */
	char *name;     /* the candidate's name that compared closest */
	int match;      /* 1: a match; 0: a possible match */
	unsigned score; /* 0 to 100, higher is closer */
	char *reason;   /* which forms or words compared, and how */
	size_t subject; /* which organisation screened compared (0 when there is one) */
	enum oreg_screen_status status;
	int32_t since, until; /* an exclusion's (YYYYMMDD; until 0 when not lifted); 0 for a list's entity */
};

struct oreg_screen;

/*
 * Start screening an organisation known by names (the first its name, the
 * rest aliases) and kvk (or NULL), with reg's legal forms and thresholds
 * (reg may be NULL: the defaults).
 */
int oreg_screen_new(struct oreg_screen **out, const struct oreg_register *reg, const char *const *names,
	size_t nnames, const char *kvk);
void oreg_screen_free(struct oreg_screen *s);
/*
 * oreg_screen_new with the register of snap: for name and kvk, or for the
 * names and KvK number of the organisation record with id organisation
 * (then name is ignored and kvk, when not NULL, replaces the record's).
 */
int oreg_screen_open(struct oreg_screen **out, struct oreg_checker *chk, struct oreg_snapshot *snap,
	const char *name, const char *kvk, const char *organisation);
/*
 * Compare with every exclusion of the register in snap, each judged on day
 * (YYYYMMDD): in force, lifted (its until on or before day) or upcoming
 * (its since after day).  day 0 judges none: every exclusion is current.
 */
int oreg_screen_exclusions(struct oreg_screen *s, struct oreg_checker *chk, struct oreg_snapshot *snap,
	int32_t day);
/*
 * Compare with every entity of the list file at path, read in one pass:
 * FollowTheMoney JSON lines (schemas Organization, Company, LegalEntity and
 * PublicBody), or CSV with a header naming at least 'name'.  data/len:
 * the file's bytes when the caller has them (NULL: read path in pieces).
 * OREG_EINVALID for a file in neither format.
 */
int oreg_screen_list(struct oreg_screen *s, const char *path, const char *data, size_t len);
/* The candidates, best first; borrowed until oreg_screen_free. */
const struct oreg_screen_hit *oreg_screen_hits(struct oreg_screen *s, size_t *count);
/* ------------------------------------------------------------------ */
/* Publication settings (the publication: section of register.yaml)    */
/* ------------------------------------------------------------------ */

struct oreg_regex;

/* A text a reader sees, in Dutch and English (both NULL when not set). */
struct oreg_text {
	char *nl, *en;
};

/*
 * How the register's documents are published: who sends them, what they
 * belong to, which organisations the annual overview lists.  An
 * organisation belongs in year Y when a partnership overlaps Y (if
 * by_partnership) or at least min_structural structural contacts in Y
 * name it (if min_structural > 0), and its kind is in scope.
 */
struct oreg_publication {
	struct oreg_text ministry, directorate;
	char *kamerstuk;               /* "32 824", or NULL */
	char *reference_pattern;       /* ECMA-262, or NULL: any reference */
	struct oreg_regex *reference_regex; /* compiled reference_pattern */
	int by_partnership;           /* default true */
	unsigned min_structural;       /* default 1 */
	int kinds_given;               /* kinds lists the kinds in scope */
	char **kinds;
	size_t nkinds;
	struct oreg_text method;       /* Markdown: paragraphs and "- " lists */
	struct oreg_text marking;      /* default Departementaal vertrouwelijk */
};

void oreg_publication_init(struct oreg_publication *pub);
void oreg_publication_release(struct oreg_publication *pub);

/*
 * Parse the publication: mapping v into pub (initialised, perhaps holding
 * defaults).  Problems are findings with rule "register".  Returns the
 * number of problems, or a negative code on failure.
 */
int oreg_publication_parse(struct oreg_publication *pub, const struct oreg_value *v,
	struct oreg_findings *findings);

/* Is an organisation of kind (NULL: unknown) in the overview's scope? */
int oreg_publication_kind_in_scope(const struct oreg_publication *pub, const char *kind);

/* The marking of a confidential document in lang: never NULL. */
const char *oreg_publication_marking(const struct oreg_publication *pub, enum oreg_language lang);

/* 0 when reference matches the reference-pattern (or there is none); OREG_EINVALID with a message when not. */
int oreg_publication_check_reference(const struct oreg_publication *pub, const char *reference);

/* The SHA-256 of data as 64 lower-case hex digits (sha256.c). */
void oreg_sha256_hex(char out[65], const void *data, size_t len);

/* An annotated tag (git/tag.c); strings borrowed for the call. */
struct oreg_tag {
	const char *name;  /* without refs/tags/ */
	char commit[41];   /* the commit it points at */
	const char *message;
	long long time;    /* tagger time */
	int offset;
};

/*
 * Write the annotated tag name on commit with message; the tagger is
 * git's committer (GIT_COMMITTER_* or user.name and user.email).
 * OREG_EINVALID when the tag exists.  The only write openreg makes to a
 * repository.
 */
int oreg_repo_tag_create(struct oreg_repo *repo, const char *name, const char *commit, const char *message);

/* Call fn for every annotated tag whose name starts with prefix, in name order. */
int oreg_repo_tags(struct oreg_repo *repo, const char *prefix,
	int (*fn)(const struct oreg_tag *tag, void *payload), void *payload);

/*
 * A sealed publication (seal.c): the tag publicatie/<document>-<key>-<n>
 * on the commit a sent document was built from, holding how it was built.
 */
struct oreg_seal {
	char *tag;            /* "publicatie/overview-2024-1" */
	char commit[41];      /* where the tag points */
	char source[41];      /* the commit the seal names; equal to commit */
	char sha256[65];      /* of the file as sent */
	char *document;       /* "overview", "contacts" */
	char *key;            /* the year, or the since date */
	char *file;           /* the file name it was written to, or NULL */
	char **args;          /* the document's options, as given */
	size_t nargs;
	char *record_time;    /* the source commit's time, ISO 8601 */
	char *version;        /* of openreg */
	long long time;       /* when it was published (the tagger's time) */
	int offset;
};

struct oreg_seals {
	struct oreg_seal *items; /* in tag name order */
	size_t count, alloc;
};

void oreg_seals_init(struct oreg_seals *seals);
void oreg_seals_release(struct oreg_seals *seals);
/* Every publication tag of repo; annotated tags whose message is no seal are skipped. */
int oreg_seals_list(struct oreg_seals *out, struct oreg_repo *repo);
/* The seal with that SHA-256, or that tag name (with or without publicatie/), or NULL. */
const struct oreg_seal *oreg_seals_find(const struct oreg_seals *seals, const char *tag_or_hash);
/*
 * Record seal (document, key, sha256, source, args; file, record_time and
 * version when known) as the next free tag publicatie/<document>-<key>-<n>
 * on seal->source.  Sets *tag_out (malloc'd) to the tag's name.
 */
int oreg_seal_create(char **tag_out, struct oreg_repo *repo, const struct oreg_seal *seal);

/* The register's publication settings (defaults when it has none); lives as long as reg. */
const struct oreg_publication *oreg_register_publication(const struct oreg_register *reg);
/* The review of a change: what a reader may see of it (review.c)      */
/* ------------------------------------------------------------------ */

/*
 * A record whose file differs between the two commits, as the reader
 * sees it.  what is "added", "removed" or "changed" (a visible field
 * changed), or "unreadable" (not strict YAML at one side: nothing of it
 * is shown).  fields holds the field-level changes the reader may see.
 */
struct oreg_review_change {
	char *path;
	const char *type; /* "organisation": of the later version, else of the earlier */
	const char *what;
	struct oreg_record_version old, new;
	struct oreg_field_changes fields;
};

struct oreg_review {
	char a[41], b[41];              /* the commits compared */
	struct oreg_commit ca, cb;
	int confidential;               /* the reader's level: confidential, else public */
	struct oreg_review_change *changes; /* by type, then added, removed, changed, unreadable, then path */
	size_t nchanges;
	struct oreg_findings findings;  /* the rule results at b that the reader may see */
	size_t errors, warnings;        /* of all rule results at b, shown or not */
	size_t withheld;                /* rule results left out: they could quote what the reader may not see */
};

/*
 * The review of the change from revision from to revision to (NULL:
 * HEAD) for a reader at the confidential level (confidential non-zero)
 * or the public level.  Hidden records and fields do not appear, not
 * even as changed; a rule result whose message could quote them (it lies
 * in a hidden record or field, or, at the public level, it comes from a
 * rule that quotes other records: ref, exclusion, history) is withheld
 * and only counted.  The rule results are oreg_check_changes of to
 * against from.  Sets *out (free it with oreg_review_free).
 */
int oreg_review_new(struct oreg_review **out, struct oreg_repo *repo, const char *from, const char *to,
	int confidential);
void oreg_review_free(struct oreg_review *review);
/* ------------------------------------------------------------------ */
/* Escaping output (escape.c)                                          */
/* ------------------------------------------------------------------ */

/*
 * One escaper per output format; every command and document writes text
 * that comes from records, commits or file names through one of them.
 * Control characters (C0, DEL, C1), bidirectional controls and bytes that
 * are not UTF-8 become visible escapes (\u{1b}, \xff); see escape.c for
 * what each format adds.
 */
enum oreg_escape {
	OREG_ESCAPE_TEXT, /* terminal text; tab and line feed kept */
	OREG_ESCAPE_LINE, /* terminal text within one line; tab and line feed escaped too */
	OREG_ESCAPE_HTML, /* HTML or XML text and attribute values */
	OREG_ESCAPE_CSV,  /* one whole quoted RFC 4180 field with the formula guard */
	OREG_ESCAPE_MD,   /* Markdown (GitLab) text in a line or table cell */
};

/* s (NULL counts as "") escaped for how (malloc'd); NULL when out of memory. */
char *oreg_escape(enum oreg_escape how, const char *s);
/* Write s escaped for how to out: 0, OREG_ENOMEM or OREG_EIO. */
int oreg_escape_write(FILE *out, enum oreg_escape how, const char *s);

#endif
