/*
 * screen.c - openreg screen: screen one organisation before a meeting.
 * Its name (or, with --organisation, the names of its record) and KvK
 * number are compared with the exclusions of the register at a revision
 * and with the entities of each --list, and every candidate is printed
 * with its source, level, score and reasons, best first.  An exclusion is
 * judged on the day screened for (--as-of DATE, the day of --rev's commit,
 * or today): one lifted by then is reported as lifted, one not yet in force
 * as upcoming.  Exit status 1 when there is a match or a possible match
 * that holds or is to come, 0 when nothing compares or only lifted
 * exclusions do.
 */
#include "cmd.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { OPT_KVK = 1, OPT_LIST, OPT_FORMAT, OPT_AS_OF, OPT_REV, OPT_ORGANISATION };

#define MAX_LISTS 64

const struct option screen_options[] = {
	{ OPT_KVK, 0, "kvk", "NUMBER", NULL, "the KvK number of the organisation, compared with registration numbers" },
	{ OPT_LIST, 0, "list", "FILE", NULL, "a list to screen against: FollowTheMoney JSON lines or CSV (repeatable)" },
	{ OPT_FORMAT, 0, "format", "FORMAT", "text|json", "how to print the candidates (default text)" },
	{ OPT_AS_OF, 0, "as-of", "DATE", NULL, "the exclusions as they stood at the end of DATE (YYYY-MM-DD)" },
	{ OPT_REV, 0, "rev", "REV", NULL, "the exclusions as they stood at commit REV (default HEAD)" },
	{ OPT_ORGANISATION, 0, "organisation", "ID", NULL, "screen the names and KvK number of this organisation record" },
	OPT_END
};

static const char *const status_words[] = { "in force", "upcoming", "lifted" };
static const char *const status_keys[] = { "in-force", "upcoming", "lifted" };

/*
 * The day in Europe/Amsterdam at time t: the CET day, or the one after
 * when summer time has already begun it.
 */
static int32_t amsterdam_day(long long t)
{
	int32_t d = oreg_time_day(t, 60);

	return oreg_day_end_amsterdam(d) < t ? oreg_time_day(t, 120) : d;
}

/* The day the exclusions are judged on: --as-of's, the record time of --rev's commit, or today. */
static int day_screened(int32_t *out, struct oreg_repo *repo, const char *id, const char *rev, int32_t as_of)
{
	const char *fixed = getenv("SOURCE_DATE_EPOCH");
	long long t;
	int err;

	if (as_of) {
		*out = as_of;
		return 0;
	}
	if (rev) {
		if ((err = oreg_repo_record_time(&t, repo, id)) < 0)
			return err;
	} else {
		/* SOURCE_DATE_EPOCH fixes today for reproducible runs */
		t = fixed && *fixed ? strtoll(fixed, NULL, 10) : (long long)time(NULL);
	}
	*out = amsterdam_day(t);
	return 0;
}

static void print_text(const struct oreg_screen_hit *hits, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const struct oreg_screen_hit *h = &hits[i];

		printf("%-14s %3u  %s%s%s%s%s%s  '%s': %s\n", h->match ? "match" : "possible match", h->score,
			h->status ? status_words[h->status] : "", h->status ? "  " : "", h->source, *h->id ? " (" : "",
			h->id, *h->id ? ")" : "", h->name, h->reason);
	}
}

static void print_json(const struct oreg_screen_hit *hits, size_t n)
{
	size_t i;

	printf("[");
	for (i = 0; i < n; i++) {
		const struct oreg_screen_hit *h = &hits[i];

		printf("%s\n  {\"level\": \"%s\", \"score\": %u, \"status\": \"%s\", \"source\": ", i ? "," : "",
			h->match ? "match" : "possible-match", h->score, h->since ? status_keys[h->status] : "listed");
		print_json_string(h->source);
		printf(", \"id\": ");
		print_json_string(h->id);
		printf(", \"name\": ");
		print_json_string(h->name);
		printf(", \"reason\": ");
		print_json_string(h->reason);
		printf("}");
	}
	printf("%s]\n", n ? "\n" : "");
}

int cmd_screen(int argc, char **argv)
{
	struct opt_parser p;
	struct oreg_repo *repo = NULL;
	struct oreg_checker *chk = NULL;
	struct oreg_snapshot *snap = NULL;
	struct oreg_screen *s = NULL;
	const struct oreg_screen_hit *hits;
	const char *lists[MAX_LISTS], *kvk = NULL, *as_of = NULL, *rev = NULL, *org = NULL, *name = NULL;
	size_t nlists = 0, n, i, lifted = 0;
	int json = 0, c, err, status;
	int32_t day = 0, on = 0;
	char id[41], when[OREG_DATE_SIZE];

	opt_init(&p, "screen", argc, argv);
	while ((c = opt_next(&p)) > 0) {
		switch (c) {
		case OPT_KVK:
			kvk = p.value;
			break;
		case OPT_LIST:
			if (nlists == MAX_LISTS)
				return usage("screen", "at most %d lists", MAX_LISTS);
			lists[nlists++] = p.value;
			break;
		case OPT_FORMAT:
			json = !strcmp(p.value, "json");
			break;
		case OPT_AS_OF:
			as_of = p.value;
			if (oreg_date_parse(&day, as_of, strlen(as_of)) < 0)
				return usage("screen", "--as-of takes a date written YYYY-MM-DD");
			break;
		case OPT_REV:
			rev = p.value;
			break;
		case OPT_ORGANISATION:
			org = p.value;
			break;
		}
	}
	if (c < 0)
		return opt_exit(c);
	if (as_of && rev)
		return usage("screen", "--as-of and --rev exclude each other");
	if (org ? p.nargs != 0 : p.nargs != 1)
		return usage("screen", org ? "--organisation takes the place of NAME" : "name one organisation");
	name = org ? NULL : p.args[0];
	if (name && !*name)
		return usage("screen", "the name is empty");
	if ((err = oreg_repo_open(&repo)) < 0 || (err = resolve_point(id, repo, as_of ? &day : NULL, rev)) < 0 ||
		(err = oreg_checker_new(&chk, repo)) < 0 ||
		(err = oreg_snapshot_open(&snap, repo, OREG_SNAPSHOT_COMMIT, id)) < 0 ||
		(err = day_screened(&on, repo, id, rev, as_of ? day : 0)) < 0 ||
		(err = oreg_screen_open(&s, chk, snap, name, kvk, org)) < 0 ||
		(err = oreg_screen_exclusions(s, chk, snap, on)) < 0) {
		status = fail_for(err);
		goto done;
	}
	for (i = 0; i < nlists; i++)
		if ((err = oreg_screen_list(s, lists[i], NULL, 0)) < 0) {
			status = fail_for(err);
			goto done;
		}
	hits = oreg_screen_hits(s, &n);
	if (json)
		print_json(hits, n);
	else
		print_text(hits, n);
	for (i = 0; i < n; i++)
		lifted += hits[i].status == OREG_SCREEN_LIFTED;
	if (!json) {
		fprintf(stderr, "%zu candidate%s at commit %.7s on %s", n, n == 1 ? "" : "s", id,
			oreg_date_format(when, on));
		if (lifted)
			fprintf(stderr, " (lifted: %zu)", lifted);
		fprintf(stderr, "%s\n", n > lifted ? ": a match or a possible match is no contact until a screening record "
			"settles it" : "");
	}
	/* a lifted exclusion alone is no reason to stop; one in force or to come is */
	status = n > lifted ? EXIT_FINDINGS : EXIT_CLEAN;
done:
	oreg_screen_free(s);
	oreg_snapshot_free(snap);
	oreg_checker_free(chk);
	oreg_repo_free(repo);
	return status;
}
