/*
 * git.h - what the files that use libgit2 share (git.c: repositories and
 * snapshots; gitlog.c: the register's history by date and by record).
 * They are the only files that include <git2.h>.
 */
#ifndef OREG_GIT_H
#define OREG_GIT_H

#include "internal.h"

#include <git2.h>

struct oreg_repo {
	git_repository *repo;
	git_odb *odb;
	git_index *index; /* GIT_INDEX_FILE, or the repository's own */
	char *workdir;    /* without a trailing '/', or NULL */
	void *folder_cache; /* the last folder trees oreg_repo_folder_deletions read */
};

/* Turn the last libgit2 error into an openreg failure with code's meaning. */
int oreg_git_fail(int code, const char *what);

/* The commit rev names (peeled), or OREG_ENOTFOUND. */
int oreg_git_lookup_commit(git_commit **out, struct oreg_repo *r, const char *rev);

/* Fill in a struct oreg_commit (release it with oreg_commit_release). */
int oreg_git_fill_commit(struct oreg_commit *out, git_commit *c);

/* ---- the history index (histbuild.c) and what it shares with gitlog.c ---- */

/*
 * The commit on the merged side of merge that made the change to path
 * (NULL when none did: the merge itself made it).  A libgit2 code on failure.
 */
int oreg_git_merge_author(git_commit **out, struct oreg_repo *r, git_commit *merge, const char *path);

/* oreg_record_log from the history index; 1 when there is no index to answer from. */
int oreg_histindex_record_log(struct oreg_repo *r, const char *path, const char *from, const char *to,
	int (*fn)(const struct oreg_record_change *change, void *payload), void *payload);

#endif
