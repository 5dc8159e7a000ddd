/*
 * gitconfig.c - what the hooks need of git beyond snapshots: settings
 * (numbers, lists, the server settings that openreg writes), the folder
 * git really runs hooks from (core.hooksPath honoured, as git does), and
 * which top-level entries a commit changes.
 */
#include "git.h"

#include <stdlib.h>
#include <string.h>

static int config_snapshot(git_config **out, struct oreg_repo *r)
{
	int err = git_repository_config_snapshot(out, r->repo);

	return err < 0 ? oreg_git_fail(err, "cannot read the git configuration") : 0;
}

int oreg_repo_config_int(long long *out, struct oreg_repo *r, const char *name, long long fallback)
{
	git_config *cfg = NULL;
	int64_t v = fallback;
	int err;

	*out = fallback;
	if ((err = config_snapshot(&cfg, r)) < 0)
		return err;
	err = git_config_get_int64(&v, cfg, name);
	git_config_free(cfg);
	if (err == GIT_ENOTFOUND)
		return 0;
	if (err < 0)
		return oreg_error(OREG_EINVALID, "git configuration '%s' is not a number", name);
	*out = (long long)v;
	return 0;
}

int oreg_repo_config_multi(int (*fn)(const char *value, void *payload), struct oreg_repo *r, const char *name,
	void *payload)
{
	git_config *cfg = NULL;
	git_config_iterator *it = NULL;
	git_config_entry *e;
	int err;

	if ((err = config_snapshot(&cfg, r)) < 0)
		return err;
	if ((err = git_config_multivar_iterator_new(&it, cfg, name, NULL)) < 0) {
		err = oreg_git_fail(err, name);
		goto done;
	}
	while ((err = git_config_next(&e, it)) == 0)
		if ((err = fn(e->value ? e->value : "", payload)) != 0)
			goto done;
	err = err == GIT_ITEROVER ? 0 : oreg_git_fail(err, name);
done:
	git_config_iterator_free(it);
	git_config_free(cfg);
	return err;
}

/* Open the repository's own configuration file, never the user's or the system's. */
static int config_local(git_config **cfg, git_config **local, struct oreg_repo *r)
{
	*cfg = *local = NULL;
	if (git_repository_config(cfg, r->repo) < 0 || git_config_open_level(local, *cfg, GIT_CONFIG_LEVEL_LOCAL) < 0)
		return oreg_git_fail(-1, "cannot open the repository's configuration");
	return 0;
}

int oreg_repo_config_edit(struct oreg_repo *r, const char *name, const char *value, int add)
{
	git_config *cfg, *local;
	int err = config_local(&cfg, &local, r);

	if (err == 0) {
		if (!value)
			err = git_config_delete_entry(local, name);
		else if (add)
			err = git_config_set_multivar(local, name, "^$", value); /* matches no value: one more */
		else
			err = git_config_set_string(local, name, value);
		if (err == GIT_ENOTFOUND && !value)
			err = 0;
		if (err < 0)
			err = oreg_git_fail(err, name);
	}
	git_config_free(local);
	git_config_free(cfg);
	return err;
}

int oreg_repo_config_set_bool(struct oreg_repo *r, const char *name, int value)
{
	git_config *cfg = NULL, *local = NULL;
	int err;

	/* the repository's own file, never the user's or the system's */
	if ((err = git_repository_config(&cfg, r->repo)) < 0 ||
		(err = git_config_open_level(&local, cfg, GIT_CONFIG_LEVEL_LOCAL)) < 0 ||
		(err = git_config_set_bool(local, name, value)) < 0)
		err = oreg_git_fail(err, name);
	git_config_free(local);
	git_config_free(cfg);
	return err;
}

int oreg_repo_hooks_path(char **out, int *configured, struct oreg_repo *r)
{
	git_config *cfg = NULL;
	git_buf path = { 0 };
	struct oreg_buf b = OREG_BUF_INIT;
	int err;

	*out = NULL;
	*configured = 0;
	if ((err = config_snapshot(&cfg, r)) < 0)
		return err;
	/* git_config_get_path expands a leading ~/ as git does */
	err = git_config_get_path(&path, cfg, "core.hooksPath");
	git_config_free(cfg);
	if (err == GIT_ENOTFOUND || (err == 0 && !path.ptr[0])) {
		git_buf_dispose(&path);
		return oreg_repo_hooks_dir(out, r);
	}
	if (err < 0)
		return oreg_git_fail(err, "core.hooksPath");
	*configured = 1;
	/* a relative core.hooksPath is relative to where git runs hooks: the top of the working tree, or a bare git dir */
	if (path.ptr[0] != '/') {
		const char *base = git_repository_workdir(r->repo);

		oreg_buf_adds(&b, base ? base : git_repository_path(r->repo));
		if (b.len && b.ptr[b.len - 1] != '/')
			oreg_buf_addch(&b, '/');
	}
	oreg_buf_adds(&b, path.ptr);
	git_buf_dispose(&path);
	if ((err = oreg_buf_error(&b)) < 0) {
		oreg_buf_release(&b);
		return err;
	}
	*out = oreg_buf_detach(&b, NULL);
	return *out ? 0 : OREG_ENOMEM;
}

int oreg_repo_changed_outside(char **out, struct oreg_repo *r, const char *commit, const char *parent,
	const char *folder)
{
	git_commit *a = NULL, *b = NULL;
	struct oreg_tree ta = { 0 }, tb = { 0 };
	size_t i, j;
	int err;

	*out = NULL;
	if ((err = oreg_git_lookup_commit(&a, r, commit)) < 0 || (err = oreg_git_lookup_commit(&b, r, parent)) < 0)
		goto done;
	/* verified trees: a top folder holding "schemas" twice must not hide a change */
	if ((err = oreg_tree_read(&ta, r, git_commit_tree_id(a)->id)) < 0 ||
		(err = oreg_tree_read(&tb, r, git_commit_tree_id(b)->id)) < 0)
		goto done;
	/* both in git's order: walk them side by side */
	for (i = j = 0; (i < ta.count || j < tb.count) && !*out;) {
		const struct oreg_tree_entry *ea = i < ta.count ? &ta.items[i] : NULL;
		const struct oreg_tree_entry *eb = j < tb.count ? &tb.items[j] : NULL;
		int c = !ea ? 1 : !eb ? -1 : oreg_tree_name_cmp(ea->name, ea->len, ea->is_tree, eb->name, eb->len, eb->is_tree);
		const struct oreg_tree_entry *e = c <= 0 ? ea : eb;

		if (c == 0 && !memcmp(ea->id, eb->id, 20) && ea->git_mode == eb->git_mode)
			e = NULL;
		if (e && (e->len != strlen(folder) || memcmp(e->name, folder, e->len)) &&
			!(*out = oreg_strndup(e->name, e->len)))
			err = OREG_ENOMEM;
		i += c <= 0;
		j += c >= 0;
	}
done:
	oreg_tree_release(&ta);
	oreg_tree_release(&tb);
	git_commit_free(a);
	git_commit_free(b);
	return err;
}
