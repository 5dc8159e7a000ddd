/*
 * overview.h - the parts of the overview shared by its two files, private
 * to them: overview.c builds the model (which organisations belong in the
 * period, their counts and what may be said of them) and
 * overview_history.c adds what history tells (the deleted section and the
 * correction log).
 */
#ifndef OREG_OVERVIEW_H
#define OREG_OVERVIEW_H

#include "internal.h"

#define RULE "overview"

enum { K_NONE = -1, K_STRUCTURAL = 0, K_INCIDENTAL = 1, K_SIGNALERING = 2 };

/* Why a record was left out of the model: the first problem of reading it, and where. */
struct note {
	char *text; /* malloc'd, or NULL when it was read */
	unsigned line, column;
};

/* What the model needs of one contact. */
struct contact {
	const char *path;
	unsigned char blob[20];
	int has_blob;
	int loaded;
	int32_t date;
	int kind;
	const char **orgs;
	size_t norgs;
	long *slot_of;        /* per orgs[k] its slot, or -1: set by count_contacts for the contacts it counts */
	const char **themes;
	size_t nthemes;
	struct note note;     /* why it was not read */
	int32_t withdrawn;    /* withdrawn (recorded in error) on this day; -1 withdrawn without a date; never counted */
	const char *reason;   /* why it was withdrawn */
	bool incident;        /* recorded as an incident: a contact that should not have happened */
	const char *explanation, *reported_to, *reference;
};

/* One exclusion as the contacts list needs it: whom it names and when it holds. */
struct exclusion {
	const char *organisation, *kvk;
	int32_t since, until; /* until 0 while in force; the exclusion holds up to the day before */
};

/* One organisation file, with what the contacts say of it. */
struct slot {
	const char *path, *id;
	unsigned counts[3];
	int32_t first, last;      /* of the counted contacts */
	uint64_t themes;          /* of the counted contacts, by interned theme */
	uint64_t structural_themes; /* of the structural contacts only: what the overview shows */
	int withheld;             /* a member left out of a public document because it is confidential */
	int out_of_scope;         /* a member but for its kind (overview) */
	int member;               /* it is in the document */
	int hidden;               /* confidential at the document's revision, the document public */
	int excludable;           /* an exclusion names it (by id or KvK number), on some day (contacts list) */
	const char *sort_key;
	struct oreg_overview_org org;
	struct note note;         /* why it was not read */
};

/* A file to read: from a snapshot (entry) or from memory (data). */
struct item {
	const char *path;
	const struct oreg_entry *entry;
	const char *data;
	size_t len;
};

struct oreg_overview_store {
	struct oreg_arena arena;
	struct contact *contacts; /* kept for the correction log */
	size_t ncontacts;
	struct oreg_overview *base; /* the register as published, for a correction log */
};

struct build {
	const struct oreg_register *reg;
	const struct oreg_record_type *org_type;
	const struct oreg_overview_options *o;
	enum oreg_visibility level;
	int32_t from, until;
	struct oreg_overview *ov;
	struct oreg_snapshot *snap; /* NULL for a build from memory */
	struct item *org_items, *contact_items;
	size_t norgs, ncontacts;
	struct slot *slots;
	size_t *slot_hash;          /* open addressing by id: slot index + 1, 0 empty */
	size_t slot_hash_size;
	struct contact *contacts;
	const struct oreg_label_set *theme_labels; /* the schemas' order of themes, or NULL */
	struct item *exclusion_items;
	size_t nexclusions;
	struct exclusion *exclusions;
	const char *theme_names[64];
	size_t nthemes;
	unsigned threads;           /* 0: one per core */
};

struct git_build {
	struct build b;
	struct oreg_entries org_entries, contact_entries[16], exclusion_entries;
	size_t nyears;
	struct oreg_register *reg;
	struct oreg_snapshot *snap;
};

/* ---- the model (overview.c) ---- */

/* The id of a record file: its name without .yaml, when the name is a valid id. */
const char *overview_id_of(struct oreg_arena *a, const char *path);
/* Who made commit id and when. */
int overview_stamp_of(struct oreg_overview_stamp *out, struct oreg_repo *repo, const char *id, struct oreg_arena *a);
/* The folder of record type type (of year, when not 0) in out. */
int overview_folder_path(char *out, size_t size, const struct oreg_register *reg, const char *type, int year);

/* What the contact in it says, into c. */
int overview_parse_contact(struct build *b, struct oreg_snapshot *snap, const struct item *it, struct contact *c,
	struct oreg_arena *a);
/* The slot of organisation id, or -1. */
long overview_find_slot(const struct build *b, const char *id);
/* Whether contacts of kind count for the document. */
bool overview_counted(const struct build *b, int kind);
/* The themes of contact c as bits of a slot's themes. */
uint64_t overview_themes_of(struct build *b, const struct contact *c);
/* Count contact c, with themes (overview_themes_of), for the organisation in s. */
void overview_count(const struct build *b, struct slot *s, const struct contact *c, uint64_t themes);
/*
 * Decide whether the organisation in it belongs in the document, and if
 * so fill in s->org from the record as redacted at the document's level.
 */
int overview_process_org(struct build *b, struct oreg_snapshot *snap, const struct item *it, struct slot *s,
	struct oreg_arena *a);
/* The members of slots, sorted, copied into *out. */
int overview_collect(struct oreg_overview_org **out, size_t *n, struct slot *slots, size_t nslots,
	struct oreg_arena *a);

/* The model of the register at commit; release g with overview_git_build_release whatever it returns. */
int overview_git_model(struct git_build *g, struct oreg_overview **ov, struct oreg_repo *repo, const char *commit,
	const struct oreg_overview_options *o, struct oreg_findings *warnings);
void overview_git_build_release(struct git_build *g);

/* ---- what history tells (overview_history.c) ---- */

/* The organisations of the year that a commit up to commit deleted: b->ov->deleted. */
int overview_scan_deleted(struct build *b, struct oreg_repo *repo, const char *commit,
	struct oreg_findings *warnings);
/*
 * The changes since o->corrections_since: ov->corrections, with ov built
 * in b.  Visibility is judged at commit: an organisation that is
 * confidential now is no correction of a public document ("removed" would
 * name it, and say when it was hidden), though it was public then.
 */
int overview_corrections(struct oreg_overview *ov, const struct build *b, struct oreg_repo *repo,
	const char *commit,
	const struct oreg_overview_options *o, const struct oreg_register *reg, struct oreg_findings *warnings);

#endif
