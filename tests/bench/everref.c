/*
 * everref.c - "ever referred to" alone, as pre-receive and check --range
 * ask it when a push deletes an organisation.
 *
 *   everref REV ORG...
 *
 * in the repository of the current folder: what the first-parent history
 * of REV referred to, over records/organisations and records/contacts
 * (the shipped register's folders), answered for each ORG on a line of
 * its own ("ORG: PATH", or "ORG: never").  With a history index it is a
 * lookup per organisation; with "git config openreg.historyIndex false"
 * the history is walked, which run-git times next to it.
 */
#include <stdio.h>
#include <stdlib.h>

#include "internal.h"

int main(int argc, char **argv)
{
	struct oreg_repo *repo = NULL;
	struct oreg_everref *ever = NULL;
	int i, err;

	if (argc < 3) {
		fprintf(stderr, "usage: everref REV ORG...\n");
		return 2;
	}
	if ((err = oreg_repo_open(&repo)) < 0 ||
		(err = oreg_everref_compute(&ever, repo, argv[1], "records/organisations", "records/contacts")) < 0) {
		fprintf(stderr, "everref: %s\n", oreg_error_message());
		oreg_repo_free(repo);
		return 3;
	}
	for (i = 2; i < argc && err >= 0; i++) {
		const char *by = NULL;

		if ((err = oreg_everref_by(&by, ever, argv[i])) >= 0)
			printf("%s: %s\n", argv[i], by ? by : "never");
	}
	if (err < 0)
		fprintf(stderr, "everref: %s\n", oreg_error_message());
	oreg_everref_free(ever);
	oreg_repo_free(repo);
	return err < 0 || fflush(stdout) ? 3 : 0;
}
