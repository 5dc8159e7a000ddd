/*
 * tag.c - annotated tags: the seal of a published document.  Writing
 * a tag is the one thing openreg writes to a repository, and only when
 * asked to publish.  The tagger is the committer git would use: the
 * GIT_COMMITTER_NAME, GIT_COMMITTER_EMAIL and GIT_COMMITTER_DATE
 * variables first, then user.name and user.email, then now.
 */
#include "git.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* "@1704186000 +0100" or "2024-01-02 10:00:00 +0100" (git's own forms); 0 when s is neither. */
static int parse_git_date(long long *when, int *offset, const char *s)
{
	long long t;
	int y, mo, d, h, mi, sec, zone, n = 0;
	char sign;

	if (!s)
		return 0;
	if (sscanf(s, "@%lld %c%4d%n", &t, &sign, &zone, &n) == 3 && !s[n] && (sign == '+' || sign == '-')) {
		*when = t;
	} else if (sscanf(s, "%4d-%2d-%2d %2d:%2d:%2d %c%4d%n", &y, &mo, &d, &h, &mi, &sec, &sign, &zone, &n) == 8 &&
		!s[n] && (sign == '+' || sign == '-')) {
		struct tm tm = { .tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = h, .tm_min = mi,
			.tm_sec = sec };

		*when = (long long)timegm(&tm) - (sign == '-' ? -1 : 1) * ((zone / 100) * 3600LL + (zone % 100) * 60LL);
	} else {
		return 0;
	}
	*offset = (sign == '-' ? -1 : 1) * ((zone / 100) * 60 + zone % 100);
	return 1;
}

static int tagger(git_signature **out, struct oreg_repo *r)
{
	const char *name = getenv("GIT_COMMITTER_NAME"), *email = getenv("GIT_COMMITTER_EMAIL");
	git_signature *def = NULL;
	long long when = (long long)time(NULL);
	int offset = 0, err;

	if ((!name || !*name || !email) && git_signature_default(&def, r->repo) == 0) {
		if (!name || !*name)
			name = def->name;
		if (!email)
			email = def->email;
		offset = def->when.offset;
	}
	if (!name || !*name) {
		git_signature_free(def);
		return oreg_error(OREG_EINVALID, "who publishes? set user.name and user.email in git's configuration");
	}
	parse_git_date(&when, &offset, getenv("GIT_COMMITTER_DATE"));
	err = git_signature_new(out, name, email ? email : "", (git_time_t)when, offset);
	git_signature_free(def);
	return err < 0 ? oreg_git_fail(err, "cannot make the tagger") : 0;
}

int oreg_repo_tag_create(struct oreg_repo *r, const char *name, const char *commit, const char *message)
{
	git_signature *sig = NULL;
	git_object *target = NULL;
	git_oid oid;
	char ref[512];
	git_reference *existing = NULL;
	int err, valid = 0;

	snprintf(ref, sizeof(ref), "refs/tags/%s", name);
	if (git_reference_name_is_valid(&valid, ref) < 0 || !valid)
		return oreg_error(OREG_EINVALID, "'%s' is not a valid tag name", name);
	if (git_reference_lookup(&existing, r->repo, ref) == 0) {
		git_reference_free(existing);
		return oreg_error(OREG_EINVALID, "tag '%s' exists already", name);
	}
	if ((err = git_revparse_single(&target, r->repo, commit)) < 0)
		return oreg_git_fail(err, "cannot find the commit to tag");
	if ((err = tagger(&sig, r)) < 0)
		goto done;
	if ((err = git_tag_create(&oid, r->repo, name, target, sig, message, 0)) < 0)
		err = err == GIT_EEXISTS ? oreg_error(OREG_EINVALID, "tag '%s' exists already", name)
			: oreg_git_fail(err, "cannot write the tag");
done:
	git_signature_free(sig);
	git_object_free(target);
	return err < 0 ? err : 0;
}

int oreg_repo_tags(struct oreg_repo *r, const char *prefix,
	int (*fn)(const struct oreg_tag *tag, void *payload), void *payload)
{
	git_strarray names = { 0 };
	char pattern[256];
	size_t i;
	int err;

	snprintf(pattern, sizeof(pattern), "%s*", prefix);
	if ((err = git_tag_list_match(&names, pattern, r->repo)) < 0)
		return oreg_git_fail(err, "cannot list the tags");
	for (i = 0; i < names.count && !err; i++) {
		git_object *obj = NULL, *peeled = NULL;
		struct oreg_tag t = { .name = names.strings[i] };
		char ref[512];

		snprintf(ref, sizeof(ref), "refs/tags/%s", names.strings[i]);
		if (git_revparse_single(&obj, r->repo, ref) < 0)
			continue;
		/* a lightweight tag is no seal: it holds no hash */
		if (git_object_type(obj) == GIT_OBJECT_TAG && git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT) == 0) {
			const git_tag *tag = (const git_tag *)obj;
			const git_signature *sig = git_tag_tagger(tag);

			git_oid_tostr(t.commit, sizeof(t.commit), git_object_id(peeled));
			t.message = git_tag_message(tag);
			if (sig) {
				t.time = (long long)sig->when.time;
				t.offset = sig->when.offset;
			}
			if (t.message)
				err = fn(&t, payload);
		}
		git_object_free(peeled);
		git_object_free(obj);
	}
	git_strarray_dispose(&names);
	return err;
}
