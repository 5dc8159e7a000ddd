/*
 * repo.c - opening the register's repository (honouring git's environment),
 * its configuration, and its commits and their history.
 *
 * Nothing is ever written: no ref, no index, no object.  Every libgit2
 * failure becomes an openreg failure carrying libgit2's message, and
 * callers fail closed on it.
 */
#define _GNU_SOURCE /* RTLD_NEXT */
#include "git.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static int init_result;
static bool initialising;

/*
 * libgit2 1.5 built with mbedTLS (Debian's) parses the system's whole CA
 * certificate bundle inside git_libgit2_init, for TLS connections openreg
 * never opens: about 3 ms of CPU, most of a small command.  This definition
 * takes the place of mbedTLS's own for libgit2 (the program's symbols come
 * first when the dynamic linker resolves libgit2's calls).  While libgit2
 * initialises it refuses, so libgit2 keeps no CA chain and a TLS connection
 * would fail its certificate check: closed, not open.  At any
 * other time it is mbedTLS's own, so GIT_OPT_SET_SSL_CERT_LOCATIONS still
 * loads certificates for a caller that needs them.  With a libgit2 built
 * on OpenSSL nothing calls it.
 */
struct mbedtls_x509_crt;
int mbedtls_x509_crt_parse_file(struct mbedtls_x509_crt *chain, const char *path);
int mbedtls_x509_crt_parse_file(struct mbedtls_x509_crt *chain, const char *path)
{
	int (*parse)(struct mbedtls_x509_crt *, const char *);
	void *sym;

	if (initialising || !(sym = dlsym(RTLD_NEXT, "mbedtls_x509_crt_parse_file")))
		return -0x2900; /* MBEDTLS_ERR_X509_FILE_IO_ERROR */
	memcpy(&parse, &sym, sizeof(parse));
	return parse(chain, path);
}

static void shutdown_libgit2(void)
{
	git_libgit2_shutdown();
}

static void init_libgit2(void)
{
	initialising = true;
	init_result = git_libgit2_init();
	initialising = false;
	git_error_clear(); /* the refusal above */
	/* libgit2 keeps per-thread error state until shutdown: leave nothing behind */
	if (init_result >= 0)
		atexit(shutdown_libgit2);
	/* the register's objects are read many times over; a bigger cache pays */
	if (init_result >= 0)
		git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, (ssize_t)512 * 1024 * 1024);
	/*
	 * libgit2 hashes every object it reads to check its id; git does not
	 * (git fsck does).  A third of the time of a log went there.  A
	 * damaged object still fails to inflate or to parse, and is refused.
	 */
	if (init_result >= 0)
		git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
}

/* Turn the last libgit2 error into ours. */
int oreg_git_fail(int code, const char *what)
{
	const git_error *e = git_error_last();

	if (code == GIT_ENOTFOUND)
		return oreg_error(OREG_ENOTFOUND, "%s: %s", what, e && e->message ? e->message : "not found");
	return oreg_error(OREG_ERROR, "%s: %s", what, e && e->message ? e->message : "git error");
}

/*
 * libgit2 1.5 opens a repository from the environment (GIT_DIR,
 * GIT_OBJECT_DIRECTORY, GIT_ALTERNATE_OBJECT_DIRECTORIES, GIT_INDEX_FILE)
 * with GIT_REPOSITORY_OPEN_FROM_ENV, but refuses that mode when
 * GIT_WORK_TREE or GIT_COMMON_DIR is set.  Then the same variables are
 * applied here by hand.
 */
/* Do two paths name the same folder? */
static bool same_folder(const char *a, const char *b)
{
	char *ra = realpath(a, NULL), *rb = realpath(b, NULL);
	bool same = ra && rb && !strcmp(ra, rb);

	free(ra);
	free(rb);
	return same;
}

static int open_by_hand(git_repository **out)
{
	const char *gitdir = getenv("GIT_DIR"), *worktree = getenv("GIT_WORK_TREE");
	const char *objdir = getenv("GIT_OBJECT_DIRECTORY");
	const char *alternates = getenv("GIT_ALTERNATE_OBJECT_DIRECTORIES");
	git_repository *repo = NULL;
	git_odb *odb = NULL;
	int err = 0;

	/*
	 * A linked worktree names its git folder in its .git file: opening the
	 * work tree finds it, and is right when it is the GIT_DIR given
	 * (git_repository_set_workdir, the other way, leaks in libgit2 1.5).
	 */
	if (worktree && *worktree &&
		git_repository_open_ext(&repo, worktree, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) == 0 &&
		!(gitdir && *gitdir && !same_folder(git_repository_path(repo), gitdir)))
		worktree = NULL;
	else if (repo) {
		git_repository_free(repo);
		repo = NULL;
	}
	if (!repo && gitdir && *gitdir)
		err = git_repository_open_ext(&repo, gitdir, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL);
	else if (!repo)
		err = git_repository_open_ext(&repo, ".", 0, NULL);
	if (err < 0)
		return oreg_git_fail(err, "cannot open the repository");
	if (worktree && *worktree && (err = git_repository_set_workdir(repo, worktree, 0)) < 0)
		goto fail;
	if ((objdir && *objdir) || (alternates && *alternates)) {
		if ((err = git_repository_odb(&odb, repo)) < 0)
			goto fail;
		if (objdir && *objdir && (err = git_odb_add_disk_alternate(odb, objdir)) < 0)
			goto fail;
		while (alternates && *alternates) {
			const char *colon = strchr(alternates, ':');
			size_t len = colon ? (size_t)(colon - alternates) : strlen(alternates);
			char *dir = oreg_strndup(alternates, len);

			if (!dir) {
				git_odb_free(odb);
				git_repository_free(repo);
				return OREG_ENOMEM;
			}
			err = len ? git_odb_add_disk_alternate(odb, dir) : 0;
			free(dir);
			if (err < 0)
				goto fail;
			alternates = colon ? colon + 1 : NULL;
		}
		git_odb_free(odb);
	}
	*out = repo;
	return 0;
fail:
	err = oreg_git_fail(err, "cannot open the repository");
	git_odb_free(odb);
	git_repository_free(repo);
	return err;
}

/*
 * The search for a repository found none; say why when a repository is
 * there but cannot be used (owned by another user, say).
 */
static int not_found_why(void)
{
	const char *dir = getenv("GIT_DIR");
	struct stat st;
	char *cwd;
	int err;

	/*
	 * libgit2 1.5 reports a repository owned by another user as not found
	 * (it looks up safe.directory and returns that lookup's failure): name
	 * the real reason, as git does.
	 */
	if (stat(dir && *dir ? dir : ".git", &st) == 0 && st.st_uid != geteuid()) {
		cwd = getcwd(NULL, 0);
		err = oreg_error(OREG_ERROR, "the repository in '%s' is owned by another user, so it is not opened "
			"(git refuses it too); if you trust it: git config --global --add safe.directory '%s'",
			cwd ? cwd : ".", cwd ? cwd : ".");
		free(cwd);
		return err;
	}
	return oreg_error(OREG_ENOTFOUND, "not in a git repository: run openreg inside the register's repository");
}

int oreg_repo_open(struct oreg_repo **out)
{
	struct oreg_repo *r;
	const char *index_file = getenv("GIT_INDEX_FILE");
	const char *wd;
	int err;

	*out = NULL;
	pthread_once(&init_once, init_libgit2);
	if (init_result < 0)
		return oreg_error(OREG_ERROR, "cannot initialise libgit2");
	r = oreg_calloc(1, sizeof(*r));
	if (!r)
		return OREG_ENOMEM;
	pthread_mutex_init(&r->listed_lock, NULL);
	pthread_mutex_init(&r->odb_lock, NULL);
	/* objects found through the environment may not be where a handle opened by path looks */
	r->odbs_failed = (getenv("GIT_OBJECT_DIRECTORY") && *getenv("GIT_OBJECT_DIRECTORY")) ||
		(getenv("GIT_ALTERNATE_OBJECT_DIRECTORIES") && *getenv("GIT_ALTERNATE_OBJECT_DIRECTORIES"));
	if (!(r->listed = oreg_calloc(1, sizeof(*r->listed)))) {
		oreg_repo_free(r);
		return OREG_ENOMEM;
	}
	/* a register's folders: the top, records, a year folder each, and some to spare */
	r->listed->cap = OREG_TREE_CACHE_MAX;
	if ((getenv("GIT_WORK_TREE") && *getenv("GIT_WORK_TREE")) ||
		(getenv("GIT_COMMON_DIR") && *getenv("GIT_COMMON_DIR")))
		err = open_by_hand(&r->repo);
	else if ((err = git_repository_open_ext(&r->repo, NULL, GIT_REPOSITORY_OPEN_FROM_ENV, NULL)) < 0)
		err = err == GIT_ENOTFOUND ? not_found_why() : oreg_git_fail(err, "cannot open the repository");
	if (err < 0)
		goto fail;
	if ((err = git_repository_odb(&r->odb, r->repo)) < 0) {
		err = oreg_git_fail(err, "cannot open the object database");
		goto fail;
	}
	if (index_file && *index_file && !git_repository_is_bare(r->repo)) {
		/* FROM_ENV honours it already; opening it here covers the other path too */
		if ((err = git_index_open(&r->index, index_file)) < 0) {
			err = oreg_git_fail(err, "cannot read the index named by GIT_INDEX_FILE");
			goto fail;
		}
	}
	wd = git_repository_workdir(r->repo);
	if (wd) {
		size_t len = strlen(wd);

		while (len > 1 && wd[len - 1] == '/')
			len--;
		if (!(r->workdir = oreg_strndup(wd, len))) {
			err = OREG_ENOMEM;
			goto fail;
		}
	}
	*out = r;
	return 0;
fail:
	oreg_repo_free(r);
	return err;
}

void oreg_repo_free(struct oreg_repo *r)
{
	if (!r)
		return;
	oreg_histindex_free(r->histindex);
	oreg_tree_cache_release(r->tree_cache);
	free(r->tree_cache);
	oreg_tree_cache_release(r->listed);
	free(r->listed);
	pthread_mutex_destroy(&r->listed_lock);
	git_index_free(r->index);
	git_odb_free(r->odb);
	for (size_t k = 0; k < r->nodbs; k++)
		git_odb_free(r->odbs[k]);
	pthread_mutex_destroy(&r->odb_lock);
	git_repository_free(r->repo);
	free(r->workdir);
	free(r);
}

void oreg_oid_hex(char out[41], const unsigned char id[20])
{
	git_oid oid;

	git_oid_fromraw(&oid, id);
	git_oid_tostr(out, 41, &oid);
}

git_odb *oreg_repo_odb_take(struct oreg_repo *r)
{
	git_odb *odb = r->odb;
	size_t k;

	pthread_mutex_lock(&r->odb_lock);
	if (!r->odb_busy[0]) {
		r->odb_busy[0] = 1;
		goto done;
	}
	for (k = 0; k < r->nodbs; k++)
		if (!r->odb_busy[k + 1]) {
			r->odb_busy[k + 1] = 1;
			odb = r->odbs[k];
			goto done;
		}
	if (!r->odbs_failed && r->nodbs < OREG_REPO_ODBS) {
		/* the same objects folder the repository's handle reads, alternates and all */
		struct oreg_buf path = OREG_BUF_INIT;
		git_odb *more = NULL;

		oreg_buf_adds(&path, git_repository_commondir(r->repo));
		oreg_buf_adds(&path, "objects");
		if (!oreg_buf_error(&path) && git_odb_open(&more, path.ptr) == 0) {
			r->odbs[r->nodbs] = more;
			r->odb_busy[++r->nodbs] = 1;
			odb = more;
		} else {
			git_error_clear();
			r->odbs_failed = 1;
		}
		oreg_buf_release(&path);
	}
	/* none free: the first handle, shared (its lock keeps it right) */
done:
	pthread_mutex_unlock(&r->odb_lock);
	return odb;
}

void oreg_repo_odb_give(struct oreg_repo *r, git_odb *odb)
{
	size_t k;

	pthread_mutex_lock(&r->odb_lock);
	if (odb == r->odb)
		r->odb_busy[0] = 0;
	for (k = 0; k < r->nodbs; k++)
		if (odb == r->odbs[k])
			r->odb_busy[k + 1] = 0;
	pthread_mutex_unlock(&r->odb_lock);
}

int oreg_git_lookup_commit(git_commit **out, struct oreg_repo *r, const char *rev)
{
	git_object *obj = NULL, *peeled = NULL;
	int err;

	if ((err = git_revparse_single(&obj, r->repo, rev)) < 0)
		return err == GIT_ENOTFOUND || err == GIT_EAMBIGUOUS || err == GIT_EINVALIDSPEC
			? oreg_error(OREG_ENOTFOUND, "'%s' names no commit", rev)
			: oreg_git_fail(err, "cannot resolve revision");
	err = git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT);
	git_object_free(obj);
	if (err < 0)
		return oreg_error(OREG_ENOTFOUND, "'%s' is not a commit", rev);
	*out = (git_commit *)peeled;
	return 0;
}

int oreg_repo_resolve(char out[41], struct oreg_repo *r, const char *rev)
{
	git_commit *c;
	int err;

	if ((err = oreg_git_lookup_commit(&c, r, rev)) < 0)
		return err;
	git_oid_tostr(out, 41, git_commit_id(c));
	git_commit_free(c);
	return 0;
}
int oreg_repo_tag_messages(char **out, size_t *len, struct oreg_repo *r, const char *id)
{
	struct oreg_buf b = OREG_BUF_INIT;
	git_oid oid;
	git_tag *t;
	int depth, err;

	*out = NULL;
	if (git_oid_fromstr(&oid, id) < 0)
		return 0;
	/* a tag of a tag of ...: name, message, tagger's name and e-mail of each on the way, each NUL-terminated */
	for (depth = 0; depth < 16 && git_tag_lookup(&t, r->repo, &oid) == 0; depth++) {
		oreg_buf_add(&b, git_tag_name(t), strlen(git_tag_name(t)) + 1);
		oreg_buf_add(&b, git_tag_message(t) ? git_tag_message(t) : "",
			git_tag_message(t) ? strlen(git_tag_message(t)) + 1 : 1);
		oreg_buf_add(&b, git_tag_tagger(t) ? git_tag_tagger(t)->name : "",
			git_tag_tagger(t) ? strlen(git_tag_tagger(t)->name) + 1 : 1);
		oreg_buf_add(&b, git_tag_tagger(t) ? git_tag_tagger(t)->email : "",
			git_tag_tagger(t) ? strlen(git_tag_tagger(t)->email) + 1 : 1);
		git_oid_cpy(&oid, git_tag_target_id(t));
		git_tag_free(t);
	}
	if ((err = oreg_buf_error(&b)) < 0 || !b.len) {
		oreg_buf_release(&b);
		return err;
	}
	*len = b.len;
	return (*out = oreg_buf_detach(&b, NULL)) ? 1 : OREG_ENOMEM;
}

/* Is s empty or only white space?  libgit2 gives "\n" for a trailer with no value. */
static int blank(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return 0;
	return 1;
}

int oreg_message_has_trailer(const char *message, const char *key)
{
	git_message_trailer_array trailers = { 0 };
	size_t i;
	int found = 0;

	pthread_once(&init_once, init_libgit2);
	if (git_message_trailers(&trailers, message) < 0)
		return oreg_error(OREG_ERROR, "cannot read the trailers of a commit message");
	for (i = 0; i < trailers.count; i++)
		if (!strcasecmp(trailers.trailers[i].key, key) && !blank(trailers.trailers[i].value))
			found = 1;
	git_message_trailer_array_free(&trailers);
	return found;
}

int oreg_message_trailer_names(const char *message, const char *key, const char *want)
{
	git_message_trailer_array trailers = { 0 };
	size_t i, n;
	int found = 0;

	while (*want == ' ' || *want == '\t' || *want == '\n')
		want++;
	for (n = strlen(want); n && (want[n - 1] == ' ' || want[n - 1] == '\t' || want[n - 1] == '\n'); n--)
		;
	if (!n)
		return 0;
	pthread_once(&init_once, init_libgit2);
	if (git_message_trailers(&trailers, message) < 0)
		return oreg_error(OREG_ERROR, "cannot read the trailers of a commit message");
	for (i = 0; i < trailers.count && !found; i++) {
		const char *v = trailers.trailers[i].value;

		if (strcasecmp(trailers.trailers[i].key, key))
			continue;
		/* the value names want: holds it, case aside */
		for (; *v && !found; v++)
			found = !strncasecmp(v, want, n);
	}
	git_message_trailer_array_free(&trailers);
	return found;
}

int oreg_git_fill_commit(struct oreg_commit *out, git_commit *c)
{
	const git_signature *a = git_commit_author(c), *k = git_commit_committer(c);
	const char *msg = git_commit_message(c);

	memset(out, 0, sizeof(*out));
	git_oid_tostr(out->id, sizeof(out->id), git_commit_id(c));
	out->nparents = git_commit_parentcount(c);
	if (out->nparents)
		git_oid_tostr(out->parent, sizeof(out->parent), git_commit_parent_id(c, 0));
	out->time = (long long)git_commit_time(c);
	out->offset = git_commit_time_offset(c);
	out->message = oreg_strdup(msg ? msg : "");
	out->summary = oreg_strdup(git_commit_summary(c) ? git_commit_summary(c) : "");
	out->author = oreg_strdup(a && a->name ? a->name : "");
	out->author_email = oreg_strdup(a && a->email ? a->email : "");
	out->committer = oreg_strdup(k && k->name ? k->name : "");
	out->committer_email = oreg_strdup(k && k->email ? k->email : "");
	if (!out->message || !out->summary || !out->author || !out->author_email || !out->committer ||
		!out->committer_email) {
		oreg_commit_release(out);
		return OREG_ENOMEM;
	}
	return 0;
}

void oreg_commit_release(struct oreg_commit *c)
{
	if (!c)
		return;
	free(c->message);
	free(c->summary);
	free(c->author);
	free(c->author_email);
	free(c->committer);
	free(c->committer_email);
	c->message = c->summary = c->author = c->author_email = c->committer = c->committer_email = NULL;
}

int oreg_repo_walk(struct oreg_repo *r, const char *from, const char *to,
	int (*fn)(const struct oreg_commit *commit, void *payload), void *payload)
{
	git_revwalk *walk = NULL;
	git_commit *tip = NULL, *base = NULL;
	git_oid oid;
	int err;

	if ((err = oreg_git_lookup_commit(&tip, r, to)) < 0)
		return err;
	if (from && (err = oreg_git_lookup_commit(&base, r, from)) < 0)
		goto done;
	if ((err = git_revwalk_new(&walk, r->repo)) < 0 ||
		(err = git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE)) < 0 ||
		(err = git_revwalk_push(walk, git_commit_id(tip))) < 0 ||
		(base && (err = git_revwalk_hide(walk, git_commit_id(base))) < 0)) {
		err = oreg_git_fail(err, "cannot walk the history");
		goto done;
	}
	for (;;) {
		struct oreg_commit info;
		git_commit *c;

		if ((err = git_revwalk_next(&oid, walk)) == GIT_ITEROVER) {
			err = 0;
			break;
		}
		if (err < 0 || (err = git_commit_lookup(&c, r->repo, &oid)) < 0) {
			err = oreg_git_fail(err, "cannot walk the history");
			break;
		}
		err = oreg_git_fill_commit(&info, c);
		git_commit_free(c);
		if (err < 0)
			break;
		/* fn's own codes pass through unchanged */
		err = fn(&info, payload);
		oreg_commit_release(&info);
		if (err)
			break;
	}
done:
	git_revwalk_free(walk);
	git_commit_free(base);
	git_commit_free(tip);
	return err;
}

int oreg_repo_merge_base(char out[41], struct oreg_repo *r, const char *a, const char *b)
{
	git_commit *ca = NULL, *cb = NULL;
	git_oid base;
	int err;

	if ((err = oreg_git_lookup_commit(&ca, r, a)) < 0 || (err = oreg_git_lookup_commit(&cb, r, b)) < 0)
		goto done;
	if ((err = git_merge_base(&base, r->repo, git_commit_id(ca), git_commit_id(cb))) < 0) {
		err = err == GIT_ENOTFOUND ? oreg_error(OREG_ENOTFOUND, "'%s' and '%s' have no common history", a, b)
			: oreg_git_fail(err, "cannot find the merge base");
		goto done;
	}
	git_oid_tostr(out, 41, &base);
done:
	git_commit_free(ca);
	git_commit_free(cb);
	return err;
}

int oreg_repo_head_unborn(struct oreg_repo *r)
{
	return git_repository_head_unborn(r->repo) == 1;
}

int oreg_repo_is_bare(const struct oreg_repo *r)
{
	return git_repository_is_bare(r->repo);
}

int oreg_repo_hooks_dir(char **out, struct oreg_repo *r)
{
	git_buf buf = { 0 };
	int err;

	*out = NULL;
	if ((err = git_repository_item_path(&buf, r->repo, GIT_REPOSITORY_ITEM_HOOKS)) < 0)
		return oreg_git_fail(err, "cannot find the hooks folder");
	*out = oreg_strdup(buf.ptr);
	git_buf_dispose(&buf);
	return *out ? 0 : OREG_ENOMEM;
}

int oreg_repo_default_branch(char out[41], struct oreg_repo *r)
{
	git_reference *head = NULL, *resolved = NULL;
	int err;

	out[0] = '\0';
	if ((err = git_reference_lookup(&head, r->repo, "HEAD")) < 0)
		return err == GIT_ENOTFOUND ? 0 : oreg_git_fail(err, "cannot read HEAD");
	err = git_reference_resolve(&resolved, head);
	if (err == 0)
		git_oid_tostr(out, 41, git_reference_target(resolved));
	else if (err == GIT_ENOTFOUND)
		err = 0; /* the default branch has no commits yet */
	else
		err = oreg_git_fail(err, "cannot resolve HEAD");
	git_reference_free(resolved);
	git_reference_free(head);
	return err;
}

int oreg_repo_config_bool(int *out, struct oreg_repo *r, const char *name, int fallback)
{
	git_config *cfg = NULL;
	int err, v = fallback;

	*out = fallback;
	if ((err = git_repository_config_snapshot(&cfg, r->repo)) < 0)
		return oreg_git_fail(err, "cannot read the git configuration");
	err = git_config_get_bool(&v, cfg, name);
	git_config_free(cfg);
	if (err == GIT_ENOTFOUND)
		return 0;
	if (err < 0)
		return oreg_git_fail(err, name);
	*out = v;
	return 0;
}

int oreg_repo_parent(char out[41], struct oreg_repo *r, const char *commit, unsigned n)
{
	git_commit *c = NULL;
	int err;

	out[0] = '\0';
	if ((err = oreg_git_lookup_commit(&c, r, commit)) < 0)
		return err;
	if (n < git_commit_parentcount(c))
		git_oid_tostr(out, 41, git_commit_parent_id(c, n));
	else
		err = oreg_error(OREG_ENOTFOUND, "commit %.7s has no parent %u", commit, n + 1);
	git_commit_free(c);
	return err;
}

struct merge_heads {
	char (*ids)[41];
	size_t n, max;
};

static int on_merge_head(const git_oid *oid, void *payload)
{
	struct merge_heads *m = payload;

	if (m->n < m->max)
		git_oid_tostr(m->ids[m->n++], 41, oid);
	return 0;
}

int oreg_repo_merge_heads(char (*out)[41], size_t max, struct oreg_repo *r)
{
	struct merge_heads m = { out, 0, max };
	int err = git_repository_mergehead_foreach(r->repo, on_merge_head, &m);

	if (err == GIT_ENOTFOUND)
		return 0;
	if (err < 0)
		return oreg_git_fail(err, "cannot read MERGE_HEAD");
	return (int)m.n;
}
int oreg_repo_commit_time(long long *out, struct oreg_repo *r, const char *rev)
{
	git_commit *c = NULL;
	int err;

	if ((err = oreg_git_lookup_commit(&c, r, rev)) < 0)
		return err;
	*out = (long long)git_commit_time(c);
	git_commit_free(c);
	return 0;
}

int oreg_repo_commit(struct oreg_commit *out, struct oreg_repo *r, const char *rev)
{
	git_commit *c = NULL;
	int err;

	memset(out, 0, sizeof(*out));
	if ((err = oreg_git_lookup_commit(&c, r, rev)) < 0)
		return err;
	err = oreg_git_fill_commit(out, c);
	git_commit_free(c);
	return err;
}
