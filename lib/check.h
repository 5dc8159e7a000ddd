/*
 * check.h - the register rules across records, private to the files that
 * implement them: facts.c (what one record says, parsed once per blob),
 * state.c (the records of one snapshot, read lazily), rules.c (the rules
 * across records), history.c (the rules over a range of commits) and
 * check.c (what to check for a full, an incremental and a range check).
 */
#ifndef OREG_CHECK_H
#define OREG_CHECK_H

#include "internal.h"

#include <pthread.h>

#define OREG_RULE_REF "ref"
#define OREG_RULE_EXCLUSION "exclusion"
#define OREG_RULE_HISTORY "history"
#define OREG_RULE_SERVER "server"
#define OREG_RULE_POLICY "policy"

/* An x-ref in a record: the value names a record of another type. */
struct oreg_ref {
	const char *type; /* "organisation" */
	const char *id;
	unsigned line, column;
	const char *pointer;
};

/* A period of days, from and until as YYYYMMDD; until 0 is open-ended. */
struct oreg_period {
	int32_t from, until;
	unsigned line, column; /* of the period (partnership item, or exclusion's since) */
	const char *pointer;
};

/*
 * What the rules across records need to know of one record.  Everything
 * is parsed once per (path, blob) and kept for the checker's life; the
 * YAML document itself is dropped, since 500,000 contacts would not fit.
 */
struct oreg_record {
	const char *path;
	const char *type; /* the type's name, NULL when the path has none */
	int dated;        /* the type sits in year folders (a contact) */
	const char *id;
	unsigned char blob[20];
	int has_blob;
	int loaded;   /* the YAML loaded (the facts below are filled in) */
	int facts_only; /* parsed for its facts alone: findings is empty, not known */

	/* single-record findings (layout, yaml, schema, endorsement, privacy) */
	struct oreg_finding *findings;
	size_t nfindings;

	struct oreg_ref *refs;
	size_t nrefs;

	/* contact (and screening) */
	int32_t date;
	unsigned date_line, date_column;
	int incident; /* the contact records an incident: it should not have happened */
	const char *incident_text; /* the incident block on one line, to see a commit change it; or NULL */

	/* screening */
	const char *screened_exclusion; /* the exclusion id it settles, or NULL */
	const char *outcome;            /* "geen-match", "match", "twijfel" */

	/* organisation and exclusion */
	const char *name;
	const char *kvk;
	unsigned kvk_line, kvk_column;
	const char **names; /* name and aliases as written */
	struct oreg_name_forms *forms; /* and the forms they are compared in (names.c) */
	size_t nnames;
	unsigned name_line, name_column;
	struct oreg_period *periods; /* partnerships; an exclusion's since..until */
	size_t nperiods;

	/* exclusion (and screening) */
	const char *organisation; /* the organisation id it names, or NULL */
	unsigned organisation_line, organisation_column;
	const char *source;
	unsigned source_line, source_column;
	unsigned until_line, until_column; /* 0 when there is no until */
	const char **grounds;
	size_t ngrounds;
	int lifted_on_until; /* until is the day it was lifted */

	uint64_t schemas_key;
	struct oreg_record *cache_next; /* hash chain */
};

/*
 * The checker: the repository, a cache of parsed records by (path, blob,
 * schemas) and the arenas they live in.  The schemas are part of the key
 * because a record is checked against the schemas of its own revision.
 */
struct oreg_checker {
	struct oreg_repo *repo;
	struct oreg_arena arena;
	struct oreg_record **buckets;
	size_t nbuckets, nrecords;
	struct oreg_record *uncached; /* working-tree records, chained through cache_next */
	pthread_mutex_t lock;
	unsigned threads;
	/* registers loaded without findings, by schemas key: a range reads schemas/ once, not per commit */
	struct kept_register {
		uint64_t key;
		struct oreg_register *reg;
	} *registers;
	size_t nregisters, aregisters;
	/* told of each document a parse loads (oreg_checker_on_document) */
	void (*on_document)(void *payload, const struct oreg_entry *entry, const struct oreg_document *doc);
	void *on_document_payload;
	void *list_memo; /* what the register's screening lists said of organisation blobs (screen.c) */
	void *hits_memo; /* how organisations compared with the exclusions in force (rules.c) */
};

/*
 * An entry of a state is an index: below STATE_FOUND, its place in the
 * listing; from STATE_FOUND on, a record found by path without a listing
 * (a lazy state).  Both stay valid for the state's life, also once a lazy
 * state is listed whole.
 */
#define STATE_FOUND ((size_t)1 << 40)

/* The records of one snapshot, read when a rule asks for them. */
struct state {
	struct oreg_checker *checker;
	struct oreg_snapshot *snap;
	struct oreg_register *reg;
	int reg_shared; /* reg is the checker's (state_close leaves it) */
	struct oreg_snapshot *reg_snap; /* where reg was read, when not snap (state_open_policy) */
	struct oreg_entries entries; /* under records/, sorted by path, once listed */
	int listed;
	/* entries by path (state_find): open addressing, the path's hash's upper half << 32 | index + 1 */
	uint64_t *listed_table;
	size_t listed_tsize;
	struct oreg_record **records; /* parallel to entries; NULL until read */
	void **slots;                 /* the rules' own data per listed entry (state_slot) */
	size_t slots_n, found_slots_n;
	/*
	 * lazy: records are found by path as the rules ask for them, and the
	 * whole is listed only for a rule over all of them, so that a change
	 * of a few records costs a few lookups, not a listing of the register.
	 */
	int lazy;
	struct oreg_entries found;    /* entry STATE_FOUND + k: the k-th path asked for */
	struct oreg_record **found_records;
	void **found_slots;
	unsigned char *found_missing; /* 1: the path asked for is not there */
	size_t found_alloc, *found_table, found_tsize; /* the table: open addressing, k + 1 */
	int failed; /* a lookup that failed (state_find says -1): the check fails with it */
	uint64_t schemas_key; /* identifies schemas/ of this snapshot, 0 when unknown */
	struct oreg_record **exclusions;
	size_t nexclusions;
	int exclusions_loaded;
	struct oreg_record **screenings;
	size_t nscreenings;
	int screenings_loaded;
	char **year_folders; /* "records/contacts/2024/", of the dated type */
	size_t nyear_folders;
	int year_folders_loaded;
	/*
	 * of a listed state: the file names in the year folders, each with the
	 * folders that hold it (a bit per folder); open addressing by name
	 */
	struct year_name {
		uint64_t folders;
		uint32_t hash, entry; /* entry: index + 1 of one entry of that name; 0 empty */
	} *year_names;
	size_t year_names_size;
	struct oreg_folder **year_trees; /* of a lazy state: each year folder, held once asked for */
	unsigned char *year_trees_open;
};

/* facts.c */
int oreg_record_parse(struct oreg_record **out, struct oreg_checker *chk, const struct oreg_register *reg,
	uint64_t schemas_key, struct oreg_snapshot *snap, const struct oreg_entry *entry);
int oreg_record_emit(const struct oreg_record *rec, struct oreg_findings *findings);
/*
 * The same, for the facts alone when facts_only (no single-record rule
 * runs: for a record whose findings no one asks for), cached apart from
 * the records parsed whole.
 */
int oreg_record_parse_as(struct oreg_record **out, struct oreg_checker *chk, const struct oreg_register *reg,
	uint64_t schemas_key, struct oreg_snapshot *snap, const struct oreg_entry *entry, int facts_only);
/*
 * Parse the record at entry whole into arena, for the caller alone: not
 * cached, not shared.  The caller calls oreg_record_release, then may
 * reset or release the arena.
 */
int oreg_record_parse_transient(struct oreg_record **out, struct oreg_arena *arena, const struct oreg_register *reg,
	uint64_t schemas_key, struct oreg_snapshot *snap, const struct oreg_entry *entry);
/* Free what a record holds outside the checker's arena (its findings' strings). */
void oreg_record_release(struct oreg_record *rec);

/* state.c */
int state_open(struct state *st, struct oreg_checker *chk, struct oreg_snapshot *snap,
	struct oreg_findings *findings);
void state_close(struct state *st);
/* Open without listing the records (lazily, as state_open_lazy), or listing them. */
int state_open_listing(struct state *st, struct oreg_checker *chk, struct oreg_snapshot *snap,
	struct oreg_findings *findings, int list);
/* List the records of a state opened without (once). */
int state_list(struct state *st);
/* The index of path in the entries, or -1 (a lazy state looks it up; a failure is -1 with *err set). */
long state_find(struct state *st, const char *path);
/*
 * The index of entry e, which the caller found in st's snapshot (a change
 * listed from it): as state_find(st, e->path), but a lazy state takes e
 * as it is rather than looking it up again.
 */
long state_index_of(struct state *st, const struct oreg_entry *e);
/*
 * Is there an entry at path?  As state_find(st, path) >= 0, but a lazy
 * state does not keep what it looked up (a failure is 0, in st->failed).
 */
int state_has(struct state *st, const char *path);
/*
 * Is there an entry named file in st->year_folders[i]?  As state_has for
 * the path, but a lazy state holds the folder to look in, rather than
 * walking down to it for every name.
 */
int state_year_folder_has(struct state *st, size_t i, const char *file);
/* The record at entry i, parsed on first use; NULL with a code in *err. */
struct oreg_record *state_record(struct state *st, size_t i, int *err);
/* The same for its facts alone (its findings may be missing): for a record the change does not touch. */
struct oreg_record *state_facts(struct state *st, size_t i, int *err);
/* Parse every entry, on the checker's threads. */
int state_load_all(struct state *st);
/*
 * The single-record findings and the rules across records of every entry,
 * for a state checked once and closed (a whole snapshot): the records of
 * dated types (contacts) are parsed, checked and dropped on the checker's
 * threads, never kept.  The findings come in the order of the entries.
 */
int state_check_all(struct state *st, struct oreg_findings *findings);
int state_load_exclusions(struct state *st);
/* The screening records, in st->screenings. */
int state_load_screenings(struct state *st);
/* The year folders of a dated type, in st->year_folders. */
int state_load_year_folders(struct state *st, const struct oreg_record_type *type);
/*
 * The entries of type's folder, parsed on every core: their indices in *out
 * (malloc'd).  A lazy state lists only that folder.
 */
int state_type_entries(size_t **out, size_t *n, struct state *st, const struct oreg_record_type *type,
	int facts_only);
/* The register's type named name, or NULL. */
const struct oreg_record_type *state_type(const struct state *st, const char *name);
/* The entry index of the record of type with id, or -1. */
long state_find_record(struct state *st, const char *type, const char *id);
/* The failure of a lookup in a or b (b may be NULL) that state_find reported as -1, or 0. */
int state_failure(const struct state *a, const struct state *b);
/* The entry at index i (borrowed: valid until the next lookup or listing). */
const struct oreg_entry *state_entry(const struct state *st, size_t i);
/*
 * A place for the rules' own data about entry i, NULL at first (NULL
 * when out of memory); state_close frees nothing in it: the rules free
 * theirs with state_slots_each first.
 */
void **state_slot(struct state *st, size_t i);
/* Call fn on every slot's data that is not NULL, and forget it. */
void state_slots_each(struct state *st, void (*fn)(void *data));
/*
 * Open snap lazily: its records are found by path as the rules ask, and
 * listed whole only when a rule needs them all.  The working tree, and an
 * index only libgit2 reads, are listed at once.
 */
int state_open_lazy(struct state *st, struct oreg_checker *chk, struct oreg_snapshot *snap,
	struct oreg_findings *findings);

/* check.c */
/* Call fn for each entry that differs between base and target (old or new NULL when absent). */
int oreg_diff_states(struct state *base, struct state *target,
	int (*fn)(const struct oreg_entry *old, const struct oreg_entry *new, size_t target_index, void *payload),
	void *payload);
/*
 * Call fn for each record file that differs from base to target, through
 * the index's cache-tree when target is the index and base a commit, else
 * by comparing the two listings.
 */
int oreg_changes(struct state *base, struct state *target,
	int (*fn)(const struct oreg_entry *old, const struct oreg_entry *new, size_t target_index, void *payload),
	void *payload);
/* The incremental check of target against base (NULL: the whole of target). */
int oreg_check_states(struct state *base, struct state *target, struct oreg_findings *findings);

/*
 * screen.c: the register's screening lists (rules.screening.lists), read
 * where each end's rules come from, applied to the organisations target
 * adds or renames since base (NULL: every organisation).  A possible match
 * is an error until a screening of the organisation settles it.
 */
int screen_register_lists(struct state *base, struct state *target, struct oreg_findings *findings);
/* The same for a whole snapshot: against its first parent, or HEAD for the working tree. */
int screen_register_lists_snapshot(struct state *target, struct oreg_findings *findings);
void screen_memo_free(void *memo);

/* check.c: do the two snapshots hold the same schemas/?  1, 0, or a code. */
int oreg_same_schemas(struct oreg_snapshot *a, struct oreg_snapshot *b);

/* policy.c: the register's change procedure */
/*
 * Open the records of snap under the register and schemas of policy (the
 * policy in force), whose schemas key is policy_key.
 */
int state_open_policy(struct state *st, struct oreg_checker *chk, struct oreg_snapshot *snap,
	struct oreg_snapshot *policy, uint64_t policy_key, struct oreg_findings *findings);
/*
 * Add a finding for every way the schemas and register of commit weaken
 * those of parent, unless allowed (a Policy-Change: trailer); count them
 * in *count either way.  words names the commit in the messages.
 */
int policy_weakenings(size_t *count, struct oreg_snapshot *parent, struct oreg_snapshot *commit, const char *words,
	int allowed, struct oreg_findings *findings);

/* rules.c: the rules across records for the record at entry i. */
int rules_check_record(struct state *st, size_t i, struct oreg_findings *findings);
/*
 * Does organisation org compare with an exclusion at a level that is an
 * error for its contacts (a match, or a possible match no screening
 * settled), or has a screening found it a match?  1 or 0, or a failure code.
 */
int rules_organisation_excluded(struct state *st, const struct oreg_record *org);
/*
 * How exclusion ex compares with organisation org (by link, KvK number or
 * names): OREG_NAME_NONE when it can change nothing about org.  The
 * checker keeps the answer for the two records (of st's schemas key).
 */
enum oreg_name_level rules_compare(struct state *st, const struct oreg_record *ex, const struct oreg_record *org);
/*
 * Compare the organisations among the listed entries at[0..n) (parsed,
 * others skipped) with the exclusions and screenings, on every core, for
 * the rules to find made.
 */
int rules_prepare_organisations(struct state *st, const size_t *at, size_t n);
/* Free the checker's memo of comparisons. */
void rules_memo_free(void *memo);
/* Free what the rules kept for st (state_close calls it). */
void rules_release(struct state *st);

/*
 * exclusion_history.c: an exclusion changes only forward.  old and new are
 * the exclusion at path before and after one commit, made on day (YYYYMMDD)
 * with message (NULL when not known: the rules needing it are skipped);
 * who names the commit in messages.  Adds a history finding for each
 * backward change.
 */
int exclusion_forward_rule(const struct oreg_record *old, const struct oreg_record *new, int32_t day,
	const char *message, const char *who, struct oreg_findings *findings);
/*
 * The same for the exclusion at path, entry j of target, against base;
 * the day and message from commit, or today and message for a commit not
 * made yet.
 */
/*
 * Does the contact at entry j of target (old its entry in base, as the change
 * listed it, or NULL) add or change an incident block?  1 or 0, or a failure code.
 */
int incident_changed(struct state *base, struct state *target, const struct oreg_entry *old, size_t j);
int exclusion_history_check(struct state *base, struct state *target, const char *path, size_t j,
	const struct oreg_commit *commit, const char *message, const char *who, struct oreg_findings *findings);


#endif
