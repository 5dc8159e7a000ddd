/*
 * log.c - openreg log: every commit on the first-parent chain of HEAD
 * that changed one record, newest first, with its date, the merge that
 * brought it and the change field by field, as a reader at the public
 * (default) or the confidential level may see it.  The author's name is
 * shown at the confidential level only: public output never names the
 * civil servants who keep the register.  Also the
 * helpers that log, show and diff share.
 *
 * Dates are the commit's committer time in the commit's own time zone
 * offset, as git prints them (--date=iso).  Commit messages are free text
 * that no schema classifies, so they are printed with --confidential only.
 * A commit whose change is invisible at the level (a personal field,
 * a confidential one without --confidential, a comment or formatting) is
 * left out.
 */
#include "cmd.h"

#include <stdlib.h>
#include <string.h>

/* ---- shared by log, show and diff ---- */

void print_json_string(const char *s)
{
	char *q = oreg_json_quote(s, strlen(s));

	fputs(q ? q : "null", stdout);
	free(q);
}

void print_json_member(const char *before, const char *s)
{
	fputs(before, stdout);
	if (s)
		print_json_string(s);
	else
		fputs("null", stdout);
}

void print_escaped(enum oreg_escape how, const char *s)
{
	/* a failure to write shows when standard output is closed */
	(void)oreg_escape_write(stdout, how, s);
}

void print_json_value(const struct oreg_value *v)
{
	char *j = oreg_value_json(v);

	fputs(j ? j : "null", stdout);
	free(j);
}

int commit_info(struct oreg_commit *out, struct oreg_repo *repo, const char *id)
{
	/* read the commit itself: a walk from its parent would fail at a shallow clone's boundary */
	return oreg_repo_commit(out, repo, id);
}

int resolve_point(char out[41], struct oreg_repo *repo, const int32_t *as_of, const char *rev)
{
	if (as_of)
		return oreg_repo_as_of(out, repo, NULL, *as_of);
	return oreg_repo_resolve(out, repo, rev ? rev : "HEAD");
}

const char *change_word(enum oreg_change_kind kind)
{
	return kind == OREG_CHANGE_ADDED ? "added" : kind == OREG_CHANGE_DELETED ? "deleted" : "changed";
}

char change_mark(enum oreg_change_kind kind)
{
	return kind == OREG_CHANGE_ADDED ? '+' : kind == OREG_CHANGE_DELETED ? '-' : '~';
}

void print_field_changes_text(const struct oreg_field_changes *changes, const char *indent)
{
	size_t i;

	for (i = 0; i < changes->count; i++) {
		const struct oreg_field_change *c = &changes->items[i];

		printf("%s%c ", indent, change_mark(c->kind));
		print_escaped(OREG_ESCAPE_LINE, c->path[0] ? c->path : "(record)");
		fputs(": ", stdout);
		print_escaped(OREG_ESCAPE_LINE, c->old_text);
		fputs(" \xe2\x86\x92 ", stdout);
		print_escaped(OREG_ESCAPE_LINE, c->new_text);
		putchar('\n');
	}
}

void print_field_changes_json(const struct oreg_field_changes *changes)
{
	size_t i;

	putchar('[');
	for (i = 0; i < changes->count; i++) {
		const struct oreg_field_change *c = &changes->items[i];

		printf("%s{\"path\": ", i ? ", " : "");
		print_json_string(c->path);
		printf(", \"change\": \"%s\"", change_word(c->kind));
		if (c->old_value) {
			fputs(", \"old\": ", stdout);
			print_json_value(c->old_value);
		}
		if (c->new_value) {
			fputs(", \"new\": ", stdout);
			print_json_value(c->new_value);
		}
		putchar('}');
	}
	putchar(']');
}

/* ---- openreg log ---- */

struct log_state {
	struct oreg_view *view;
	const char *path;
	int json;
	int confidential;
	size_t seen, shown, hidden;
	int hidden_now; /* the newest version is hidden: so is the whole history */
	char *type;
};

static void print_indented(const char *text, const char *indent)
{
	const char *p = text, *nl;

	while (*p) {
		nl = strchr(p, '\n');
		char *line = strndup(p, nl ? (size_t)(nl - p) : strlen(p));

		fputs(indent, stdout);
		print_escaped(OREG_ESCAPE_LINE, line ? line : "");
		putchar('\n');
		free(line);
		if (!nl)
			break;
		p = nl + 1;
	}
}

static void print_entry_text(const struct oreg_record_change *change, const char *what,
	const struct oreg_field_changes *fields, const struct log_state *st)
{
	char date[OREG_TIME_SIZE], mdate[OREG_TIME_SIZE];
	size_t len;

	oreg_time_format(date, change->commit.time, change->commit.offset, OREG_TIME_GIT);
	if (st->shown)
		putchar('\n');
	printf("commit %s\n", change->commit.id);
	if (st->confidential) { /* a civil servant's name: never in public output */
		fputs("Author: ", stdout);
		print_escaped(OREG_ESCAPE_LINE, change->commit.author);
		putchar('\n');
	}
	printf("Date:   %s\n", date);
	if (change->has_merge && strcmp(change->merge.id, change->commit.id)) {
		oreg_time_format(mdate, change->merge.time, change->merge.offset, OREG_TIME_GIT);
		printf("Merge:  %s %s\n", change->merge.id, mdate);
	} else if (change->has_merge) {
		printf("Merge:  (the merge itself made the change)\n");
	}
	if (st->confidential) {
		putchar('\n');
		len = strlen(change->commit.message);
		while (len && change->commit.message[len - 1] == '\n')
			len--;
		{
			char *msg = strndup(change->commit.message, len);

			print_indented(msg ? msg : "", "    ");
			free(msg);
		}
	}
	printf("\n  record %s%s\n", what, strcmp(what, "unreadable") ? "" : " (not strict YAML: nothing of it is shown)");
	print_field_changes_text(fields, "  ");
}

static void print_entry_json(const struct oreg_record_change *change, const char *what,
	const struct oreg_field_changes *fields, const struct log_state *st)
{
	char date[OREG_TIME_SIZE];

	oreg_time_format(date, change->commit.time, change->commit.offset, OREG_TIME_ISO8601);
	printf("%s\n    {\"commit\": \"%s\"", st->shown ? "," : "", change->commit.id);
	if (st->confidential) {
		print_json_member(", \"author\": ", change->commit.author);
	}
	printf(", \"date\": \"%s\", \"merge\": ", date);
	if (change->has_merge) {
		oreg_time_format(date, change->merge.time, change->merge.offset, OREG_TIME_ISO8601);
		printf("{\"commit\": \"%s\", \"date\": \"%s\"", change->merge.id, date);
		if (st->confidential) {
			print_json_member(", \"message\": ", change->merge.message);
		}
		putchar('}');
	} else {
		fputs("null", stdout);
	}
	if (st->confidential) {
		print_json_member(", \"message\": ", change->commit.message);
	}
	printf(", \"change\": \"%s\", \"fields\": ", what);
	print_field_changes_json(fields);
	putchar('}');
}

static void print_json_header(const struct log_state *st)
{
	print_json_member("{\n  \"record\": ", st->path);
	if (st->type) {
		print_json_member(",\n  \"type\": ", st->type);
	}
	printf(",\n  \"confidential\": %s,\n  \"changes\": [", st->confidential ? "true" : "false");
}

static int on_change(const struct oreg_record_change *change, void *payload)
{
	struct log_state *st = payload;
	struct oreg_record_version old, new;
	struct oreg_field_changes fields;
	const char *step = change->has_merge ? change->merge.id : change->commit.id;
	const char *parent = change->has_merge ? change->merge.parent : change->commit.parent;
	const char *what;
	int err;

	memset(&old, 0, sizeof(old));
	memset(&new, 0, sizeof(new));
	oreg_field_changes_init(&fields);
	st->seen++;
	if (change->kind != OREG_CHANGE_ADDED &&
		(err = oreg_view_record(&old, st->view, parent, st->path, change->old_id)) < 0)
		goto done;
	if (change->kind != OREG_CHANGE_DELETED &&
		(err = oreg_view_record(&new, st->view, step, st->path, change->new_id)) < 0)
		goto done;
	if (!st->type && (new.type || old.type) && !(st->type = strdup(new.type ? new.type : old.type))) {
		err = OREG_ENOMEM;
		goto done;
	}
	/*
	 * Visibility is judged by the newest version (the first change seen)
	 * and applied to the whole history: a record that is confidential now
	 * shows nothing of its public past, not even that it had one.
	 */
	if (st->seen == 1)
		st->hidden_now = (change->kind == OREG_CHANGE_DELETED ? old.presence : new.presence) ==
			OREG_RECORD_HIDDEN;
	if (st->hidden_now || old.presence == OREG_RECORD_HIDDEN || new.presence == OREG_RECORD_HIDDEN)
		st->hidden++;
	if (st->hidden_now) {
		err = 0;
		goto done;
	}
	if (old.presence == OREG_RECORD_UNREADABLE || new.presence == OREG_RECORD_UNREADABLE) {
		what = "unreadable";
	} else if (new.presence == OREG_RECORD_VISIBLE && old.presence != OREG_RECORD_VISIBLE) {
		what = "added";
	} else if (old.presence == OREG_RECORD_VISIBLE && new.presence != OREG_RECORD_VISIBLE) {
		what = "deleted";
	} else if (old.presence == OREG_RECORD_VISIBLE) {
		what = "changed";
	} else {
		err = 0; /* nothing of it is visible */
		goto done;
	}
	if (strcmp(what, "deleted") && strcmp(what, "unreadable") &&
		(err = oreg_field_diff(&fields, old.doc ? oreg_document_root(old.doc) : NULL,
			new.doc ? oreg_document_root(new.doc) : NULL)) < 0)
		goto done;
	if (!strcmp(what, "changed") && !fields.count) {
		err = 0;
		goto done;
	}
	if (st->json) {
		if (!st->shown)
			print_json_header(st);
		print_entry_json(change, what, &fields, st);
	} else {
		print_entry_text(change, what, &fields, st);
	}
	st->shown++;
	err = 0;
done:
	oreg_field_changes_release(&fields);
	oreg_record_version_release(&old);
	oreg_record_version_release(&new);
	return err;
}

enum { OPT_CONFIDENTIAL = 1, OPT_FORMAT };

const struct option log_options[] = {
	{ OPT_CONFIDENTIAL, 0, "confidential", NULL, NULL, "show confidential fields and records too" },
	{ OPT_FORMAT, 0, "format", "FORMAT", "text|json", "how to print the history (default text)" },
	OPT_END
};

int cmd_log(int argc, char **argv)
{
	struct opt_parser p;
	struct log_state st;
	struct oreg_repo *repo = NULL;
	const char *name = NULL;
	char *path = NULL;
	int c, err, status = EXIT_CLEAN;

	memset(&st, 0, sizeof(st));
	opt_init(&p, "log", argc, argv);
	while ((c = opt_next(&p)) > 0) {
		if (c == OPT_CONFIDENTIAL)
			st.confidential = 1;
		else
			st.json = !strcmp(p.value, "json");
	}
	if (c < 0)
		return opt_exit(c);
	if ((status = opt_one_record(&name, &p)) != EXIT_CLEAN)
		return status;
	if ((err = oreg_repo_open(&repo)) < 0 ||
		(err = oreg_view_new(&st.view, repo, st.confidential ? OREG_VISIBILITY_CONFIDENTIAL
			: OREG_VISIBILITY_PUBLIC)) < 0 ||
		(err = oreg_view_find_record(&path, st.view, NULL, name)) < 0) {
		status = fail_for(err);
		goto done;
	}
	st.path = path;
	histindex_progress_on_terminal(); /* the first log of a repository builds the history index */
	if ((err = oreg_record_log(repo, path, NULL, NULL, on_change, &st)) < 0) {
		status = fail_for(err);
		if (st.json && st.shown)
			printf("\n  ]\n}\n"); /* what was printed stays valid JSON; the status says it is partial */
		goto done;
	}
	if (!st.seen) {
		fprintf(stderr, "openreg: no commit on the first-parent chain of HEAD touched '%s'\n", path);
		status = EXIT_USAGE;
	} else if (!st.shown && st.hidden) {
		fprintf(stderr, "openreg: '%s' is confidential: add --confidential to see its history\n", path);
		status = EXIT_USAGE;
	} else if (st.json) {
		if (!st.shown)
			print_json_header(&st);
		printf("%s]\n}\n", st.shown ? "\n  " : "");
	}
done:
	free(st.type);
	free(path);
	oreg_view_free(st.view);
	oreg_repo_free(repo);
	return status;
}
