/*
 * histindex.h - the history index's layers (histindex.c) as histbuild.c
 * and the unit tests see them.  A model is a layer being built, in
 * memory; a layer is one read from a file or a buffer.  Entries a lookup
 * returns point into the layer, which must outlive them.
 */
#ifndef OREG_HISTINDEX_H
#define OREG_HISTINDEX_H

#include "internal.h"

#include <stdint.h>

/* The kinds of entries. */
enum {
	OREG_HX_PRESENT = 0,     /* 'p', 'f': the file or folder is there after the step, id is its object */
	OREG_HX_ABSENT = 1,      /* 'p', 'f': it is gone after the step */
	OREG_HX_REFERRED = 2,    /* 'o': a contact (path in extra) referred to the organisation */
	OREG_HX_PARTNERSHIP = 3, /* 'o': the organisation's own record (path in extra) has a partnership */
	OREG_HX_REFERRED_OTHER = 4, /* 'o': a record of another type (an exclusion) named the organisation */
	/* as the history rules' walk reads any .yaml file (everref.c), whatever its folder: */
	OREG_HX_NAMED = 5,       /* 'o': the file's top-level 'organisations' list names it */
	OREG_HX_LISTED = 6,      /* 'o': the file is <id>.yaml and has a non-empty 'partnerships' list */
	OREG_HX_REFERRED_NAMED = 7, /* 'o': both OREG_HX_REFERRED and OREG_HX_NAMED, the usual case, in one entry */
};

struct oreg_hx_commit {
	unsigned char id[20], parent[20]; /* parent: zeros for a root commit */
	int64_t time, record_time;
	int32_t offset;
	uint32_t nparents;
};

struct oreg_hx_side {
	unsigned char id[20];
	uint32_t step; /* the merge that brought the commit */
};

struct oreg_hx_entry {
	uint32_t step;
	uint8_t kind;
	uint16_t extra_len;
	unsigned char id[20];
	const char *extra; /* extra_len bytes, no NUL */
};

struct oreg_hx_list {
	const char *key;
	size_t keylen;
	uint64_t hash;
	struct oreg_hx_entry *items;
	size_t n, alloc;
};

struct oreg_hx_model {
	uint32_t first_step;
	struct oreg_hx_commit *commits;
	size_t ncommits, acommits;
	struct oreg_hx_side *side;
	size_t nside, aside;
	struct oreg_hx_list *lists;
	size_t nlists, alists;
	size_t *table, tsize; /* open addressing: list index + 1 */
	struct oreg_arena arena;
};

void oreg_hx_model_init(struct oreg_hx_model *m, uint32_t first_step);
void oreg_hx_model_release(struct oreg_hx_model *m);
/* Add an entry to key's list; entries of a key are added in order of steps. */
int oreg_hx_model_add(struct oreg_hx_model *m, const char *key, size_t keylen, uint32_t step, unsigned kind,
	const unsigned char id[20], const char *extra, size_t extra_len);
int oreg_hx_model_add_commit(struct oreg_hx_model *m, const struct oreg_hx_commit *c);
int oreg_hx_model_add_side(struct oreg_hx_model *m, const unsigned char id[20], uint32_t merge_step);
/* The layer's bytes (malloc'd), checksums and all. */
int oreg_hx_layer_serialize(unsigned char **out, size_t *len, struct oreg_hx_model *m);

struct oreg_hx_layer {
	unsigned char *map;
	size_t size;
	int mapped; /* map is mmap'd; otherwise malloc'd and owned */
	const char *name;
	unsigned char hash[32];
	uint32_t first, n, nside, nbuckets;
	const unsigned char *commits, *order, *side, *dir, *data;
	size_t data_len;
	unsigned char *verified; /* one bit a bucket: its checksum was checked */
};

/*
 * Check a layer's header, sizes and trailer and take over map (munmap'd or
 * freed by oreg_hx_layer_close, also on failure).  name (borrowed, for
 * messages) must outlive the layer.  OREG_EINVALID when it is damaged.
 */
int oreg_hx_layer_open(struct oreg_hx_layer *l, unsigned char *map, size_t size, int mapped, const char *name);
void oreg_hx_layer_close(struct oreg_hx_layer *l);
/* The i-th commit of the layer (0 is its first step). */
void oreg_hx_layer_commit(struct oreg_hx_commit *out, const struct oreg_hx_layer *l, uint32_t i);
/* The place in the layer of the commit id, or -1. */
long oreg_hx_layer_find_commit(const struct oreg_hx_layer *l, const unsigned char id[20]);
/* The step of the merge that brought commit id (not itself on the chain), or -1. */
long oreg_hx_layer_find_side(const struct oreg_hx_layer *l, const unsigned char id[20]);

struct oreg_hx_found {
	struct oreg_hx_entry *items; /* in order of steps; extra points into the layer */
	size_t n, alloc;
};

/* Append key's entries in layer l to out; OREG_EINVALID when what it reads is damaged. */
int oreg_hx_layer_lookup(struct oreg_hx_found *out, struct oreg_hx_layer *l, const char *key, size_t keylen);
void oreg_hx_found_release(struct oreg_hx_found *f);
/*
 * Check every bucket and entry of a layer, and add to into (when not NULL)
 * what it holds of the steps up to last (UINT32_MAX: all of it).
 */
int oreg_hx_layer_load(struct oreg_hx_model *into, struct oreg_hx_layer *l, uint32_t last);

/* Write a file through a temporary name and a rename. */
int oreg_hx_write_file(const char *path, const unsigned char *data, size_t len);
/* mmap a whole file read-only; OREG_ENOTFOUND when it is not there. */
int oreg_hx_map_file(unsigned char **out, size_t *len, const char *path);

struct oreg_hx_chain_item {
	unsigned char hash[32];
	uint32_t first, n;
};

/* The chain file's bytes for these layers (malloc'd). */
int oreg_hx_chain_serialize(unsigned char **out, size_t *len, const struct oreg_hx_layer *layers, size_t n);
/* Read a chain file into items (room for 64); OREG_EINVALID when damaged. */
int oreg_hx_chain_parse(struct oreg_hx_chain_item *items, size_t *n, const unsigned char *data, size_t len);
/* "<dir>/history-index-<hash in hex>.layer" */
void oreg_hx_layer_filename(struct oreg_buf *out, const char *dir, const unsigned char hash[32]);

/* ---- questions to an opened index (histbuild.c; the answers in git/histquery.c) ---- */

/* The step of commit id on the indexed chain, or -1. */
long oreg_histindex_step(const struct oreg_histindex *ix, const unsigned char id[20]);
/* How many steps the index holds. */
uint32_t oreg_histindex_nsteps(const struct oreg_histindex *ix);
/* The commit at step (all zeros beyond the index). */
void oreg_histindex_commit(struct oreg_hx_commit *out, const struct oreg_histindex *ix, uint32_t step);
/* Every entry of key across the layers, in order of steps; OREG_EINVALID when the part read is damaged. */
int oreg_histindex_lookup(struct oreg_hx_found *out, struct oreg_histindex *ix, const char *key, size_t keylen);

/*
 * The index of HEAD's chain when there is one to use, brought up to HEAD
 * but never built from nothing; *out NULL (and 0) when there is none to
 * use: turned off, missing, damaged, another writer building it, a shallow
 * clone.  The caller then reads the history itself.  The index is opened
 * once for the repository and belongs to it (oreg_repo_free frees it):
 * HEAD does not move while a command answers.  One thread at a time.
 */
int oreg_histindex_use(struct oreg_histindex **out, struct oreg_repo *repo);
/* The step of the commit rev names on the indexed chain, or -1. */
long oreg_histindex_step_of_rev(struct oreg_histindex *ix, struct oreg_repo *repo, const char *rev);
/* The id of the commit at step, in hex. */
void oreg_histindex_commit_hex(char out[41], const struct oreg_histindex *ix, uint32_t step);
/* The entries of the key letter + name (len bytes), as oreg_histindex_lookup. */
int oreg_histindex_find(struct oreg_hx_found *out, struct oreg_histindex *ix, char letter, const char *name,
	size_t len);
/* The blob path had after step: 1 with id set, 0 when it was not there; OREG_EINVALID when damaged. */
int oreg_histindex_blob_at(unsigned char id[20], struct oreg_histindex *ix, const char *path, uint32_t step);
/*
 * oreg_repo_as_of and oreg_repo_record_time from the index, with the same
 * answers and messages; 1 when the index cannot answer (none, or the
 * commit is not on its chain).
 */
int oreg_histindex_as_of(char out[41], struct oreg_repo *repo, const char *branch, int32_t day);
int oreg_histindex_record_time(long long *out, struct oreg_repo *repo, const char *rev);

#endif
